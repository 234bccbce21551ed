package definitions

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/yamlx"
	"github.com/flagsweep/flagsweep/lifecycle"
)

// writeTree creates files (slash paths → content) under a new temp dir.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func defaultGlobs() []Glob {
	return []Glob{{Pattern: DefaultGlobs[0]}, {Pattern: DefaultGlobs[1]}}
}

const good = `---
name: new_editor
description: Use the new editor
feature_issue_url: https://gitlab.com/gitlab-org/gitlab/-/issues/1
introduced_by_url: https://gitlab.com/gitlab-org/gitlab/-/merge_requests/2
rollout_issue_url: https://gitlab.com/gitlab-org/gitlab/-/issues/3
milestone: '17.9'
log_state_changes: true
type: beta
group: group::source code
default_enabled: false
intended_to_rollout_by: 2026-01-31
owners: ['@alice', bob]
`

func TestLoadGood(t *testing.T) {
	root := writeTree(t, map[string]string{"config/feature_flags/beta/new_editor.yml": good})
	set, err := Load(Options{Root: root, Globs: defaultGlobs()})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Findings) != 0 {
		t.Errorf("findings: %v", set.Findings)
	}
	d := set.Lookup("new_editor")
	if d == nil {
		t.Fatal("new_editor not found")
	}
	if d.Milestone != (lifecycle.Milestone{Major: 17, Minor: 9}) || d.Type != "beta" || d.DefaultEnabled ||
		!d.LogStateChanges || d.GroupName() != "source code" || d.IntendedToRolloutBy.Format("2006-01-02") != "2026-01-31" ||
		strings.Join(d.Owners, ",") != "alice,bob" || d.RolloutIssueURL != "https://gitlab.com/gitlab-org/gitlab/-/issues/3" {
		t.Errorf("parsed %+v", d)
	}
	if d.File != "config/feature_flags/beta/new_editor.yml" {
		t.Errorf("File = %q", d.File)
	}
	if got := d.Pos("milestone"); got.Line != 7 || got.Column != 12 {
		t.Errorf("milestone position = %v, want line 7 column 12", got)
	}
}

// TestSamples loads GitLab's own definition files.
func TestSamples(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "samples", "gitlab-definitions")
	if _, err := os.Stat(root); err != nil {
		t.Skip("shared samples not present beside the repository")
	}
	set, err := Load(Options{Root: root, Globs: []Glob{{Pattern: "*/*.yml"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Defs) != 4 {
		t.Errorf("loaded %d definitions, want 4", len(set.Defs))
	}
	if len(set.Findings) != 0 {
		t.Errorf("findings on GitLab's own files: %v", set.Findings)
	}
}

// TestValidation covers every rule of design.md: each case edits the good
// definition and expects either a finding or an error at a position.
func TestValidation(t *testing.T) {
	tests := []struct {
		name    string
		path    string // default config/feature_flags/beta/new_editor.yml
		edit    func(string) string
		finding string // substring of the one expected finding
		err     string // substring of the one expected error
		line    int    // expected line of the problem
	}{
		{name: "unknown key with suggestion", edit: replace("default_enabled: false", "default_enabled: false\ndefault_enable: true"),
			finding: `unknown key "default_enable": did you mean "default_enabled"?`, line: 12},
		{name: "unknown key without suggestion", edit: appendLine("zzz_custom_thing: 1"),
			finding: `unknown key "zzz_custom_thing": remove it`, line: 14},
		{name: "name pattern", path: "config/feature_flags/beta/NewEditor.yml", edit: replace("name: new_editor", "name: NewEditor"),
			finding: `flag name "NewEditor" must be lowercase words joined by underscores (like "new_editor")`, line: 2},
		{name: "name differs from file", path: "config/feature_flags/beta/old_editor.yml",
			finding: `flag name "new_editor" does not match its file name "old_editor.yml"`, line: 2},
		{name: "directory differs from type", path: "config/feature_flags/ops/new_editor.yml",
			finding: `a beta flag belongs in a directory named beta, not ops`, line: 9},
		{name: "default on for a type that forbids it", path: "config/feature_flags/wip/new_editor.yml",
			edit:    chain(replace("type: beta", "type: wip"), replace("default_enabled: false", "default_enabled: true")),
			finding: "wip flags must not be enabled by default", line: 11},
		{name: "unquoted milestone", edit: replace("milestone: '17.9'", "milestone: 17.10"),
			finding: "milestone 17.10 must be quoted: write '17.10'", line: 7},
		{name: "bad URL", edit: replace("https://gitlab.com/gitlab-org/gitlab/-/issues/1", "gitlab.com/issues/1"),
			finding: `feature_issue_url "gitlab.com/issues/1" is not an http(s) URL`, line: 4},
		{name: "group without prefix", edit: replace("group::source code", "source code"),
			finding: `group "source code" must be written group::<name>`, line: 10},
		{name: "group missing", edit: replace("group: group::source code\n", ""),
			finding: "group is missing", line: 1},
		{name: "bad intended date", edit: replace("2026-01-31", "next week"),
			finding: "intended_to_rollout_by must be a date", line: 12},
		{name: "owners not a list", edit: replace("owners: ['@alice', bob]", "owners: {a: b}"),
			finding: "owners must be a list of usernames", line: 13},
		{name: "log_state_changes not a bool", edit: replace("log_state_changes: true", "log_state_changes: sometimes"),
			finding: "log_state_changes must be true or false", line: 8},

		{name: "unknown type", edit: replace("type: beta", "type: betta"),
			err: `unknown flag type "betta": did you mean "beta"?`, line: 9},
		{name: "unknown type far from any", edit: replace("type: beta", "type: feature_toggle"),
			err: `unknown flag type "feature_toggle": use one of beta, development,`, line: 9},
		{name: "bad milestone", edit: replace("'17.9'", "'17.x'"),
			err: `milestone "17.x" is not MAJOR.MINOR (like "17.9")`, line: 7},
		{name: "milestone missing", edit: replace("milestone: '17.9'\n", ""),
			err: "milestone is missing", line: 1},
		{name: "milestone empty", edit: replace("milestone: '17.9'", "milestone:"),
			err: "milestone is missing", line: 7},
		{name: "default_enabled missing", edit: replace("default_enabled: false\n", ""),
			err: "default_enabled is missing: set it to true or false", line: 1},
		{name: "default_enabled not boolean", edit: replace("default_enabled: false", "default_enabled: 'no'"),
			err: "default_enabled must be true or false, not a string", line: 11},
		{name: "name missing", edit: replace("name: new_editor\n", ""),
			err: "name is missing", line: 1},
		{name: "name not a string", edit: replace("name: new_editor", "name: [a]"),
			err: "name must be a non-empty string, not a list", line: 2},
		{name: "type missing", edit: replace("type: beta\n", ""),
			err: "type is missing", line: 1},
		{name: "repeated key", edit: appendLine("type: ops"),
			err: `key "type" is repeated (first at line 9)`, line: 14},
		{name: "not a mapping", edit: func(string) string { return "- a\n- b\n" },
			err: "a flag definition must be a mapping", line: 1},
		{name: "empty file", edit: func(string) string { return "" },
			err: "empty definition", line: 1},
		{name: "malformed YAML", edit: replace("type: beta", "type: [beta"),
			err: "malformed YAML: did not find expected ',' or ']'", line: 9},
		{name: "alias", edit: chain(replace("group: group::source code", "group: &g group::source code"), appendLine("description2: *g")),
			err: "YAML aliases (*g) are not allowed", line: 14},
		{name: "two documents", edit: appendLine("---\nname: x"),
			err: "more than one YAML document", line: 14},
		{name: "tab indentation", edit: replace("type: beta", "type:\n\t- beta"),
			err: "malformed YAML", line: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = "config/feature_flags/beta/new_editor.yml"
			}
			src := good
			if tt.edit != nil {
				src = tt.edit(src)
			}
			root := writeTree(t, map[string]string{path: src})
			set, err := Load(Options{Root: root, Globs: defaultGlobs()})
			var problems []string
			var lines []int
			if err != nil {
				var list diag.ErrorList
				if !errors.As(err, &list) {
					t.Fatalf("error is %T, not a diag.ErrorList: %v", err, err)
				}
				for _, e := range list {
					problems = append(problems, "error: "+e.Error())
					lines = append(lines, e.Pos.Line)
					if e.Pos.File != path {
						t.Errorf("error names %q, want %q", e.Pos.File, path)
					}
				}
			}
			for _, f := range set.Findings {
				problems = append(problems, "finding: "+f.String())
				lines = append(lines, f.Pos.Line)
				if f.ID != diag.InvalidDefinition {
					t.Errorf("finding id %q", f.ID)
				}
			}
			want, kind := tt.finding, "finding: "
			if tt.err != "" {
				want, kind = tt.err, "error: "
			}
			if len(problems) == 0 {
				t.Fatalf("no problem reported, want %s%q", kind, want)
			}
			found := false
			for i, p := range problems {
				if strings.HasPrefix(p, kind) && strings.Contains(p, want) {
					found = true
					if lines[i] != tt.line {
						t.Errorf("%s: at line %d, want %d", p, lines[i], tt.line)
					}
				}
			}
			if !found {
				t.Errorf("want %s%q, got:\n%s", kind, want, strings.Join(problems, "\n"))
			}
		})
	}
}

func replace(old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic("test edit: " + old + " not found")
		}
		return strings.Replace(s, old, new, 1)
	}
}

func appendLine(line string) func(string) string {
	return func(s string) string { return s + line + "\n" }
}

func chain(fs ...func(string) string) func(string) string {
	return func(s string) string {
		for _, f := range fs {
			s = f(s)
		}
		return s
	}
}

func TestDuplicateNames(t *testing.T) {
	root := writeTree(t, map[string]string{
		"config/feature_flags/beta/new_editor.yml":    good,
		"ee/config/feature_flags/beta/new_editor.yml": good,
	})
	_, err := Load(Options{Root: root, Globs: defaultGlobs()})
	if err == nil {
		t.Fatal("no error for a flag defined twice")
	}
	msg := err.Error()
	if !strings.Contains(msg, "ee/config/feature_flags/beta/new_editor.yml:2:7: flag \"new_editor\" is defined twice: also in config/feature_flags/beta/new_editor.yml:2:7") {
		t.Errorf("error = %q", msg)
	}
}

func TestNamePatternOverride(t *testing.T) {
	src := strings.Replace(good, "name: new_editor", "name: FF_NEW_EDITOR", 1)
	root := writeTree(t, map[string]string{"flags/beta/FF_NEW_EDITOR.yml": src})
	set, err := Load(Options{Root: root, Globs: []Glob{{Pattern: "flags/*/*.yml"}}, NamePattern: regexp.MustCompile(`^FF_[A-Z_]+$`)})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Findings) != 0 {
		t.Errorf("findings: %v", set.Findings)
	}
}

func TestMissingDirectories(t *testing.T) {
	root := t.TempDir()
	// Defaults: no directory at all is an error…
	_, err := Load(Options{Root: root, Globs: defaultGlobs()})
	if err == nil || !strings.Contains(err.Error(), "no flag definitions: none of config/feature_flags/*/*.yml, ee/config/feature_flags/*/*.yml exists") {
		t.Errorf("no dirs, defaults: %v", err)
	}
	// …but one missing default (ee/) is fine.
	root = writeTree(t, map[string]string{"config/feature_flags/beta/new_editor.yml": good})
	if _, err := Load(Options{Root: root, Globs: defaultGlobs()}); err != nil {
		t.Errorf("missing ee/: %v", err)
	}
	// A configured pattern whose directory is missing is an error at the
	// configuration line.
	pos := diag.Position{File: ".flagsweep.yaml", Line: 1, Column: 15}
	_, err = Load(Options{Root: root, Globs: []Glob{{Pattern: "flags/*/*.yml", Pos: pos}}})
	if err == nil || err.Error() != `.flagsweep.yaml:1:15: definitions directory flags does not exist: create it or fix the pattern "flags/*/*.yml"` {
		t.Errorf("configured missing dir: %v", err)
	}
}

func TestBadFiles(t *testing.T) {
	big := good + "description2: " + strings.Repeat("x", yamlx.MaxFileSize) + "\n"
	tests := []struct {
		name    string
		content string
		want    string
	}{
		{"not UTF-8", strings.Replace(good, "Use the new editor", "Use the new \xff\xfe editor", 1), "new_editor.yml:3:26: file is not valid UTF-8"},
		{"oversized", big, "new_editor.yml: file is larger than 1024 KiB"},
		{"NUL byte", "name: a\x00\n", "new_editor.yml:1:8: file contains a NUL byte"},
		{"alias bomb", "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n", "YAML aliases (*a) are not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := writeTree(t, map[string]string{"config/feature_flags/beta/new_editor.yml": tt.content})
			_, err := Load(Options{Root: root, Globs: defaultGlobs()})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
			if err != nil && strings.Count(err.Error(), "\n") != 0 {
				t.Errorf("want one line, got %q", err)
			}
		})
	}
}

func TestSymlinks(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links")
	}
	root := writeTree(t, map[string]string{"shared/beta/new_editor.yml": good})
	dir := filepath.Join(root, "config", "feature_flags")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	// A linked type directory is followed.
	if err := os.Symlink(filepath.Join(root, "shared", "beta"), filepath.Join(dir, "beta")); err != nil {
		t.Fatal(err)
	}
	set, err := Load(Options{Root: root, Globs: defaultGlobs()})
	if err != nil || set.Lookup("new_editor") == nil {
		t.Fatalf("linked directory: %v", err)
	}
	// A definition that is a link loop is an error naming it.
	if err := os.Symlink("loop.yml", filepath.Join(root, "shared", "beta", "loop.yml")); err != nil {
		t.Fatal(err)
	}
	_, err = Load(Options{Root: root, Globs: defaultGlobs()})
	if err == nil || err.Error() != "config/feature_flags/beta/loop.yml: symbolic link loop: fix or remove the link" {
		t.Errorf("link loop: %v", err)
	}
	os.Remove(filepath.Join(root, "shared", "beta", "loop.yml"))
	// A directory loop under ** is found rather than followed forever.
	if err := os.Symlink("..", filepath.Join(root, "shared", "beta", "up")); err != nil {
		t.Fatal(err)
	}
	_, err = Load(Options{Root: root, Globs: []Glob{{Pattern: "shared/**/*.yml"}}})
	if err == nil || !strings.Contains(err.Error(), "symbolic link loop") {
		t.Errorf("directory loop: %v", err)
	}
}

func TestUnreadable(t *testing.T) {
	if os.Getuid() == 0 {
		t.Skip("root reads everything")
	}
	root := writeTree(t, map[string]string{"config/feature_flags/beta/new_editor.yml": good})
	p := filepath.Join(root, "config/feature_flags/beta/new_editor.yml")
	if err := os.Chmod(p, 0); err != nil {
		t.Fatal(err)
	}
	_, err := Load(Options{Root: root, Globs: defaultGlobs()})
	if err == nil || err.Error() != "config/feature_flags/beta/new_editor.yml: permission denied: make the file readable" {
		t.Errorf("unreadable: %v", err)
	}
}

func TestExpand(t *testing.T) {
	root := writeTree(t, map[string]string{
		"a/x/1.yml":       "",
		"a/x/2.yaml":      "",
		"a/y/z/3.yml":     "",
		"a/.hidden/4.yml": "",
		"b/5.yml":         "",
	})
	tests := []struct {
		pattern string
		want    string
		err     string
	}{
		{"a/*/*.yml", "a/x/1.yml", ""},
		{"a/*/*.y*ml", "a/x/1.yml a/x/2.yaml", ""},
		{"a/**/*.yml", "a/x/1.yml a/y/z/3.yml", ""},
		{"**/5.yml", "b/5.yml", ""},
		{"b/5.yml", "b/5.yml", ""},
		{"c/*.yml", "", "c: no such directory"},
		{"../x/*.yml", "", "must be relative to the project root"},
		{"/etc/*.yml", "", "must be relative to the project root"},
		{"a/[x/*.yml", "", "malformed"},
	}
	for _, tt := range tests {
		got, err := Expand(root, tt.pattern)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Expand(%q) error = %v, want %q", tt.pattern, err, tt.err)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("Expand(%q) = %v, %v; want %s", tt.pattern, got, err, tt.want)
		}
	}
}

// FuzzParse feeds arbitrary bytes to the definition parser: it must never
// panic, and whatever it accepts must be a usable definition.
func FuzzParse(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("name: x\nmilestone: 17.10\ntype: ops\ndefault_enabled: true\n"))
	f.Add([]byte("a: &a [x]\nb: *a\n"))
	f.Add([]byte("- 1\n- 2\n"))
	f.Add([]byte("name: [\n"))
	f.Add([]byte("---\n---\n"))
	f.Add([]byte("name: \xff\n"))
	f.Add([]byte("milestone: !!binary AAAA\n"))
	for _, name := range []string{"beta/blob_edit_refactor.yml", "ops/ci_unlock_pipelines.yml"} {
		if data, err := os.ReadFile(filepath.Join("..", "..", "shared", "samples", "gitlab-definitions", name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := yamlx.Parse("config/feature_flags/beta/x.yml", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error: %q", err)
			}
			return
		}
		d, findings, err := Parse(file, Options{})
		if err != nil {
			return
		}
		if d.Name == "" || d.Type == "" {
			t.Fatalf("accepted a definition without name or type: %+v", d)
		}
		if _, err := lifecycle.DefaultTable().Lookup(d.Type); err != nil {
			t.Fatalf("accepted unknown type %q", d.Type)
		}
		for _, f := range findings {
			if f.Pos.Line < 1 || f.Pos.Column < 1 {
				t.Fatalf("finding without a position: %v", f)
			}
		}
	})
}
