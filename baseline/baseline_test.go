package baseline

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flagsweep/flagsweep/diag"
)

func TestFingerprint(t *testing.T) {
	dir := t.TempDir()
	write := func(content string) {
		if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	d := diag.Diagnostic{ID: diag.Undefined, Flag: "x", Pos: diag.Position{File: "a.go", Line: 2}, Message: "flag \"x\" is 3 milestones old"}
	write("package a\nvar _ = on(\"x\")\n")
	base := (&Fingerprinter{Root: dir}).Fingerprint(d)

	// Reindented, moved down, with a different message: the same finding.
	write("package a\n\n// moved\n\t\tvar _ =   on(\"x\")\n")
	moved := d
	moved.Pos.Line = 4
	moved.Message = "flag \"x\" is 4 milestones old"
	if got := (&Fingerprinter{Root: dir}).Fingerprint(moved); got != base {
		t.Errorf("moved finding has another fingerprint")
	}
	// Another id, flag or line text: another finding.
	for _, change := range []func(*diag.Diagnostic){
		func(d *diag.Diagnostic) { d.ID = diag.Stale },
		func(d *diag.Diagnostic) { d.Flag = "y" },
		func(d *diag.Diagnostic) { d.Pos.Line = 1 },
	} {
		c := moved
		change(&c)
		if (&Fingerprinter{Root: dir}).Fingerprint(c) == base {
			t.Errorf("changed finding %+v kept the fingerprint", c)
		}
	}
}

func TestReadWriteMatch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.json")
	if f, err := Read(path); err != nil || len(f.Findings) != 0 {
		t.Fatalf("missing baseline = %v, %v; want empty", f, err)
	}
	if err := Write(path, []Entry{{ID: "undefined", File: "a.go", Fingerprint: "f1"}, {ID: "undefined", File: "a.go", Fingerprint: "f1"}}); err != nil {
		t.Fatal(err)
	}
	f, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	m := f.NewMatcher()
	var matches []bool
	for range 3 {
		matches = append(matches, m.Match("f1"))
	}
	if !matches[0] || !matches[1] || matches[2] {
		t.Errorf("two entries matched %v; want twice, not three times", matches)
	}
	if m.Match("f2") {
		t.Error("unknown fingerprint matched")
	}
	os.WriteFile(path, []byte(`{"version": 9, "findings": []}`), 0o644)
	if _, err := Read(path); err == nil {
		t.Error("future version accepted")
	}
}
