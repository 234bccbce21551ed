package rewrite

import (
	"slices"
	"testing"
)

func TestOwnTestKeys(t *testing.T) {
	for _, tc := range []struct {
		test string
		want []string
	}{
		{"TestParse", []string{"func parse"}},
		{"Test_parse", []string{"func parse"}},
		{"BenchmarkParse", []string{"func parse"}},
		{"TestHelmReleaseReconciler_adoptLegacyRelease", []string{
			"func helmReleaseReconciler_adoptLegacyRelease",
			"method (HelmReleaseReconciler).adoptLegacyRelease",
			"method (HelmReleaseReconciler).adoptLegacyRelease",
			"method (helmReleaseReconciler).adoptLegacyRelease",
		}},
		{"TestServer_Handle", []string{"func server_Handle", "method (Server).Handle", "method (Server).handle", "method (server).handle"}},
		{"TestMain", nil},     // runs the tests
		{"Testparse", nil},    // go test does not run it
		{"Test", nil},         // names nothing
		{"ExampleParse", nil}, // documents the API: not deleted with it
		{"helperParse", nil},  // no test
		{"TestParse_", []string{"func parse_"}},
	} {
		if got := ownTestKeys(tc.test); !slices.Equal(got, tc.want) {
			t.Errorf("ownTestKeys(%q) = %q, want %q", tc.test, got, tc.want)
		}
	}
}
