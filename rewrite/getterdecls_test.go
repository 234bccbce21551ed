package rewrite

import "testing"

func TestTestOfGetter(t *testing.T) {
	for _, tc := range []struct {
		test, name, recv string
		want             bool
	}{
		{"TestEnableX", "EnableX", "Overrides", true},
		{"TestEnableX_perTenant", "EnableX", "Overrides", true},
		{"TestOverrides_EnableX", "EnableX", "Overrides", true},
		{"TestOverrides_EnableX_defaults", "EnableX", "Overrides", true},
		{"TestEnableXY", "EnableX", "Overrides", false}, // another getter's test
		{"TestOverrides", "EnableX", "Overrides", false},
		{"BenchmarkEnableX", "EnableX", "Overrides", false},
		{"Test_enableX", "enableX", "", true}, // gotests' name for a function
		{"Test_enableX", "enableX", "cfg", false},
		{"TestEnableX", "EnableX", "", true},
	} {
		if got := testOfGetter(tc.test, tc.name, tc.recv); got != tc.want {
			t.Errorf("testOfGetter(%q, %q, %q) = %v, want %v", tc.test, tc.name, tc.recv, got, tc.want)
		}
	}
}
