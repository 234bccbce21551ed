package flagrefs

import "testing"

// TestListedState pins how a list override's element says the flag and
// its state: --feature-gates syntax ("+x", "-x") and key=value.
func TestListedState(t *testing.T) {
	tests := []struct {
		in   string
		name string
		on   bool
	}{
		{"jaeger.clickhouse", "jaeger.clickhouse", true},
		{"+app.x", "app.x", true},
		{"-app.x", "app.x", false},
		{"app.x=false", "app.x", false},
		{"app.x=true", "app.x", true},
		{"a=b", "a=b", true}, // not a boolean: the whole text is the name
		{"=false", "=false", true},
	}
	for _, tt := range tests {
		name, on := listedState(tt.in)
		if name != tt.name || on != tt.on {
			t.Errorf("listedState(%q) = %q, %t; want %q, %t", tt.in, name, on, tt.name, tt.on)
		}
	}
}
