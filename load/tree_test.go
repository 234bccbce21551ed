package load

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestReadTree checks that the tree holds the directories `go list ./...`
// lists, and Mentioning finds the ones naming a word: the filter a
// narrowed scan lists by, which must never miss a package that names it.
func TestReadTree(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"go.mod":                 "module example.com/m\n\ngo 1.26\n",
		"m.go":                   "package m\n",
		"a/a.go":                 "package a\n\nconst K = \"fast_path\"\n",
		"a/a_test.go":            "package a\n",
		"a/b/b.go":               "package b\n\nvar _ = 1\n",
		"c/c_linux_test.go":      "package c\n\n// Gate\n",
		"d/x.txt":                "Gate\n",
		"a/testdata/t.go":        "package t // Gate\n",
		"vendor/v/v.go":          "package v // Gate\n",
		"_hidden/h.go":           "package h // Gate\n",
		".dot/d.go":              "package d // Gate\n",
		"nested/go.mod":          "module example.com/nested\n",
		"nested/n.go":            "package n // Gate\n",
		"e/_skipped.go":          "package e // Gate\n",
		"sub/go.sum":             "",
		"sub/inner/inner.go":     "package inner // uses fast_path\n",
		"gen/generated.go":       "package gen\n",
		"gen/ignored_windows.go": "//go:build windows\n\npackage gen // Gate\n",
	})
	tree, ok, err := ReadTree(dir, func(string) string { return "" })
	if err != nil || !ok {
		t.Fatalf("ReadTree: %v, %v", ok, err)
	}
	var dirs []string
	for d := range tree.Dirs {
		dirs = append(dirs, d)
	}
	slices.Sort(dirs)
	if want := []string{".", "a", "a/b", "c", "gen", "sub/inner"}; !slices.Equal(dirs, want) {
		t.Errorf("dirs = %q, want %q", dirs, want)
	}
	if got, want := tree.Mentioning([]string{"Gate"}, nil), []string{"c", "gen"}; !slices.Equal(got, want) {
		t.Errorf("Mentioning(Gate) = %q, want %q", got, want)
	}
	if got, want := tree.Mentioning([]string{"fast_path", "nothing"}, map[string]bool{"a": true}), []string{"sub/inner"}; !slices.Equal(got, want) {
		t.Errorf("Mentioning(fast_path) skipping a = %q, want %q", got, want)
	}
	if got := tree.Mentioning(nil, nil); got != nil {
		t.Errorf("Mentioning(nothing) = %q", got)
	}
	if got := tree.ImportPath("a/b"); got != "example.com/m/a/b" {
		t.Errorf("ImportPath(a/b) = %q", got)
	}
	if got := tree.ImportPath("."); got != "example.com/m" {
		t.Errorf("ImportPath(.) = %q", got)
	}
	if got := tree.Pattern("a/b"); got != "./a/b" {
		t.Errorf("Pattern(a/b) = %q", got)
	}
	if d, ok := tree.DirOf(filepath.Join(dir, "a", "b")); !ok || d != "a/b" {
		t.Errorf("DirOf(a/b) = %q, %v", d, ok)
	}
	if _, ok := tree.DirOf(filepath.Join(dir, "nested")); ok {
		t.Error("DirOf(nested module) is in the tree")
	}

	// Below the module root, import paths follow the directory.
	sub, ok, err := ReadTree(filepath.Join(dir, "a"), func(string) string { return "" })
	if err != nil || !ok || sub.ImportPath("b") != "example.com/m/a/b" || sub.ImportPath(".") != "example.com/m/a" {
		t.Errorf("ReadTree(a): %v, %v, %+v", ok, err, sub)
	}
}

// TestNarrowable checks that a workspace, named or found, or a directory
// in no module, is never narrowed: only the go command knows its ./....
func TestNarrowable(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{"go.mod": "module example.com/m\n", "a/a.go": "package a\n"})
	none := func(string) string { return "" }
	if !Narrowable(dir, none) {
		t.Error("a module is not narrowable")
	}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "GOWORK" {
				return v
			}
			return ""
		}
	}
	if Narrowable(dir, env("/elsewhere/go.work")) {
		t.Error("GOWORK set: narrowable")
	}
	if !Narrowable(dir, env("off")) {
		t.Error("GOWORK=off: not narrowable")
	}
	if err := os.WriteFile(filepath.Join(dir, "go.work"), []byte("go 1.26\n\nuse .\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	if Narrowable(filepath.Join(dir, "a"), none) {
		t.Error("under a go.work: narrowable")
	}
	if !Narrowable(filepath.Join(dir, "a"), env("off")) {
		t.Error("under a go.work with GOWORK=off: not narrowable")
	}
	if _, ok, err := ReadTree(t.TempDir(), none); ok || err != nil {
		t.Errorf("ReadTree outside a module: %v, %v", ok, err)
	}
}

// TestEnvLookup checks that the last setting of a variable wins, as in
// exec, and that nil is the process's environment.
func TestEnvLookup(t *testing.T) {
	get := EnvLookup([]string{"A=1", "B=2", "A=3"})
	if get("A") != "3" || get("B") != "2" || get("C") != "" {
		t.Errorf("EnvLookup: A=%q B=%q C=%q", get("A"), get("B"), get("C"))
	}
	t.Setenv("FLAGSWEEP_ENV_LOOKUP", "x")
	if EnvLookup(nil)("FLAGSWEEP_ENV_LOOKUP") != "x" {
		t.Error("EnvLookup(nil) does not read the process's environment")
	}
}

// TestLoadRoots checks what a narrowed listing makes roots of (Options.Roots):
// the module's packages among the dependencies, as built for themselves,
// not as recompiled for another package's test ("api [m/core.test]"),
// which ./... does not list as a root either — unless the listing holds
// api only so, when that variant stands for it; and a directory whose
// files the build constraints all exclude is no root, as ./... skips it.
func TestLoadRoots(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{
		"go.mod":            "module example.com/m\n\ngo 1.26\n",
		"core/core.go":      "package core\n\nconst Name = \"m\"\n",
		"core/name_test.go": "package core\n\nimport \"testing\"\n\nfunc TestName(t *testing.T) { _ = Name }\n",
		"core/core_test.go": "package core_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/api\"\n)\n\nfunc TestAPI(t *testing.T) { _ = api.Name() }\n",
		"api/api.go":        "package api\n\nimport \"example.com/m/core\"\n\nfunc Name() string { return core.Name }\n",
		"api/api_test.go":   "package api\n\nimport \"testing\"\n\nfunc TestName(t *testing.T) { _ = Name() }\n",
		"other/other.go":    "//go:build never\n\npackage other\n",
	})
	tree, ok, err := ReadTree(dir, func(string) string { return "" })
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	roots := func(patterns ...string) []string {
		t.Helper()
		prog, err := Load(t.Context(), Options{Dir: dir, Patterns: patterns, Tests: true, Roots: func(d string) bool {
			_, ok := tree.DirOf(d)
			return ok
		}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, n := range prog.Roots {
			ids = append(ids, n.ID)
		}
		slices.Sort(ids)
		return ids
	}
	core := []string{
		"example.com/m/core",
		"example.com/m/core [example.com/m/core.test]",
		"example.com/m/core.test",
		"example.com/m/core_test [example.com/m/core.test]",
	}
	if got, want := roots("./core", "./other"), append([]string{"example.com/m/api [example.com/m/core.test]"}, core...); !slices.Equal(got, want) {
		t.Errorf("roots of ./core ./other:\n%q\nwant:\n%q", got, want)
	}
	api := []string{
		"example.com/m/api",
		"example.com/m/api [example.com/m/api.test]",
		"example.com/m/api.test",
	}
	if got, want := roots("./api", "./core"), append(api, core...); !slices.Equal(got, want) {
		t.Errorf("roots of ./api ./core:\n%q\nwant:\n%q", got, want)
	}
}
