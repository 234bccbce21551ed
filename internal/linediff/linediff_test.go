package linediff

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	udiff "github.com/aymanbagabas/go-udiff"
)

// changed counts the lines the edits delete and insert.
func changed(before string, edits []udiff.Edit) (del, ins int) {
	for _, e := range edits {
		del += len(split(before[e.Start:e.End]))
		ins += len(split(e.New))
	}
	return del, ins
}

// shortest is the length of a shortest edit script by dynamic
// programming: N + M − 2·LCS.
func shortest(a, b []string) int {
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	return len(a) + len(b) - 2*lcs[0][0]
}

func check(t *testing.T, before, after string) {
	t.Helper()
	edits := Lines(before, after)
	got, err := udiff.Apply(before, edits)
	if err != nil || got != after {
		t.Fatalf("Lines(%q, %q) = %v: applies to %q (%v)", before, after, edits, got, err)
	}
	for i := 1; i < len(edits); i++ {
		if edits[i].Start < edits[i-1].End {
			t.Fatalf("edits out of order or overlapping: %v", edits)
		}
	}
	del, ins := changed(before, edits)
	var a, b []string
	if before != "" {
		a = split(before)
	}
	if after != "" {
		b = split(after)
	}
	if want := shortest(a, b); del+ins != want {
		t.Errorf("Lines(%q, %q) deletes %d and inserts %d lines, want %d in all", before, after, del, ins, want)
	}
}

func TestLines(t *testing.T) {
	for _, tc := range []struct{ before, after string }{
		{"", ""},
		{"a\n", "a\n"},
		{"", "a\n"},
		{"a\n", ""},
		{"a\nb\nc\n", "a\nc\n"},
		{"a\nb\nc\n", "a\nb\nx\nc\n"},
		{"a\nb\n", "b\na\n"},
		{"a\nb\nc\nd\n", "x\ny\n"},
		{"a\nb", "a\nc"},   // no final newline
		{"a\nb\n", "a\nb"}, // the final newline goes
		{"x\na\nb\nx\n", "a\nx\nb\n"},
	} {
		check(t, tc.before, tc.after)
	}
}

func TestRandom(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	gen := func(n int) string {
		var b strings.Builder
		for range n {
			fmt.Fprintf(&b, "%c\n", 'a'+rnd.Intn(4))
		}
		return b.String()
	}
	for range 2000 {
		check(t, gen(rnd.Intn(15)), gen(rnd.Intn(15)))
	}
}

// TestLargeFileSmallChange is the case go-udiff's bounded search gets
// wrong: 4,000 distinct lines, 120 of them deleted in small groups and
// 10 replaced. The diff must say exactly that.
func TestLargeFileSmallChange(t *testing.T) {
	var before, after strings.Builder
	for i := range 4000 {
		line := fmt.Sprintf("\tline %d\n", i)
		before.WriteString(line)
		switch {
		case i%100 < 3:
			// deleted
		case i%400 == 50:
			after.WriteString("\treplaced\n")
		default:
			after.WriteString(line)
		}
	}
	edits := Lines(before.String(), after.String())
	del, ins := changed(before.String(), edits)
	if del != 130 || ins != 10 {
		t.Errorf("deletes %d and inserts %d lines, want 130 and 10", del, ins)
	}
	if got, _ := udiff.Apply(before.String(), edits); got != after.String() {
		t.Error("the edits do not apply")
	}
}

func FuzzLines(f *testing.F) {
	f.Add("a\nb\nc\n", "a\nc\nd\n")
	f.Add("", "x")
	f.Fuzz(func(t *testing.T, before, after string) {
		if len(before) > 200 || len(after) > 200 {
			return
		}
		check(t, before, after)
	})
}
