package rewrite

import (
	"reflect"
	"testing"
)

// TestResolve pins how a round's edits are kept: whole groups, earlier
// first; overlapping deletions of one group merged; a group overlapping
// itself otherwise, or an earlier group, dropped.
func TestResolve(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edits []edit
		want  []edit
	}{
		{
			name:  "disjoint groups",
			edits: []edit{{start: 5, end: 7, group: 2}, {start: 0, end: 2, text: "x", group: 1}},
			want:  []edit{{start: 0, end: 2, text: "x", group: 1}, {start: 5, end: 7, group: 2}},
		},
		{
			name:  "a later group overlapping an earlier one goes",
			edits: []edit{{start: 0, end: 4, group: 1}, {start: 3, end: 6, text: "y", group: 2}, {start: 8, end: 9, group: 2}},
			want:  []edit{{start: 0, end: 4, group: 1}},
		},
		{
			name:  "overlapping deletions of one group are their union",
			edits: []edit{{start: 10, end: 22, group: 1}, {start: 20, end: 30, group: 1}, {start: 40, end: 41, text: "z", group: 1}},
			want:  []edit{{start: 10, end: 30, group: 1}, {start: 40, end: 41, text: "z", group: 1}},
		},
		{
			name:  "a group replacing one range twice is not applied",
			edits: []edit{{start: 0, end: 1, group: 1}, {start: 10, end: 22, text: "a", group: 2}, {start: 20, end: 30, group: 2}},
			want:  []edit{{start: 0, end: 1, group: 1}},
		},
		{
			name:  "deletions of two groups overlapping at their edges are both applied",
			edits: []edit{{start: 10, end: 21, group: 1}, {start: 20, end: 30, group: 2}},
			want:  []edit{{start: 10, end: 21, group: 1}, {start: 21, end: 30, group: 2}},
		},
		{
			name:  "a deletion inside an earlier group's goes with its group",
			edits: []edit{{start: 10, end: 30, group: 1}, {start: 12, end: 15, group: 2}, {start: 40, end: 41, text: "w", group: 2}},
			want:  []edit{{start: 10, end: 30, group: 1}},
		},
		{
			name:  "the same edit twice is one",
			edits: []edit{{start: 3, end: 5, text: "q", group: 1}, {start: 3, end: 5, text: "q", group: 1}},
			want:  []edit{{start: 3, end: 5, text: "q", group: 1}},
		},
		{
			name:  "insertions at one point of one group keep their order",
			edits: []edit{{start: 3, end: 3, text: "a", group: 1}, {start: 3, end: 3, text: "b", group: 1}},
			want:  []edit{{start: 3, end: 3, text: "a", group: 1}, {start: 3, end: 3, text: "b", group: 1}},
		},
	} {
		if got := resolve(tc.edits); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: resolve = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
