package debt

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/flagsweep/flagsweep/lifecycle"
)

// The page's template: its CSS is inline and it has no script, so the
// file is the whole report (see the package comment).
//
//go:embed page.html.tmpl
var pageSource string

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"f1":    func(v float64) string { return fmt.Sprintf("%.1f", v) },
	"short": short,
}).Parse(pageSource))

// WriteHTML writes the report as one self-contained HTML page.
func WriteHTML(w io.Writer, r *Report) error {
	return pageTemplate.Execute(w, newPage(r))
}

// HTML returns the report as one self-contained HTML page.
func HTML(r *Report) ([]byte, error) {
	var b bytes.Buffer
	if err := WriteHTML(&b, r); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// page is what the template draws: the report, with its words and
// geometry worked out.
type page struct {
	R            *Report
	Title        string
	Where        string
	Date         string
	Milestone    string
	Cards        []card
	VerdictCards []card
	Groups       groupChart
	GroupRows    []Group
	History      *History
	Trend        trendChart
	HistoryNote  string
	HistoryCost  string
	Ready        []flagRow
	Overdue      []flagRow
}

type card struct {
	Label, Value, Note, Class string
}

type flagRow struct {
	Flag
	Age, MaxAge string
	Value       string
	Issue       string // the rollout issue's link text; "" for no link
}

// verdictWords says what each verdict means, on its card.
var verdictWords = map[lifecycle.Verdict]string{
	lifecycle.RolledOut: "on for everyone",
	lifecycle.Dead:      "off for everyone, past its age",
	lifecycle.Stale:     "past its age, not settled",
	lifecycle.Blocked:   "settled; removal waits on a person",
	lifecycle.Active:    "within its age",
}

func newPage(r *Report) *page {
	p := &page{R: r, Title: r.Repository, Where: r.Path, History: r.History}
	if t, err := time.Parse(time.DateOnly, r.Date); err == nil {
		p.Date = t.Format("2 January 2006")
	}
	if r.Milestone != "" {
		p.Milestone = "milestone " + r.Milestone
		if r.MilestoneFrom != "" {
			p.Milestone += " (from " + r.MilestoneFrom + ")"
		}
	}
	on, off := 0, 0
	for _, f := range r.ReadyFlags {
		if f.Value != nil && *f.Value {
			on++
		} else {
			off++
		}
	}
	readyNote := "nothing to remove today"
	if r.Ready > 0 {
		readyNote = fmt.Sprintf("%d to keep on, %d to keep off", on, off)
	}
	p.Cards = []card{
		{Label: "Flags", Value: fmt.Sprint(r.Flags), Note: fmt.Sprintf("in %s", plural(len(r.Groups), "group")), Class: "total"},
		{Label: "Ready for removal", Value: fmt.Sprint(r.Ready), Note: readyNote, Class: "ready"},
		{Label: "Past their maximum age", Value: fmt.Sprint(r.Overdue), Note: fmt.Sprintf("%d of them not ready for removal", len(r.OverdueFlags)), Class: "overdue"},
	}
	for _, v := range Verdicts {
		p.VerdictCards = append(p.VerdictCards, card{Label: string(v), Value: fmt.Sprint(r.Verdicts[v]), Note: verdictWords[v], Class: "v-" + string(v)})
	}
	p.Groups = layoutGroups(r.Groups)
	p.GroupRows = r.Groups
	if h := r.History; h != nil {
		p.Trend = layoutTrend(h)
		p.HistoryNote = h.Note
		if h.Available {
			p.HistoryCost = fmt.Sprintf("%s read in %.1f s", plural(h.Reads, "distinct tree"), h.Elapsed.Seconds())
		}
	}
	for _, f := range r.ReadyFlags {
		p.Ready = append(p.Ready, rowOf(f))
	}
	for _, f := range r.OverdueFlags {
		p.Overdue = append(p.Overdue, rowOf(f))
	}
	return p
}

func rowOf(f Flag) flagRow {
	row := flagRow{Flag: f, Age: "unknown"}
	if f.Age != nil {
		row.Age = plural(*f.Age, "milestone")
	}
	if f.MaxAge > 0 {
		row.MaxAge = fmt.Sprintf("max %d", f.MaxAge)
	}
	if f.Value != nil {
		row.Value = onOff(*f.Value)
	}
	row.Issue = issueText(f.RolloutIssueURL)
	return row
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

var issueNumber = regexp.MustCompile(`/issues/(\d+)/?$`)

// issueText is the link text of a rollout issue: "#123" for an issue
// URL, the host and path otherwise; "" for no link (no URL, or one that
// is not http(s) and so is shown as text).
func issueText(raw string) string {
	u, err := url.Parse(raw)
	if raw == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	if m := issueNumber.FindStringSubmatch(u.Path); m != nil {
		return "#" + m[1]
	}
	return strings.TrimSuffix(u.Host+u.Path, "/")
}
