// Package lifecycle holds the rules of a feature flag's life: milestones and
// the distance between them, the per-type policy table, and the verdict
// (active, stale, rolled-out, dead, blocked) that says whether a flag is
// ready to be removed.
//
// The package is pure logic: it reads no files and knows nothing of YAML or
// Go source, so every rule can be table-tested in isolation.
package lifecycle

import (
	"fmt"
	"strconv"
	"strings"
)

// A Milestone is a release number MAJOR.MINOR, such as 17.9.
type Milestone struct {
	Major, Minor int
}

// String returns the milestone as MAJOR.MINOR.
func (m Milestone) String() string { return fmt.Sprintf("%d.%d", m.Major, m.Minor) }

// IsZero reports whether m is the zero milestone, used for "not set".
func (m Milestone) IsZero() bool { return m == Milestone{} }

// Compare returns -1, 0 or +1 as m is before, equal to or after o.
func (m Milestone) Compare(o Milestone) int {
	switch {
	case m.Major != o.Major:
		return sign(m.Major - o.Major)
	default:
		return sign(m.Minor - o.Minor)
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// maxComponent bounds each number so that distances cannot overflow and a
// typo such as 170000.9 is rejected rather than silently accepted.
const maxComponent = 100000

// ParseMilestone parses a definition's milestone, which must be exactly
// MAJOR.MINOR (GitLab writes '17.9'). Anything else — 17, 17.x, 17.9.1,
// v17.9 — is an error that says what is expected.
func ParseMilestone(s string) (Milestone, error) {
	major, minor, ok := strings.Cut(s, ".")
	if !ok {
		return Milestone{}, fmt.Errorf("milestone %q is not MAJOR.MINOR (like \"17.9\")", s)
	}
	ma, err1 := parseComponent(major)
	mi, err2 := parseComponent(minor)
	if err1 != nil || err2 != nil {
		return Milestone{}, fmt.Errorf("milestone %q is not MAJOR.MINOR (like \"17.9\")", s)
	}
	return Milestone{ma, mi}, nil
}

// parseComponent accepts a decimal number of at most six digits, without sign
// or spaces (strconv.Atoi alone would accept "+1").
func parseComponent(s string) (int, error) {
	if s == "" || len(s) > 6 {
		return 0, fmt.Errorf("bad number %q", s)
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("bad number %q", s)
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil || n > maxComponent {
		return 0, fmt.Errorf("bad number %q", s)
	}
	return n, nil
}

// ParseVersion reads a milestone out of a release version as found in a
// VERSION file or a Go registry: "17.9.0-pre" → 17.9, "v16.4.0" → 16.4,
// "0.19" → 0.19. Surrounding white space is ignored.
func ParseVersion(s string) (Milestone, error) {
	v := strings.TrimSpace(s)
	v = strings.TrimPrefix(v, "v")
	// Drop a pre-release or build suffix: 17.9.0-pre, 17.9.0+ee.
	if i := strings.IndexAny(v, "-+ "); i >= 0 {
		v = v[:i]
	}
	parts := strings.Split(v, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Milestone{}, fmt.Errorf("version %q is not MAJOR.MINOR[.PATCH] (like \"17.9.0\")", strings.TrimSpace(s))
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := parseComponent(p)
		if err != nil {
			return Milestone{}, fmt.Errorf("version %q is not MAJOR.MINOR[.PATCH] (like \"17.9.0\")", strings.TrimSpace(s))
		}
		nums[i] = n
	}
	return Milestone{nums[0], nums[1]}, nil
}

// A Scheme says how many milestones lie across a major version bump.
type Scheme int

const (
	// GitLab numbers twelve monthly milestones per major: x.0 … x.11, then
	// (x+1).0. So 16.11 → 17.0 is one milestone, and a minor above 11 (GitLab
	// once shipped 13.12) simply ends its major.
	GitLab Scheme = iota
	// Semver projects (Kubernetes' 0.19 → 0.20, Grafana's 9.5 → 10.0) have no
	// fixed count of minors per major: each major bump counts as one milestone,
	// then the new major's minors count one each.
	Semver
)

// ParseScheme parses the `milestones:` configuration value.
func ParseScheme(s string) (Scheme, error) {
	switch s {
	case "", "gitlab":
		return GitLab, nil
	case "semver":
		return Semver, nil
	}
	return 0, fmt.Errorf("unknown milestone scheme %q: use gitlab or semver", s)
}

// String returns the configuration spelling of the scheme.
func (s Scheme) String() string {
	if s == Semver {
		return "semver"
	}
	return "gitlab"
}

// milestonesPerMajor is GitLab's release cadence: x.0 to x.11.
const milestonesPerMajor = 12

// Distance returns the number of milestones from `from` to `to`: how old a
// flag introduced in `from` is when the current milestone is `to`. It is
// negative when `from` lies in the future.
func (s Scheme) Distance(from, to Milestone) int {
	if from.Compare(to) > 0 {
		return -s.Distance(to, from)
	}
	if from.Major == to.Major {
		return to.Minor - from.Minor
	}
	switch s {
	case Semver:
		// One for each major bump, then the minors of the last major.
		return (to.Major - from.Major) + to.Minor
	default:
		// The rest of from's major (none if it already ran past x.11),
		// one step into the next major, twelve for every full major
		// between, then the minors of the last.
		rest := max(milestonesPerMajor-1-from.Minor, 0)
		return rest + 1 + milestonesPerMajor*(to.Major-from.Major-1) + to.Minor
	}
}
