package load

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestPendingFor checks which loads a background load stands for: the
// same directory, patterns (none meaning ./...), tests, environment and
// build flags, nothing else.
func TestPendingFor(t *testing.T) {
	started := Options{Dir: "/m", Tests: true, Env: []string{"GOFLAGS=-mod=mod"}}
	for _, tc := range []struct {
		name string
		opts Options
		want bool
	}{
		{"same", Options{Dir: "/m", Tests: true, Env: []string{"GOFLAGS=-mod=mod"}}, true},
		{"./... spelt out", Options{Dir: "/m", Patterns: []string{"./..."}, Tests: true, Env: []string{"GOFLAGS=-mod=mod"}}, true},
		{"other dir", Options{Dir: "/n", Tests: true, Env: []string{"GOFLAGS=-mod=mod"}}, false},
		{"other patterns", Options{Dir: "/m", Patterns: []string{"./a"}, Tests: true, Env: []string{"GOFLAGS=-mod=mod"}}, false},
		{"no tests", Options{Dir: "/m", Env: []string{"GOFLAGS=-mod=mod"}}, false},
		{"other env", Options{Dir: "/m", Tests: true}, false},
		{"build flags", Options{Dir: "/m", Tests: true, Env: []string{"GOFLAGS=-mod=mod"}, BuildFlags: []string{"-tags=x"}}, false},
	} {
		p := &Pending{opts: started}
		if got := p.For(tc.opts); got != tc.want {
			t.Errorf("%s: For = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestStart checks that a background load answers what Load answers.
func TestStart(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26\n",
		"a/a.go": "package a\n\nconst A = 1\n",
		"b/b.go": "package b\n\nimport \"example.com/m/a\"\n\nconst B = a.A\n",
	})
	opts := Options{Dir: dir, Tests: true}
	prog, err := Start(context.Background(), opts).Wait()
	if err != nil {
		t.Fatal(err)
	}
	want, err := Load(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(prog.Packages) != len(want.Packages) || len(prog.Roots) != len(want.Roots) || len(prog.Roots) != 2 {
		t.Errorf("background load: %d packages, %d roots; Load: %d, %d (want 2 roots)", len(prog.Packages), len(prog.Roots), len(want.Packages), len(want.Roots))
	}
}

// writeModule writes files (slash-separated names) under dir.
func writeModule(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
