package debt

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/project"
)

// A Report is a project's flag debt on one day. Its JSON form is what
// `flagsweep report --json` prints: a contract for scripts and dashboards.
type Report struct {
	// Repository names the repository (its top-level directory's name, or
	// the project directory's outside git); Path is the project's
	// directory inside it, empty at the top.
	Repository string `json:"repository"`
	Path       string `json:"path,omitempty"`
	// Date is the day the verdicts are for (YYYY-MM-DD).
	Date string `json:"date"`
	// Milestone is the current milestone and MilestoneFrom where it came
	// from; both empty for a project without one.
	Milestone     string `json:"milestone,omitempty"`
	MilestoneFrom string `json:"milestone_from,omitempty"`

	// Flags counts every flag, Ready those ready for removal, Overdue
	// those older than their type's maximum age.
	Flags   int `json:"flags"`
	Ready   int `json:"ready"`
	Overdue int `json:"overdue"`
	// Verdicts counts flags by verdict; every verdict is present.
	Verdicts map[lifecycle.Verdict]int `json:"verdicts"`
	// AgeBuckets names the age ranges Group.Ages counts, in milestones.
	AgeBuckets []string `json:"age_buckets"`
	// Groups are the owning groups, most flags first.
	Groups []Group `json:"groups"`
	// ReadyFlags are the flags ready for removal, oldest first.
	ReadyFlags []Flag `json:"ready_flags"`
	// OverdueFlags are the flags past their type's maximum age that are
	// not ready for removal (stale, or blocked), oldest first: the debt
	// that needs a decision rather than a codemod.
	OverdueFlags []Flag `json:"overdue_flags"`
	// History is the debt month by month; nil when not computed.
	History *History `json:"history"`

	// Version is flagsweep's version, for the page's footer.
	Version string `json:"-"`
}

// A Group is one owning group's share of the flags.
type Group struct {
	// Name is the group without GitLab's "group::" prefix; a flag with
	// no group but owners counts under "@owner, @other", one with
	// neither under NoGroup.
	Name  string `json:"name"`
	Flags int    `json:"flags"`
	// Ages counts the group's flags by age, one number per AgeBuckets.
	Ages     []int                     `json:"ages"`
	Verdicts map[lifecycle.Verdict]int `json:"verdicts"`
	Ready    int                       `json:"ready"`
	Overdue  int                       `json:"overdue"`
}

// NoGroup is the group of flags that name neither a group nor owners.
const NoGroup = "(no group)"

// A Flag is one flag in a list of the report.
type Flag struct {
	Name   string   `json:"name"`
	Type   string   `json:"type"`
	Group  string   `json:"group"`
	Owners []string `json:"owners"`
	// Milestone is empty, and Age null, when the flag's age is unknown
	// (declared in Go without a version).
	Milestone string `json:"milestone"`
	Age       *int   `json:"age"`
	// MaxAge is the type's maximum age in milestones; 0 for none.
	MaxAge  int               `json:"max_age"`
	Verdict lifecycle.Verdict `json:"verdict"`
	Reason  string            `json:"reason"`
	// Value is the final value of a flag ready for removal, else null.
	Value           *bool  `json:"value"`
	RolloutIssueURL string `json:"rollout_issue_url,omitempty"`
	File            string `json:"file"`
}

// Verdicts lists the verdicts in the order the report shows them: what
// is done first (the debt to pay), then what waits, then what is young.
var Verdicts = []lifecycle.Verdict{lifecycle.RolledOut, lifecycle.Dead, lifecycle.Stale, lifecycle.Blocked, lifecycle.Active}

// AgeBuckets are the age ranges, in milestones, the report groups flags
// by. The edges follow the lifecycle table: the youngest bucket is within
// every type's maximum age (gitlab_com_derisk may live 2), the next ends
// where beta and experiment flags go stale (6), the third where ops flags
// are due a re-check and dead flags become removable (12). Flags declared
// in Go without a version have an unknown age.
var AgeBuckets = []string{"0-2", "3-5", "6-11", "12+", "unknown"}

// ageBucket returns the index in AgeBuckets of an age. A flag introduced
// in a milestone still ahead (a negative age) is among the youngest.
func ageBucket(age int, unknown bool) int {
	switch {
	case unknown:
		return 4
	case age <= 2:
		return 0
	case age <= 5:
		return 1
	case age <= 11:
		return 2
	}
	return 3
}

// Build computes the report of an opened project, from the verdicts it
// holds. The repository name is the project directory's; the caller sets
// it from git when there is a repository.
func Build(p *project.Project) *Report {
	r := &Report{
		Repository: baseName(p.Root),
		Date:       p.Today.Format(time.DateOnly),
		Verdicts:   make(map[lifecycle.Verdict]int),
		AgeBuckets: AgeBuckets,
		Groups:     []Group{},
	}
	if !p.Current.IsZero() {
		r.Milestone, r.MilestoneFrom = p.Current.String(), p.CurrentFrom
	}
	for _, v := range Verdicts {
		r.Verdicts[v] = 0
	}
	groups := make(map[string]*Group)
	for _, f := range p.Flags {
		r.Flags++
		r.Verdicts[f.Eval.Verdict]++
		name := groupOf(f)
		g := groups[name]
		if g == nil {
			g = &Group{Name: name, Ages: make([]int, len(AgeBuckets)), Verdicts: make(map[lifecycle.Verdict]int)}
			for _, v := range Verdicts {
				g.Verdicts[v] = 0
			}
			groups[name] = g
		}
		g.Flags++
		g.Ages[ageBucket(f.Age, f.NoMilestone)]++
		g.Verdicts[f.Eval.Verdict]++
		if f.Eval.Ready {
			r.Ready++
			g.Ready++
			r.ReadyFlags = append(r.ReadyFlags, flagOf(f))
		}
		if f.Eval.Overdue {
			r.Overdue++
			g.Overdue++
			if !f.Eval.Ready {
				r.OverdueFlags = append(r.OverdueFlags, flagOf(f))
			}
		}
	}
	for _, g := range groups {
		r.Groups = append(r.Groups, *g)
	}
	sort.Slice(r.Groups, func(i, j int) bool {
		a, b := r.Groups[i], r.Groups[j]
		if a.Flags != b.Flags {
			return a.Flags > b.Flags
		}
		return a.Name < b.Name
	})
	sortOldestFirst(r.ReadyFlags)
	sortOldestFirst(r.OverdueFlags)
	if r.ReadyFlags == nil {
		r.ReadyFlags = []Flag{}
	}
	if r.OverdueFlags == nil {
		r.OverdueFlags = []Flag{}
	}
	return r
}

// groupOf names the group a flag counts under: its group, else its owners
// (Kubernetes' `// owner:` comments), else NoGroup.
func groupOf(f *project.Flag) string {
	if g := f.GroupName(); g != "" {
		return g
	}
	if len(f.Owners) > 0 {
		return "@" + strings.Join(f.Owners, ", @")
	}
	return NoGroup
}

func flagOf(f *project.Flag) Flag {
	out := Flag{
		Name:            f.Name,
		Type:            f.Type,
		Group:           groupOf(f),
		Owners:          f.Owners,
		MaxAge:          f.Policy.MaxAge,
		Verdict:         f.Eval.Verdict,
		Reason:          f.Eval.Reason,
		RolloutIssueURL: f.RolloutIssueURL,
		File:            f.File,
	}
	if out.Owners == nil {
		out.Owners = []string{}
	}
	if !f.NoMilestone {
		age := f.Age
		out.Milestone, out.Age = f.Milestone.String(), &age
	}
	if f.Eval.Ready {
		v := f.Eval.Value
		out.Value = &v
	}
	return out
}

// sortOldestFirst puts the oldest flags first (unknown ages last): the
// longer a flag has lingered, the more code has grown around it.
func sortOldestFirst(flags []Flag) {
	sort.SliceStable(flags, func(i, j int) bool {
		a, b := flags[i], flags[j]
		switch {
		case a.Age == nil || b.Age == nil:
			if (a.Age == nil) != (b.Age == nil) {
				return b.Age == nil
			}
		case *a.Age != *b.Age:
			return *a.Age > *b.Age
		}
		return a.Name < b.Name
	})
}

func baseName(dir string) string {
	dir = strings.TrimRight(strings.ReplaceAll(dir, "\\", "/"), "/")
	if i := strings.LastIndex(dir, "/"); i >= 0 {
		return dir[i+1:]
	}
	return dir
}

// Summary returns the report's counts in one line, like list's:
// "14 flags: 4 ready for removal, 4 rolled-out, 1 dead, …; 3 past their
// type's maximum age".
func (r *Report) Summary() string {
	parts := []string{fmt.Sprintf("%d ready for removal", r.Ready)}
	for _, v := range Verdicts {
		if n := r.Verdicts[v]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, v))
		}
	}
	return fmt.Sprintf("%s: %s; %d past their type's maximum age", plural(r.Flags, "flag"), strings.Join(parts, ", "), r.Overdue)
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
