package debt

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/project"
)

func TestParseSince(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		err  string
	}{
		{in: "12mo", want: 12},
		{in: "6mo", want: 6},
		{in: "1mo", want: 1},
		{in: "2y", want: 24},
		{in: "10y", want: 120},
		{in: "11y", err: `--since 11y is longer than 120 months`},
		{in: "0mo", err: `--since "0mo" is not a period like 12mo, 6mo or 2y`},
		{in: "12", err: `--since "12" is not a period like 12mo, 6mo or 2y`},
		{in: "12m", err: `--since "12m" is not a period like 12mo, 6mo or 2y`},
		{in: "mo", err: `--since "mo" is not a period like 12mo, 6mo or 2y`},
		{in: "-1y", err: `--since "-1y" is not a period like 12mo, 6mo or 2y`},
		{in: "", err: `--since "" is not a period like 12mo, 6mo or 2y`},
	} {
		got, err := ParseSince(tc.in)
		switch {
		case tc.err != "":
			if err == nil || err.Error() != tc.err {
				t.Errorf("ParseSince(%q) = %d, %v; want error %q", tc.in, got, err, tc.err)
			}
		case err != nil || got != tc.want:
			t.Errorf("ParseSince(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestMonthSpans(t *testing.T) {
	today := time.Date(2026, 2, 10, 15, 4, 5, 0, time.UTC)
	var got []string
	for _, s := range monthSpans(today, 4) {
		got = append(got, fmt.Sprintf("%s %s %s", s.month, s.date.Format(time.DateOnly), s.end.Format(time.DateTime)))
	}
	want := []string{
		// Across a year's end, through a short February, ending today.
		"2025-11 2025-11-30 2025-11-30 23:59:59",
		"2025-12 2025-12-31 2025-12-31 23:59:59",
		"2026-01 2026-01-31 2026-01-31 23:59:59",
		"2026-02 2026-02-10 2026-02-10 23:59:59",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("monthSpans =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// A 31st does not skip a month (time.AddDate normalisation).
	spans := monthSpans(time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), 2)
	if spans[0].month != "2026-02" || spans[0].date.Format(time.DateOnly) != "2026-02-28" {
		t.Errorf("the month before 2026-03-31 = %s ending %s", spans[0].month, spans[0].date.Format(time.DateOnly))
	}
}

func TestStepBack(t *testing.T) {
	m := func(major, minor int) lifecycle.Milestone { return lifecycle.Milestone{Major: major, Minor: minor} }
	for _, tc := range []struct {
		from   lifecycle.Milestone
		n      int
		scheme lifecycle.Scheme
		want   lifecycle.Milestone
	}{
		{m(19, 6), 0, lifecycle.GitLab, m(19, 6)},
		{m(19, 6), 6, lifecycle.GitLab, m(19, 0)},
		{m(19, 6), 7, lifecycle.GitLab, m(18, 11)},
		{m(19, 6), 11, lifecycle.GitLab, m(18, 7)},
		{m(0, 1), 5, lifecycle.GitLab, m(0, 0)},
		{m(1, 2), 3, lifecycle.Semver, m(0, 0)},
		{m(1, 2), 4, lifecycle.Semver, m(0, 0)},
	} {
		got := stepBack(tc.from, tc.n, tc.scheme)
		if got != tc.want {
			t.Errorf("stepBack(%s, %d, %s) = %s, want %s", tc.from, tc.n, tc.scheme, got, tc.want)
		}
		// What the estimate is for: counted forward again, the steps
		// are the distance (GitLab's scheme, above zero).
		if tc.scheme == lifecycle.GitLab && got.Major > 0 {
			if d := tc.scheme.Distance(got, tc.from); d != tc.n {
				t.Errorf("Distance(%s, %s) = %d, want %d", got, tc.from, d, tc.n)
			}
		}
	}
}

func TestGlobBase(t *testing.T) {
	for pattern, want := range map[string]string{
		"config/feature_flags/*/*.yml": "config/feature_flags",
		"ee/config/feature_flags/**":   "ee/config/feature_flags",
		"flags/x.yml":                  "flags",
		"*.yml":                        "",
		"../x/*.yml":                   "",
	} {
		if got := globBase(pattern); got != want {
			t.Errorf("globBase(%q) = %q, want %q", pattern, got, want)
		}
	}
}

// testRepo is a git repository in a temporary directory whose commits
// carry the dates a test gives them.
type testRepo struct {
	t   *testing.T
	dir string
}

func newTestRepo(t *testing.T) *testRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	r := &testRepo{t: t, dir: t.TempDir()}
	r.git("", "init", "-q", "-b", "main")
	return r
}

func (r *testRepo) git(date string, args ...string) {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
		"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if date != "" {
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		r.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// commit writes files (a nil content removes the file) and commits them
// all at date.
func (r *testRepo) commit(date string, files map[string]*string) {
	r.t.Helper()
	for name, content := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(name))
		if content == nil {
			if err := os.Remove(p); err != nil {
				r.t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			r.t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(*content), 0o644); err != nil {
			r.t.Fatal(err)
		}
	}
	r.git("", "add", "-A")
	r.git(date, "commit", "-q", "--allow-empty", "-m", "change at "+date)
}

func text(s string) *string { return &s }

func definition(name, typ, milestone string) *string {
	return text(fmt.Sprintf("---\nname: %s\nmilestone: '%s'\ntype: %s\ngroup: group::g\ndefault_enabled: false\n", name, milestone, typ))
}

// open opens the repository's project as a command would, on today.
func (r *testRepo) open(today, milestone string) *project.Project {
	r.t.Helper()
	day, err := time.Parse(time.DateOnly, today)
	if err != nil {
		r.t.Fatal(err)
	}
	p, err := project.Open(context.Background(), project.Options{Dir: r.dir, Today: day, Milestone: milestone})
	if err != nil {
		r.t.Fatal(err)
	}
	return p
}

// points renders months as "2026-03 19.1 2/0" (flags/overdue), "-" for
// no point, and "~" after an estimated milestone.
func points(months []Month) []string {
	var out []string
	for _, m := range months {
		s := m.Month + " " + m.Milestone
		if m.Estimated {
			s += "~"
		}
		if m.HasPoint() {
			s += fmt.Sprintf(" %d/%d", *m.Flags, *m.Overdue)
		} else {
			s += " - " + m.Note
		}
		out = append(out, s)
	}
	return out
}

func TestHistory(t *testing.T) {
	r := newTestRepo(t)
	// No .flagsweep.yaml: the defaults, so every month with a commit
	// has a point.
	r.commit("2026-03-10T12:00:00Z", map[string]*string{
		"go.mod":                          text("module example.com/x\n\ngo 1.26\n"),
		"VERSION":                         text("19.1.0-pre\n"),
		"config/feature_flags/beta/a.yml": definition("a", "beta", "18.5"), // 19.1: 8 old > 6
	})
	// April has no commit: March's tree, read once.
	r.commit("2026-05-20T12:00:00Z", map[string]*string{
		"VERSION":                         text("19.3.0-pre\n"),
		"config/feature_flags/beta/a.yml": nil,
		"config/feature_flags/wip/b.yml":  definition("b", "wip", "19.3"),
		"config/feature_flags/wip/c.yml":  definition("c", "wip", "18.11"), // 19.3: 4 old, not > 4
	})
	// A change that is not about flags: the same inputs, read once.
	r.commit("2026-06-02T12:00:00Z", map[string]*string{"main.go": text("package main\n")})

	p := r.open("2026-06-15", "")
	h := ComputeHistory(context.Background(), p, HistoryOptions{Since: "5mo", Months: 5})
	if !h.Available || h.Note != "" || len(h.Warnings) > 0 {
		t.Fatalf("history: available %t, note %q, warnings %q", h.Available, h.Note, h.Warnings)
	}
	want := []string{
		"2026-02  - before the repository's first commit",
		"2026-03 19.1 1/1",
		"2026-04 19.1 1/1",
		"2026-05 19.3 2/0",
		"2026-06 19.3 2/0",
	}
	if got := points(h.Months); !reflect.DeepEqual(got, want) {
		t.Errorf("months =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if h.Reads != 2 {
		t.Errorf("read %d distinct trees, want 2 (March's and May's)", h.Reads)
	}
	if d := h.Months[2].Date; d != "2026-04-30" {
		t.Errorf("April is evaluated at %s, want its last day", d)
	}
	if d := h.Months[4].Date; d != "2026-06-15" {
		t.Errorf("June is evaluated at %s, want today", d)
	}
	if h.Months[1].Commit == "" || h.Months[1].Commit != h.Months[2].Commit {
		t.Errorf("March and April commits = %q, %q; want the same", h.Months[1].Commit, h.Months[2].Commit)
	}
}

// A tree that does not name the current milestone gets an estimate, one
// milestone a month back from today's; ages, and so what is past its
// type's maximum age, follow it month by month.
func TestHistoryEstimatedMilestone(t *testing.T) {
	r := newTestRepo(t)
	r.commit("2026-08-01T12:00:00Z", map[string]*string{
		".flagsweep.yaml":                 text("definitions: [flags/*/*.yml]\n"),
		"flags/beta/old.yml":              definition("old", "beta", "18.10"), // 19.4: 6 old; 19.5: 7 > 6
		"flags/gitlab_com_derisk/new.yml": definition("new", "gitlab_com_derisk", "19.3"),
	})
	p := r.open("2026-11-21", "19.6") // --milestone: no VERSION file
	h := ComputeHistory(context.Background(), p, HistoryOptions{Since: "4mo", Months: 4})
	want := []string{
		"2026-08 19.3~ 2/0",
		"2026-09 19.4~ 2/0",
		"2026-10 19.5~ 2/1",
		"2026-11 19.6~ 2/2", // new: 3 old > 2
	}
	if got := points(h.Months); !reflect.DeepEqual(got, want) {
		t.Errorf("months =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if h.Reads != 4 {
		t.Errorf("read %d trees, want 4: the milestone differs each month", h.Reads)
	}
}

// Months before .flagsweep.yaml existed are read with today's
// configuration (a team adopting flagsweep sees its earlier debt); a month whose
// definitions do not load has none either, says why in its note and in a
// warning that names the file as the repository does, and the others
// stand.
func TestHistoryConfigurationAndErrors(t *testing.T) {
	r := newTestRepo(t)
	r.commit("2026-01-05T12:00:00Z", map[string]*string{"VERSION": text("18.8\n")})
	r.commit("2026-02-05T12:00:00Z", map[string]*string{
		".flagsweep.yaml":                text("state: https://gitlab.example.com\n"),
		"config/feature_flags/ops/o.yml": definition("o", "ops", "17.0"), // 20 old > 12
	})
	r.commit("2026-03-05T12:00:00Z", map[string]*string{
		"config/feature_flags/beta/bad.yml": text("---\nname: bad\nmilestone: 'soon'\ntype: beta\ndefault_enabled: false\n"),
	})
	r.commit("2026-04-05T12:00:00Z", map[string]*string{"config/feature_flags/beta/bad.yml": nil})

	// The configured state source is a URL, which the history never
	// fetches (it reads no state); today's project reads a file instead.
	day := time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC)
	writeFile(t, filepath.Join(r.dir, "features.json"), "[]")
	p, err := project.Open(context.Background(), project.Options{Dir: r.dir, Today: day, State: filepath.Join(r.dir, "features.json")})
	if err != nil {
		t.Fatal(err)
	}
	h := ComputeHistory(context.Background(), p, HistoryOptions{Since: "4mo", Months: 4})
	got := points(h.Months)
	want := []string{
		"2026-01 18.8 0/0",
		"2026-02 18.8 1/1",
		"2026-03  - the flags could not be read: config/feature_flags/beta/bad.yml:3:12: ",
		"2026-04 18.8 1/1",
	}
	if len(got) != 4 || got[0] != want[0] || got[1] != want[1] || !strings.HasPrefix(got[2], want[2]) || got[3] != want[3] {
		t.Errorf("months =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i, m := range h.Months {
		if m.TodayConfig != (i == 0) {
			t.Errorf("%s: read with today's configuration = %t", m.Month, m.TodayConfig)
		}
	}
	if len(h.Warnings) != 1 || !strings.HasPrefix(h.Warnings[0], "history 2026-03 (commit ") ||
		!strings.Contains(h.Warnings[0], "): config/feature_flags/beta/bad.yml:3:12: ") {
		t.Errorf("warnings = %q", h.Warnings)
	}
	for _, w := range h.Warnings {
		if strings.Contains(w, os.TempDir()) {
			t.Errorf("a warning names the temporary directory: %s", w)
		}
	}
}

func TestHistoryNotARepository(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "VERSION"), "19.0\n")
	writeFile(t, filepath.Join(dir, "config/feature_flags/beta/a.yml"), *definition("a", "beta", "18.0"))
	writeFile(t, filepath.Join(dir, "go.mod"), "module x\n")
	p, err := project.Open(context.Background(), project.Options{Dir: dir, Today: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	h := ComputeHistory(context.Background(), p, HistoryOptions{Since: "3mo", Months: 3})
	if h.Available || h.Note != "not a git repository: no history" || len(h.Months) != 3 || h.Months[0].HasPoint() {
		t.Errorf("history outside git = %+v", h)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// For flags declared in Go, a month's tree is the declaring packages and
// what they import from the module, transitively, not the whole module.
func TestGoSelection(t *testing.T) {
	r := newTestRepo(t)
	r.commit("2026-01-05T12:00:00Z", map[string]*string{
		"go.mod": text("module example.com/app // the app\n\ngo 1.26\n"),
		"go.sum": text(""),
		".flagsweep.yaml": text("go_definitions:\n  - packages: [./internal/flags]\n" +
			"    constructor: example.com/app/internal/flags/base.New\n    args: {name: 0, milestone: 1, default: 2}\n"),
		"VERSION":                      text("19.0\n"),
		"internal/flags/flags.go":      text("package flags\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/app/internal/flags/base\"\n)\n\nvar X = base.New(\"x\", \"18.0\", false)\n\nvar _ = fmt.Sprint\n"),
		"internal/flags/flags_test.go": text("package flags\n\nimport _ \"example.com/app/internal/testonly\"\n"),
		"internal/flags/base/base.go":  text("// Package base is imported by the declarations.\npackage base\n\nimport \"example.com/app/internal/util\"\n\n// Flag is a flag.\ntype Flag struct{ Name string }\n\n// New declares one.\nfunc New(name, milestone string, on bool) Flag { return Flag{Name: util.Same(name)} }\n"),
		"internal/flags/base/README":   text("kept: a file of a package's directory\n"),
		"internal/util/util.go":        text("// Package util is imported transitively.\npackage util\n\n// Same returns s.\nfunc Same(s string) string { return s }\n"),
		"internal/util/sub/sub.go":     text("package sub\n"),
		"internal/testonly/t.go":       text("package testonly\n"),
		"cmd/app/main.go":              text("package main\n\nimport _ \"example.com/app/internal/flags\"\n\nfunc main() {}\n"),
		"docs/big.txt":                 text(strings.Repeat("unrelated\n", 1000)),
	})
	p := r.open("2026-01-20", "")
	rd, note := newReader(context.Background(), p, HistoryOptions{Months: 1})
	if rd == nil {
		t.Fatal(note)
	}
	defer rd.close()
	entries, err := rd.listTree(context.Background(), "HEAD")
	if err != nil {
		t.Fatal(err)
	}
	sel, ok := rd.goSelection(context.Background(), p.Config, entries)
	if !ok {
		t.Fatal("no selection")
	}
	var got []string
	for _, e := range sel {
		got = append(got, e.path)
	}
	want := []string{
		"go.mod", "go.sum",
		"internal/flags/flags.go", "internal/flags/flags_test.go",
		"internal/flags/base/README", "internal/flags/base/base.go",
		"internal/util/util.go",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("selection =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// And the history reads the flag from it.
	h := ComputeHistory(context.Background(), p, HistoryOptions{Since: "1mo", Months: 1})
	if got := points(h.Months); !reflect.DeepEqual(got, []string{"2026-01 19.0 1/1"}) || len(h.Warnings) > 0 {
		t.Errorf("months = %q, warnings %q", got, h.Warnings)
	}
}

func TestModulePath(t *testing.T) {
	for src, want := range map[string]string{
		"module example.com/app\n":                      "example.com/app",
		"// c\nmodule \"example.com/q\" // x\ngo 1.2\n": "example.com/q",
		"modulex y\n": "",
		"":            "",
	} {
		if got := modulePath([]byte(src)); got != want {
			t.Errorf("modulePath(%q) = %q, want %q", src, got, want)
		}
	}
}
