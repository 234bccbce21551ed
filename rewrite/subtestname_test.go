package rewrite

import "testing"

func TestDropVerb(t *testing.T) {
	for _, tc := range []struct {
		format string
		k      int
		want   string // "" when refused
	}{
		{"%s/%s/iterators=%t", 2, "%s/%s"},
		{"%s/%d/iterators=%v", 2, "%s/%d"},
		{"iterators: %t, query %d", 0, "query %d"},
		{"iterators=%t/%s", 0, "%s"},
		{"%s enabled=%t", 1, "%s"},
		{"%s streaming enabled: %t", 1, ""}, // the label's first word would stay
		{"%s (streaming: %t)", 1, ""},       // glued to what follows
		{"%s, enabled=%t, %d", 1, "%s, %d"},
		{"%s/%t", 1, "%s"},
		{"%d%%/on=%t", 1, "%d%%"},
		{"%[2]s/on=%t", 1, ""},  // explicit index: the count is not the argument's
		{"%*d/on=%t", 1, ""},    // a * width takes an argument
		{"iterators=%t", 0, ""}, // nothing left
		{"%t", 0, ""},           // nothing left
		{"%s is %t", 1, ""},     // no label, parted by a space: prose
		{"%t query", 0, ""},     // no label, no separator
		{"%s/on=%tx", 1, ""},    // glued to what follows
		{"%s/on=%d", 1, ""},     // not a bool's verb
		{"%s/\\ton=%t", 1, ""},  // an escape in the piece
		{"%s/=%t", 1, ""},       // an empty label
		{"%s/on=%t", 5, ""},     // no such verb
		{"%s/on=%t%", 1, ""},    // a format cut short
		{"a%s-on=%t", 1, ""},    // '-' is part of a label, not a separator
	} {
		got, ok := dropVerb(tc.format, tc.k)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("dropVerb(%q, %d) = %q, %v; want %q", tc.format, tc.k, got, ok, tc.want)
		}
	}
}
