// Package linediff computes the shortest line diff of two texts.
//
// flagsweep reports, prints and formats what a removal changed by line:
// the unified diff of a dry run, the +N −M counts, and the regions
// gofmtEdited and tidyBlankLines may touch. go-udiff's Lines bounds its
// search (an edit distance of 100 lines) and beyond it returns a correct
// but far from shortest diff: on Temporal's 4,700-line
// workflow_handler.go a 115-line change came out as +1187 −1294, and the
// regions meant to be "near an edit" covered most of the file. Myers'
// O(ND) algorithm with its linear-space refinement (An O(ND) Difference
// Algorithm and Its Variations, 1986, section 4b) finds a shortest edit
// script in O((N+M)·D) time and O(N+M) space, which keeps both cheap for
// the changes a removal makes.
package linediff

import (
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// Lines returns the edits turning before into after, at line boundaries,
// with as few lines deleted and inserted as possible, in order and not
// overlapping — the form udiff.ToUnified and udiff.ApplyBytes take.
func Lines(before, after string) []udiff.Edit {
	if before == after {
		return nil
	}
	aLines, bLines := split(before), split(after)
	ids := make(map[string]int)
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	d := &differ{a: intern(aLines), b: intern(bLines)}
	n := len(d.a) + len(d.b) + 3
	d.vf, d.vb = make([]int, n), make([]int, n)
	d.compare(0, len(d.a), 0, len(d.b))

	offsets := make([]int, len(aLines)+1)
	for i, l := range aLines {
		offsets[i+1] = offsets[i] + len(l)
	}
	var edits []udiff.Edit
	x, y := 0, 0
	flush := func(toX, toY int) {
		if x < toX || y < toY {
			edits = append(edits, udiff.Edit{Start: offsets[x], End: offsets[toX], New: strings.Join(bLines[y:toY], "")})
		}
	}
	for _, m := range d.matches {
		flush(m.x, m.y)
		x, y = m.x+1, m.y+1
	}
	flush(len(aLines), len(bLines))
	return edits
}

// split cuts s after each newline; a last line without one is kept.
func split(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// A match pairs line x of a with the equal line y of b.
type match struct{ x, y int }

// differ holds the interned lines and the furthest-reaching paths of
// the forward and backward searches, reused by every recursion.
type differ struct {
	a, b    []int
	vf, vb  []int
	matches []match
}

// compare appends the matches of a shortest edit script of a[aLo:aHi]
// and b[bLo:bHi], in order.
func (d *differ) compare(aLo, aHi, bLo, bHi int) {
	for aLo < aHi && bLo < bHi && d.a[aLo] == d.b[bLo] {
		d.matches = append(d.matches, match{aLo, bLo})
		aLo, bLo = aLo+1, bLo+1
	}
	suffix := 0
	for aLo < aHi && bLo < bHi && d.a[aHi-1] == d.b[bHi-1] {
		aHi, bHi = aHi-1, bHi-1
		suffix++
	}
	// With the common ends gone, either one side is empty (all
	// insertions or all deletions) or the distance is at least 2, and
	// the middle snake splits the problem into two of smaller distance.
	if aLo < aHi && bLo < bHi {
		x, y, u, v := d.middleSnake(aLo, aHi, bLo, bHi)
		d.compare(aLo, x, bLo, y)
		for i := 0; i < u-x; i++ {
			d.matches = append(d.matches, match{x + i, y + i})
		}
		d.compare(u, aHi, v, bHi)
	}
	for i := range suffix {
		d.matches = append(d.matches, match{aHi + i, bHi + i})
	}
}

// middleSnake returns the middle snake of a shortest edit script of
// a[aLo:aHi] and b[bLo:bHi], from (x, y) to (u, v): the diagonal run
// where the forward search from the start and the backward search from
// the end first meet.
func (d *differ) middleSnake(aLo, aHi, bLo, bHi int) (x, y, u, v int) {
	n, m := aHi-aLo, bHi-bLo
	delta := n - m
	odd := delta&1 != 0
	limit := (n + m + 1) / 2
	off := limit + 1
	vf, vb := d.vf, d.vb
	vf[off+1], vb[off+1] = 0, 0
	for D := 0; D <= limit; D++ {
		// Forward, along diagonals k = x − y.
		for k := -D; k <= D; k += 2 {
			x := step(vf, off, k, D)
			y := x - k
			x0, y0 := x, y
			for x < n && y < m && d.a[aLo+x] == d.b[bLo+y] {
				x, y = x+1, y+1
			}
			vf[off+k] = x
			// The backward search's diagonal k' = delta − k, from
			// its step D−1.
			if odd && k >= delta-(D-1) && k <= delta+(D-1) && x+vb[off+delta-k] >= n {
				return aLo + x0, bLo + y0, aLo + x, bLo + y
			}
		}
		// Backward, from the end, along diagonals k' of the reversed
		// sequences.
		for k := -D; k <= D; k += 2 {
			x := step(vb, off, k, D)
			y := x - k
			x0, y0 := x, y
			for x < n && y < m && d.a[aHi-1-x] == d.b[bHi-1-y] {
				x, y = x+1, y+1
			}
			vb[off+k] = x
			if !odd && k >= delta-D && k <= delta+D && x+vf[off+delta-k] >= n {
				return aLo + n - x, bLo + m - y, aLo + n - x0, bLo + m - y0
			}
		}
	}
	panic("linediff: no middle snake") // unreachable: the searches meet by D = ⌈(N+M)/2⌉
}

// step returns where step D's furthest-reaching path on diagonal k
// starts: one edit from the further of its neighbours' paths of step
// D−1 (a deletion from diagonal k−1, an insertion from k+1).
func step(v []int, off, k, D int) int {
	if k == -D || k != D && v[off+k-1] < v[off+k+1] {
		return v[off+k+1]
	}
	return v[off+k-1] + 1
}

// Unified returns the unified diff of before and after, with three lines
// of context, labelled as from and to; "" when they are equal.
func Unified(from, to, before, after string) string {
	u, err := udiff.ToUnified(from, to, before, Lines(before, after), udiff.DefaultContextLines)
	if err != nil {
		panic("linediff: " + err.Error()) // unreachable: Lines' edits apply to before
	}
	return u
}
