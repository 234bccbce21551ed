package debt

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// The charts are laid out here, in Go, as plain geometry the template
// draws: no chart library, no script, nothing fetched. Every mark has a
// <title> (a tooltip, and what a screen reader says) and its number
// written beside it, so no value is told by colour alone.

// ageColours shade the age buckets from light (young) to dark (old), so
// their order reads without the legend; unknown ages are grey.
var ageColours = []string{"#c7d2fe", "#818cf8", "#4f46e5", "#312e81", "#d1d5db"}

// ageInk says whether a number written on each age colour is dark or
// light (a class of the page's style).
var ageInk = []string{"dark", "dark", "light", "light", "dark"}

// A groupChart is the horizontal stacked bar chart of flags by owning
// group, each bar cut by age.
type groupChart struct {
	Width, Height int
	LabelX        int // right edge of the group names
	Legend        []legendItem
	Rows          []groupRow
	Ticks         []tick
	AxisY         int // where the axis line and tick labels go
	Top           int
	// Hidden counts the groups folded into the last row, "other groups".
	Hidden int
}

type legendItem struct {
	X          int
	Fill, Text string
}

type groupRow struct {
	Y, BarY, BarH int
	Name, Full    string
	Total         int
	TotalX        float64
	Segments      []segment
	Title         string
}

type segment struct {
	X, W        float64
	Fill, Ink   string
	Label       string // the count, when the segment is wide enough
	LabelX      float64
	Title       string
	BucketIndex int
}

type tick struct {
	Pos   float64
	Label string
}

// maxGroupRows is how many groups get a bar of their own; the rest share
// one, so that a monorepo's hundred groups still make a readable chart.
const maxGroupRows = 14

func ageLabel(i int) string {
	if AgeBuckets[i] == "unknown" {
		return "age unknown"
	}
	return strings.Replace(AgeBuckets[i], "-", "–", 1) + " milestones"
}

func layoutGroups(groups []Group) groupChart {
	const (
		width    = 960
		labelW   = 190
		barLeft  = labelW + 12
		barRight = width - 56
		rowH     = 34
		barH     = 22
		top      = 44
	)
	rows := groups
	var hidden int
	if len(rows) > maxGroupRows {
		other := Group{Ages: make([]int, len(AgeBuckets))}
		for _, g := range rows[maxGroupRows-1:] {
			other.Flags += g.Flags
			for i, n := range g.Ages {
				other.Ages[i] += n
			}
			hidden++
		}
		other.Name = fmt.Sprintf("%d other groups", hidden)
		rows = append(append([]Group(nil), rows[:maxGroupRows-1]...), other)
	}
	c := groupChart{Width: width, LabelX: labelW, Top: top, Hidden: hidden}
	// The legend: a swatch and its words for every bucket in use.
	used := make([]bool, len(AgeBuckets))
	for _, g := range rows {
		for i, n := range g.Ages {
			if n > 0 {
				used[i] = true
			}
		}
	}
	x := barLeft
	for i := range AgeBuckets {
		if !used[i] {
			continue
		}
		c.Legend = append(c.Legend, legendItem{X: x, Fill: ageColours[i], Text: ageLabel(i)})
		x += 20 + 7*len([]rune(ageLabel(i))) + 28
	}
	maxTotal := 0
	for _, g := range rows {
		maxTotal = max(maxTotal, g.Flags)
	}
	scaleMax, step := niceScale(maxTotal)
	scale := float64(barRight-barLeft) / float64(scaleMax)
	for v := 0; v <= scaleMax; v += step {
		c.Ticks = append(c.Ticks, tick{Pos: float64(barLeft) + float64(v)*scale, Label: fmt.Sprint(v)})
	}
	for i, g := range rows {
		y := top + i*rowH
		row := groupRow{
			Y: y, BarY: y + (rowH-barH)/2, BarH: barH,
			Name: truncate(g.Name, 26), Full: g.Name, Total: g.Flags,
			Title: fmt.Sprintf("%s: %s", g.Name, plural(g.Flags, "flag")),
		}
		pos := float64(barLeft)
		for b, n := range g.Ages {
			if n == 0 {
				continue
			}
			w := float64(n) * scale
			s := segment{
				X: pos, W: w, Fill: ageColours[b], Ink: ageInk[b], LabelX: pos + w/2, BucketIndex: b,
				Title: fmt.Sprintf("%s: %s %s", g.Name, plural(n, "flag"), strings.TrimPrefix(ageLabel(b), "age ")),
			}
			if b != 4 {
				s.Title += " old"
			}
			if w >= 18 {
				s.Label = fmt.Sprint(n)
			}
			row.Segments = append(row.Segments, s)
			pos += w
		}
		row.TotalX = pos + 8
		c.Rows = append(c.Rows, row)
	}
	c.AxisY = top + len(rows)*rowH + 6
	c.Height = c.AxisY + 26
	return c
}

// niceScale returns an axis maximum at or above n and a tick step that
// divides it into at most about six round steps.
func niceScale(n int) (maxV, step int) {
	if n <= 0 {
		return 1, 1
	}
	for _, s := range []int{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000} {
		if (n+s-1)/s <= 6 {
			return (n + s - 1) / s * s, s
		}
	}
	s := int(math.Pow(10, math.Ceil(math.Log10(float64(n)/6))))
	return (n + s - 1) / s * s, s
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// A trendChart is the line chart of the history: flags, and flags past
// their type's maximum age, at each month.
type trendChart struct {
	Width, Height       int
	Left, Right, Bottom int
	Top, PlotH          int
	Ticks               []tick
	Months              []monthTick
	Series              []series
	Gaps                []gap
	Points              int
	Keys                []key
}

// A key is one entry of a line chart's legend.
type key struct {
	X           int
	Class, Text string
}

type monthTick struct {
	X           float64
	Label, Year string
	Missing     bool
}

type series struct {
	Name, Class string
	Paths       []string
	Marks       []mark
	EndX, EndY  float64
	EndLabel    string
}

type mark struct {
	X, Y   float64
	Label  string // the value, written beside the mark
	LabelY float64
	Title  string
}

// A gap shades months without a point, so that the absence of a line
// there reads as "no data", not as a drop.
type gap struct {
	X, W  float64
	Label string
	Title string
}

func layoutTrend(h *History) trendChart {
	c := trendChart{Width: 960, Height: 350, Left: 56, Right: 960 - 150, Top: 48, Bottom: 350 - 52}
	c.Keys = []key{{X: c.Left, Class: "total", Text: "Flags"}, {X: c.Left + 110, Class: "overdue", Text: "Past their type's maximum age"}}
	c.PlotH = c.Bottom - c.Top
	n := len(h.Months)
	if n == 0 {
		return c
	}
	maxV := 0
	for _, m := range h.Months {
		if m.HasPoint() {
			c.Points++
			maxV = max(maxV, *m.Flags)
		}
	}
	scaleMax, step := niceScale(maxV)
	yOf := func(v int) float64 {
		return float64(c.Bottom) - float64(v)/float64(scaleMax)*float64(c.Bottom-c.Top)
	}
	for v := 0; v <= scaleMax; v += step {
		c.Ticks = append(c.Ticks, tick{Pos: yOf(v), Label: fmt.Sprint(v)})
	}
	slot := float64(c.Right-c.Left) / float64(n)
	xOf := func(i int) float64 { return float64(c.Left) + slot*(float64(i)+0.5) }
	for i, m := range h.Months {
		t, _ := time.Parse("2006-01", m.Month)
		mt := monthTick{X: xOf(i), Label: t.Format("Jan"), Missing: !m.HasPoint()}
		if i == 0 || t.Month() == time.January {
			mt.Year = t.Format("2006")
		}
		c.Months = append(c.Months, mt)
	}
	// Shade each run of months without a point.
	for i := 0; i < n; {
		if h.Months[i].HasPoint() {
			i++
			continue
		}
		j := i
		for j < n && !h.Months[j].HasPoint() {
			j++
		}
		g := gap{X: float64(c.Left) + slot*float64(i), W: slot * float64(j-i), Title: fmt.Sprintf("%s: no data", monthRange(h.Months[i].Month, h.Months[j-1].Month))}
		if note := h.Months[i].Note; note != "" {
			g.Title += " (" + note + ")"
		}
		if g.W >= 60 {
			g.Label = "no data"
		}
		c.Gaps = append(c.Gaps, g)
		i = j
	}
	label := n <= 13 // beyond a year, values only at the ends
	build := func(name, class string, value func(Month) int, above bool) series {
		s := series{Name: name, Class: class}
		var cur []string
		flush := func() {
			if len(cur) > 0 {
				s.Paths = append(s.Paths, strings.Join(cur, " "))
				cur = nil
			}
		}
		last := -1
		for i, m := range h.Months {
			if !m.HasPoint() {
				flush()
				continue
			}
			v := value(m)
			x, y := xOf(i), yOf(v)
			cmd := "L"
			if len(cur) == 0 {
				cmd = "M"
			}
			cur = append(cur, fmt.Sprintf("%s%.1f %.1f", cmd, x, y))
			mk := mark{X: x, Y: y, Title: fmt.Sprintf("%s: %d %s", m.Month, v, name)}
			if m.Commit != "" {
				mk.Title += fmt.Sprintf(" (commit %s", short(m.Commit))
				if m.Milestone != "" {
					mk.Title += ", milestone " + m.Milestone
					if m.Estimated {
						mk.Title += " estimated"
					}
				}
				mk.Title += ")"
			}
			if label {
				mk.Label = fmt.Sprint(v)
			}
			mk.LabelY = y - 10
			if !above && y+19 < float64(c.Bottom)-2 {
				mk.LabelY = y + 19
			}
			s.Marks = append(s.Marks, mk)
			last = i
		}
		flush()
		if last >= 0 {
			s.EndX, s.EndY = xOf(last)+14, yOf(value(h.Months[last]))+4
			s.EndLabel = fmt.Sprintf("%d %s", value(h.Months[last]), name)
			s.Marks[len(s.Marks)-1].Label = fmt.Sprint(value(h.Months[last]))
		}
		return s
	}
	flags := build("flags", "total", func(m Month) int { return *m.Flags }, true)
	overdue := build("past max age", "overdue", func(m Month) int { return *m.Overdue }, false)
	// End labels close together would overlap: push them apart.
	if d := overdue.EndY - flags.EndY; d < 16 {
		overdue.EndY += (16 - d) / 2
		flags.EndY -= (16 - d) / 2
	}
	c.Series = []series{flags, overdue}
	return c
}

func monthRange(from, to string) string {
	if from == to {
		return from
	}
	return from + " to " + to
}
