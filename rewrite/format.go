package rewrite

import (
	"bytes"
	"go/format"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/flagsweep/flagsweep/internal/linediff"
)

// gofmtEdited applies gofmt's opinion to the lines the removal edited, and
// to nothing else: a file that was gofmt-clean stays clean (gofmt could
// only disagree where the edits were), and a file that was not keeps its
// own style everywhere the removal did not touch.
func gofmtEdited(orig, cur []byte) []byte {
	cur = tidyBlankLines(orig, cur)
	formatted, err := format.Source(cur)
	if err != nil || bytes.Equal(formatted, cur) {
		return cur
	}
	if clean, err := format.Source(orig); err == nil && bytes.Equal(clean, orig) {
		return formatted
	}
	overlaps := touched(orig, cur)
	var keep []udiff.Edit
	for _, e := range linediff.Lines(string(cur), string(formatted)) {
		if overlaps(e.Start, e.End) {
			keep = append(keep, e)
		}
	}
	out, err := udiff.ApplyBytes(cur, keep)
	if err != nil {
		return cur
	}
	return out
}

// tidyBlankLines deletes the blank lines an edit left against a brace: a
// blank line right after a line ending with `{` or `(` (`const (` whose
// first specs went) or right before one starting with `}` or `)`, next
// to a change. gofmt keeps them, and they
// are never what a maintainer writes: they are the gap that separated a
// deleted statement from its neighbour (`require.Contains(…)` + blank +
// a deleted `require.Len(…, 0)` before `})`).
func tidyBlankLines(orig, cur []byte) []byte {
	if bytes.Equal(orig, cur) {
		return cur
	}
	near := touched(orig, cur)
	lines := bytes.SplitAfter(cur, []byte("\n"))
	var out []byte
	off := 0
	for i, l := range lines {
		start := off
		off += len(l)
		if len(bytes.TrimSpace(l)) != 0 || i == 0 || i == len(lines)-1 || !near(start, off) {
			out = append(out, l...)
			continue
		}
		prev := bytes.TrimSpace(lines[i-1])
		next := bytes.TrimSpace(lines[i+1])
		if bytes.HasSuffix(prev, []byte("{")) || bytes.HasSuffix(prev, []byte("(")) || bytes.HasPrefix(next, []byte("}")) || bytes.HasPrefix(next, []byte(")")) {
			continue
		}
		out = append(out, l...)
	}
	return out
}

// touched returns whether a byte range of cur meets a region that differs
// from orig. A deletion leaves an empty region: the lines next to it count
// as touched.
func touched(orig, cur []byte) func(start, end int) bool {
	type rng struct{ start, end int }
	var regions []rng
	delta := 0
	for _, e := range linediff.Lines(string(orig), string(cur)) {
		start := e.Start + delta
		regions = append(regions, rng{start, start + len(e.New)})
		delta += len(e.New) - (e.End - e.Start)
	}
	return func(start, end int) bool {
		for _, t := range regions {
			if start <= t.end && t.start <= end {
				return true
			}
		}
		return false
	}
}
