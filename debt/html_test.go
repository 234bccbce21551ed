package debt

import (
	"regexp"
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/lifecycle"
)

func intp(n int) *int { return &n }

// testReport is a report with every section filled, and hostile text
// where a definition's text lands on the page.
func testReport(t *testing.T) *Report {
	r := Build(testProject(t, []testFlag{
		{name: "one_click", typ: "beta", group: "group::checkout", age: 6, on: true, issue: "https://gitlab.example.com/shop/-/issues/3"},
		{name: "old_pdf", typ: "beta", group: "group::<script>alert(1)</script>", age: 15, state: lifecycle.Off, issue: "javascript:alert(1)"},
		{name: "express", typ: "development", group: "group::fulfillment", age: 18, on: true, issue: "http://gitlab.example.com/shop/-/merge_requests/9"},
		{name: "sidebar", typ: "experiment", group: "group::growth", age: 8, state: lifecycle.Conditional, issue: "https://gitlab.example.com/shop/-/issues/4"},
		{name: "fresh", typ: "wip", group: "group::checkout", age: 1},
	}))
	r.Version = "v1.2.3"
	r.History = &History{Since: "6mo", Available: true, Reads: 3, Months: []Month{
		{Month: "2026-06", Date: "2026-06-30", Note: "before the repository's first commit"},
		{Month: "2026-07", Date: "2026-07-31", Commit: "0123456789abcdef", Milestone: "19.2", Flags: intp(3), Overdue: intp(1)},
		{Month: "2026-08", Date: "2026-08-31", Commit: "0123456789abcdef", Milestone: "19.3", Flags: intp(4), Overdue: intp(1)},
		{Month: "2026-09", Date: "2026-09-30", Commit: "1123456789abcdef", Note: "the flags could not be read: x"},
		{Month: "2026-10", Date: "2026-10-31", Commit: "2123456789abcdef", Milestone: "19.5", Estimated: true, Flags: intp(6), Overdue: intp(2)},
		{Month: "2026-11", Date: "2026-11-21", Commit: "3123456789abcdef", Milestone: "19.6", Flags: intp(5), Overdue: intp(3)},
	}}
	return r
}

// The page is one file that opens with no network: nothing it loads
// comes from elsewhere, and the only links out are the rollout issues.
func TestHTMLSelfContained(t *testing.T) {
	r := testReport(t)
	page, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	allowed := map[string]bool{
		"https://gitlab.example.com/shop/-/issues/3":        true,
		"http://gitlab.example.com/shop/-/merge_requests/9": true,
		"https://gitlab.example.com/shop/-/issues/4":        true,
	}
	attr := regexp.MustCompile(`(?i)\b(src|href|xlink:href|action|srcset|poster|data)\s*=\s*"([^"]*)"`)
	links := 0
	for _, m := range attr.FindAllStringSubmatch(s, -1) {
		name, value := strings.ToLower(m[1]), m[2]
		if name != "href" || !allowed[value] {
			t.Errorf("%s=%q: the page may refer to nothing but rollout issues", name, value)
		}
		links++
	}
	if links != 3 { // one_click's and express's (ready), sidebar's (overdue)
		t.Errorf("%d links, want 3", links)
	}
	for _, bad := range []string{
		"<script", "@import", "@font-face", "<link", "<iframe", "<img", "<object", "<embed",
		"url(http", "url(//", "//fonts.",
	} {
		if strings.Contains(strings.ToLower(s), bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	// Every http(s) URL in the page is a rollout issue.
	for _, u := range regexp.MustCompile(`https?://[^\s"'<>)]+`).FindAllString(s, -1) {
		if !allowed[u] {
			t.Errorf("the page names %s", u)
		}
	}
	// The hostile group name is text, escaped.
	if !strings.Contains(s, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the group name is not escaped")
	}
	// A rollout issue that is not http(s) is not a link.
	if strings.Contains(s, `href="javascript`) || strings.Contains(s, "ZgotmplZ") {
		t.Error("a javascript: issue URL became a link")
	}
}

func TestHTMLCharts(t *testing.T) {
	page, err := HTML(testReport(t))
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{
		`<svg class="chart" id="group-chart"`,
		`<title id="group-chart-title">Flags by owning group and age</title>`,
		`<svg class="chart" id="trend-chart"`,
		`<title id="trend-chart-title">Debt over time</title>`,
		// Values as text, not colour alone; tooltips on the marks.
		`<title>checkout: 2 flags</title>`,
		`<title>checkout: 1 flag 0–2 milestones old</title>`,
		`<title>2026-10: 6 flags (commit 2123456789, milestone 19.5 estimated)</title>`,
		// The ready list: the issue as a link, the final value as a word.
		`<a href="https://gitlab.example.com/shop/-/issues/3">#3</a>`,
		`<a href="http://gitlab.example.com/shop/-/merge_requests/9">gitlab.example.com/shop/-/merge_requests/9</a>`,
		`<span class="badge on">on</span>`,
		`<span class="badge off">off</span>`,
		// The header.
		`<h1>shop</h1>`,
		`21 November 2026`,
		`milestone 19.6 (from VERSION)`,
		`flagsweep v1.2.3`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	// One bar row per group; a mark per month with data in each series;
	// a line broken where a month has none (two runs: Jul–Aug, Oct–Nov).
	if n := strings.Count(s, `<g class="row">`); n != 4 {
		t.Errorf("%d bar rows, want 4 groups", n)
	}
	if n := strings.Count(s, `<circle class="dot" `); n != 4 {
		t.Errorf("%d flag marks, want 4", n)
	}
	if n := strings.Count(s, `<rect class="dot" `); n != 4 {
		t.Errorf("%d past-max-age marks, want 4", n)
	}
	if n := strings.Count(s, `<path class="line" d="M`); n != 4 {
		t.Errorf("%d line runs, want 2 per series", n)
	}
	if n := strings.Count(s, `<rect class="gap"`); n != 2 {
		t.Errorf("%d no-data bands, want 2", n)
	}
}

func TestHTMLWithoutFlagsOrHistory(t *testing.T) {
	r := Build(testProject(t, nil))
	r.History = &History{Since: "12mo", Note: "not a git repository: no history"}
	page, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{"No flags.", "No history: not a git repository: no history.", "No flag is ready for removal."} {
		if !strings.Contains(s, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(s, `id="trend-chart"`) || strings.Contains(s, `id="group-chart"`) {
		t.Error("a chart without data")
	}
}

func TestNiceScale(t *testing.T) {
	for _, tc := range []struct{ n, max, step int }{
		{0, 1, 1}, {1, 1, 1}, {3, 3, 1}, {6, 6, 1}, {7, 8, 2}, {14, 15, 5}, {40, 40, 10}, {41, 50, 10}, {1234, 1250, 250},
	} {
		if m, s := niceScale(tc.n); m != tc.max || s != tc.step {
			t.Errorf("niceScale(%d) = %d, %d; want %d, %d", tc.n, m, s, tc.max, tc.step)
		}
	}
}

func TestIssueText(t *testing.T) {
	for in, want := range map[string]string{
		"https://gitlab.com/gitlab-org/gitlab/-/issues/26679": "#26679",
		"https://github.com/o/r/issues/12/":                   "#12",
		"https://gitlab.com/g/p/-/merge_requests/5":           "gitlab.com/g/p/-/merge_requests/5",
		"javascript:alert(1)":                                 "",
		"gitlab.com/x/issues/1":                               "",
		"":                                                    "",
	} {
		if got := issueText(in); got != want {
			t.Errorf("issueText(%q) = %q, want %q", in, got, want)
		}
	}
}
