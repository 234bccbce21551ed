package project

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/load"
)

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStatePrefixAndMilestoneSources(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".flagsweep.yaml": "state: features.json\nstate_prefix: gitaly_\nversion_file: GITLAB_VERSION\n",
		"GITLAB_VERSION":  "17.9.0-pre\n",
		"features.json":   `[{"name": "gitaly_fast_path", "state": "on"}, {"name": "fast_path", "state": "off"}]`,
		"config/feature_flags/beta/fast_path.yml": "name: fast_path\nmilestone: '17.1'\ntype: beta\ngroup: group::gitaly\ndefault_enabled: false\n",
	})
	p, err := Open(context.Background(), Options{Dir: root, Today: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Current != (lifecycle.Milestone{Major: 17, Minor: 9}) || p.CurrentFrom != "GITLAB_VERSION" {
		t.Errorf("current = %v from %s", p.Current, p.CurrentFrom)
	}
	f := p.Flag("fast_path")
	if f.State != lifecycle.On || f.Eval.Verdict != lifecycle.RolledOut || !f.Eval.Ready {
		t.Errorf("fast_path: state %v verdict %v ready %v; the prefixed instance key is on", f.State, f.Eval.Verdict, f.Eval.Ready)
	}
	// --milestone wins over the configuration.
	p, err = Open(context.Background(), Options{Dir: root, Milestone: "17.3"})
	if err != nil || p.Flag("fast_path").Age != 2 || p.CurrentFrom != "--milestone" {
		t.Errorf("--milestone: %v", err)
	}
	// An offline project refuses a URL state source.
	write(t, root, map[string]string{".flagsweep.yaml": "state: https://gitlab.example.com\nmilestone: '17.9'\n"})
	if _, err := Open(context.Background(), Options{Dir: root, Offline: true}); err == nil {
		t.Error("offline open contacted a URL state source")
	}
}

func TestToday(t *testing.T) {
	env := map[string]string{TodayEnv: "2025-06-30"}
	got, err := Today(func(k string) string { return env[k] })
	if err != nil || got.Format(time.DateOnly) != "2025-06-30" {
		t.Errorf("Today = %v, %v", got, err)
	}
	env[TodayEnv] = "next week"
	if _, err := Today(func(k string) string { return env[k] }); err == nil {
		t.Error("bad date accepted")
	}
}

// TestPreload checks that the load Options.Preload starts is handed out
// once, to the load it stands for, that without Preload there is none,
// and that there is none either where the scan lists part of the module
// (outside a workspace).
func TestPreload(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".flagsweep.yaml": "milestone: '17.9'\n",
		"go.mod":          "module example.com/m\n\ngo 1.26\n",
		"a/a.go":          "package a\n",
		"config/feature_flags/beta/fast_path.yml": "name: fast_path\nmilestone: '17.1'\ntype: beta\ngroup: group::gitaly\ndefault_enabled: false\n",
	})
	whole := load.Options{Dir: root, Tests: true}
	p, err := Open(context.Background(), Options{Dir: root, Preload: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.TakePreload(whole) != nil {
		t.Error("a module a scan lists in part was preloaded whole")
	}
	write(t, root, map[string]string{"go.work": "go 1.26\n\nuse .\n"})
	p, err = Open(context.Background(), Options{Dir: root})
	if err != nil {
		t.Fatal(err)
	}
	if p.TakePreload(whole) != nil {
		t.Error("a project opened without Preload has a pending load")
	}
	p, err = Open(context.Background(), Options{Dir: root, Preload: true})
	if err != nil {
		t.Fatal(err)
	}
	if p.TakePreload(load.Options{Dir: p.Root, Patterns: []string{"./a"}, Tests: true}) != nil {
		t.Error("the preload was handed to a load of other patterns")
	}
	pl := p.TakePreload(whole)
	if pl == nil {
		t.Fatal("the preload was not handed to the load of the whole module")
	}
	if prog, err := pl.Wait(); err != nil || len(prog.Roots) != 1 {
		t.Errorf("preload: %v, %v", prog, err)
	}
	if p.TakePreload(whole) != nil {
		t.Error("the preload was handed out twice")
	}
}
