package main

import (
	"reflect"
	"testing"
)

// TestFailingPackages: go vet names a failing package in a `# pkg` header
// when it vets several, and prints only file positions otherwise; both
// must count, or a finding of the clean tree reads as a load error.
func TestFailingPackages(t *testing.T) {
	s := &sweeper{pkgs: map[string]*pkgInfo{
		"/src/svc/frontend": {ImportPath: "example.com/svc/frontend", Dir: "/src/svc/frontend"},
		"/src/svc/history":  {ImportPath: "example.com/svc/history", Dir: "/src/svc/history"},
	}}
	for _, tc := range []struct {
		name, out string
		want      map[string]bool
	}{
		{"headers", "# example.com/svc/history [example.com/svc/history.test]\nvet: x\n# example.com/svc/frontend_test\n", map[string]bool{"example.com/svc/history": true, "example.com/svc/frontend": true}},
		{"positions only", "svc/frontend/admin_test.go:12:9: range var tc copies lock: sync.Mutex\n", map[string]bool{"example.com/svc/frontend": true}},
		{"a position outside the module", "/elsewhere/x.go:1:2: bad\n", map[string]bool{}},
		{"no finding", "go: downloading example.com/dep v1.0.0\n", map[string]bool{}},
	} {
		if got := s.failingPackages("/src", tc.out); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: failingPackages = %v, want %v", tc.name, got, tc.want)
		}
	}
}
