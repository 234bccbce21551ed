package rewrite

import (
	"bytes"
	"go/format"

	udiff "github.com/aymanbagabas/go-udiff"
)

// gofmtEdited applies gofmt's opinion to the lines the removal edited, and
// to nothing else: a file that was gofmt-clean stays clean (gofmt could
// only disagree where the edits were), and a file that was not keeps its
// own style everywhere the removal did not touch.
func gofmtEdited(orig, cur []byte) []byte {
	formatted, err := format.Source(cur)
	if err != nil || bytes.Equal(formatted, cur) {
		return cur
	}
	if clean, err := format.Source(orig); err == nil && bytes.Equal(clean, orig) {
		return formatted
	}
	// The regions of cur that differ from orig, as byte ranges.
	type rng struct{ start, end int }
	var touched []rng
	delta := 0
	for _, e := range udiff.Lines(string(orig), string(cur)) {
		start := e.Start + delta
		touched = append(touched, rng{start, start + len(e.New)})
		delta += len(e.New) - (e.End - e.Start)
	}
	overlaps := func(start, end int) bool {
		for _, t := range touched {
			// A deletion leaves an empty range: the lines next to it
			// count as touched.
			if start <= t.end && t.start <= end {
				return true
			}
		}
		return false
	}
	var keep []udiff.Edit
	for _, e := range udiff.Lines(string(cur), string(formatted)) {
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
