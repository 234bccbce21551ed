package rewrite

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the golden cases' want sections with the actual output")

// The golden corpus: testdata/rewrite/*.txtar. Each archive is a module
// (go.mod, the feature package, the configuration and the definitions are
// supplied by default when the archive has none) and the expected result:
//
//	-- want/<path> --   the file after the removal
//	-- want-deleted --  files deleted, one per line (besides definitions)
//	-- want-refused --  regexps, one per refused site, in order
//	-- want-unforced -- regexps, one per table case kept although it
//	                    left the override's field unset (in order)
//	-- want-error --    a regexp the removal's error must match
//	-- want-generated -- generated files listed for regeneration, one per line
//
// The archive's comment holds directives:
//
//	remove: name=true other=false
//	aggressive
//	keep-declaration, remove-with: V   (stabilize: see stabilize.go)
//	scan-all    (scan every flag's references, as lint does: Options.ScanAll)
//	vet         (write the result and run go vet ./... on it: the
//	            result builds and vets, whatever was refused)
//
// Every case is also checked for gofmt: a Go file that was gofmt-clean
// must stay so. The removal itself type-checks its result, so every case
// that succeeds compiles.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "rewrite", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden cases")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			runGolden(t, file)
		})
	}
}

func runGolden(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var targets []Target
	aggressive, vet, keep, scanAll := false, false, false, false
	removeWith := ""
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "remove:"):
			for _, f := range strings.Fields(strings.TrimPrefix(line, "remove:")) {
				name, v, _ := strings.Cut(f, "=")
				targets = append(targets, Target{Name: name, Value: v != "false"})
			}
		case line == "aggressive":
			aggressive = true
		case line == "vet":
			vet = true
		case line == "scan-all":
			scanAll = true
		case line == "keep-declaration":
			keep = true
		case strings.HasPrefix(line, "remove-with:"):
			removeWith = strings.TrimSpace(strings.TrimPrefix(line, "remove-with:"))
		}
	}
	if len(targets) == 0 {
		t.Fatal("no remove: directive in the archive's comment")
	}
	dir := t.TempDir()
	want := make(map[string]string)
	var wantDeleted, wantRefused, wantGenerated, wantUnforced []string
	checkGenerated := false
	wantError := ""
	given := make(map[string]bool)
	for _, f := range ar.Files {
		switch {
		case strings.HasPrefix(f.Name, "want/"):
			want[strings.TrimPrefix(f.Name, "want/")] = string(f.Data)
		case f.Name == "want-deleted":
			wantDeleted = strings.Fields(string(f.Data))
		case f.Name == "want-refused":
			for _, l := range strings.Split(strings.TrimSpace(string(f.Data)), "\n") {
				if l != "" {
					wantRefused = append(wantRefused, l)
				}
			}
		case f.Name == "want-unforced":
			wantUnforced = strings.Split(strings.TrimSpace(string(f.Data)), "\n")
		case f.Name == "want-generated":
			wantGenerated, checkGenerated = strings.Fields(string(f.Data)), true
		case f.Name == "want-error":
			wantError = strings.TrimSpace(string(f.Data))
		default:
			writeFile(t, dir, f.Name, f.Data)
			given[f.Name] = true
		}
	}
	for name, content := range goldenDefaults(targets) {
		if !given[name] && !(strings.HasPrefix(name, "config/") && hasPrefix(given, "config/")) {
			writeFile(t, dir, name, []byte(content))
		}
	}
	p, err := project.Open(context.Background(), project.Options{Dir: dir, Today: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Remove(context.Background(), Options{Project: p, Targets: targets, Aggressive: aggressive, KeepDeclaration: keep, RemoveWith: removeWith, ScanAll: scanAll})
	if wantError != "" {
		if err == nil || !regexp.MustCompile(wantError).MatchString(err.Error()) {
			t.Fatalf("error = %v, want one matching %q", err, wantError)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	got := make(map[string]string)
	var deleted []string
	defs := make(map[string]bool)
	for _, tg := range targets {
		if f := p.Flag(tg.Name); f != nil && f.YAML() {
			defs[f.File] = true
		}
	}
	for _, fc := range res.Files {
		switch {
		case fc.Deleted && !defs[fc.Path]:
			deleted = append(deleted, fc.Path)
		case !fc.Deleted:
			got[fc.Path] = string(fc.New)
			if strings.HasSuffix(fc.Path, ".go") {
				if clean, err := format.Source(fc.Old); err == nil && bytes.Equal(clean, fc.Old) {
					if out, err := format.Source(fc.New); err != nil || !bytes.Equal(out, fc.New) {
						t.Errorf("%s was gofmt-clean and is not after the removal", fc.Path)
					}
				}
			}
		}
	}
	var refused []string
	for _, s := range res.Sites {
		if s.Status == "refused" {
			refused = append(refused, s.Reason)
			if os.Getenv("GOLDEN_DEBUG") != "" {
				t.Logf("refused %s: %s", s.Pos, s.Reason)
			}
		}
	}
	if len(res.Files) == 0 && len(res.Sites) == 0 {
		// A removal finding nothing (a misspelt flag name) would pass
		// any archive that expects nothing to change.
		t.Fatal("the removal changed nothing and found no site")
	}
	if *update {
		updateGolden(t, file, ar, got, deleted, refused)
		return
	}
	if vet {
		vetResult(t, dir, res)
	}
	if checkGenerated {
		var generated []string
		for _, s := range res.Generated {
			generated = append(generated, s.Pos.File)
		}
		sort.Strings(generated)
		if strings.Join(generated, " ") != strings.Join(wantGenerated, " ") {
			t.Errorf("generated files listed %v, want %v", generated, wantGenerated)
		}
	}
	for path, w := range want {
		g, ok := got[path]
		if !ok {
			orig, _ := os.ReadFile(filepath.Join(dir, path))
			g = string(orig)
		}
		if g != w {
			t.Errorf("%s after the removal:\n%s\nwant:\n%s", path, g, w)
		}
	}
	for path := range got {
		if _, ok := want[path]; !ok && strings.HasSuffix(path, ".go") {
			t.Errorf("%s changed, but the case has no want/%s:\n%s", path, path, got[path])
		}
	}
	sort.Strings(deleted)
	sort.Strings(wantDeleted)
	if strings.Join(deleted, " ") != strings.Join(wantDeleted, " ") {
		t.Errorf("deleted %v, want %v", deleted, wantDeleted)
	}
	if len(refused) != len(wantRefused) {
		t.Errorf("refused %d sites %q, want %d %q", len(refused), refused, len(wantRefused), wantRefused)
	} else {
		for i, re := range wantRefused {
			if !regexp.MustCompile(re).MatchString(refused[i]) {
				t.Errorf("refused site %d: %q does not match %q", i, refused[i], re)
			}
		}
	}
	var unforced []string
	for _, s := range res.Sites {
		if s.Kind == "test-unforced" {
			unforced = append(unforced, fmt.Sprintf("%s: %s", s.Pos, s.Via))
		}
	}
	if len(unforced) != len(wantUnforced) {
		t.Errorf("kept %d unforced cases %q, want %d %q", len(unforced), unforced, len(wantUnforced), wantUnforced)
	} else {
		for i, re := range wantUnforced {
			if !regexp.MustCompile(re).MatchString(unforced[i]) {
				t.Errorf("unforced case %d: %q does not match %q", i, unforced[i], re)
			}
		}
	}
}

func hasPrefix(set map[string]bool, prefix string) bool {
	for k := range set {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

func writeFile(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// goldenDefaults are the files every case has unless it brings its own:
// a module, a feature package with every reference form, a configuration
// and a definition for each flag the case removes.
func goldenDefaults(targets []Target) map[string]string {
	files := map[string]string{
		"go.mod":  "module example.com/m\n\ngo 1.26\n",
		"VERSION": "17.9.0\n",
		".flagsweep.yaml": `accessors:
  - func: example.com/m/feature.Enabled
    key: 1
  - func: example.com/m/feature.Disabled
    key: 1
    negated: true
  - method: (*example.com/m/feature.Client).BoolVariation
    key: 0
    default: 2
handles:
  - constructor: example.com/m/feature.NewFlag
    name: 0
    enabled: [IsEnabled]
    disabled: [IsDisabled]
test_overrides:
  - func: example.com/m/feature.WithOverride
    flag: 1
    value: 2
  - func: example.com/m/feature.SetForTest
    flag: 1
    value: 2
feature_sets:
  - func: example.com/m/feature.NewFeatureSets
`,
		"feature/feature.go": `// Package feature is the golden cases' flag library.
package feature

import (
	"context"
	"testing"
)

type key struct{ name string }

// Enabled reports whether the flag is on.
func Enabled(ctx context.Context, name string) bool {
	v, _ := ctx.Value(key{name}).(bool)
	return v
}

// Disabled reports whether the flag is off.
func Disabled(ctx context.Context, name string) bool { return !Enabled(ctx, name) }

// WithOverride forces a flag in a test.
func WithOverride(ctx context.Context, name string, on bool) context.Context {
	return context.WithValue(ctx, key{name}, on)
}

// SetForTest forces a flag for the rest of a test.
func SetForTest(t testing.TB, name string, on bool) {}

// Flag is a handle.
type Flag struct{ name string }

// NewFlag makes a handle.
func NewFlag(name string) Flag { return Flag{name} }

// IsEnabled reports whether the flag is on.
func (f Flag) IsEnabled(ctx context.Context) bool { return Enabled(ctx, f.name) }

// IsDisabled reports whether the flag is off.
func (f Flag) IsDisabled(ctx context.Context) bool { return !Enabled(ctx, f.name) }

// Client is an SDK client.
type Client struct{}

// BoolVariation evaluates a flag, SDK style.
func (c *Client) BoolVariation(key string, ctx any, def bool) (bool, error) { return def, nil }

// Sets runs a test under every combination of flags.
type Sets struct{ flags []Flag }

// NewFeatureSets lists the flags.
func NewFeatureSets(flags ...Flag) Sets { return Sets{flags} }

// Run runs fn once per combination.
func (s Sets) Run(t *testing.T, fn func(t *testing.T, ctx context.Context)) {
	fn(t, context.Background())
}
`,
	}
	for _, tg := range targets {
		files[fmt.Sprintf("config/feature_flags/beta/%s.yml", tg.Name)] = fmt.Sprintf(
			"---\nname: %s\ndescription: The %s feature\nmilestone: '17.0'\ntype: beta\ngroup: group::golden\ndefault_enabled: %t\n", tg.Name, strings.ReplaceAll(tg.Name, "_", " "), tg.Value)
	}
	return files
}

// updateGolden rewrites the archive's want sections from the actual
// result; the inputs are kept as they are.
func updateGolden(t *testing.T, file string, ar *txtar.Archive, got map[string]string, deleted, refused []string) {
	var files []txtar.File
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want/") || f.Name == "want-deleted" || f.Name == "want-refused" {
			continue
		}
		files = append(files, f)
	}
	var paths []string
	for p := range got {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		files = append(files, txtar.File{Name: "want/" + p, Data: []byte(got[p])})
	}
	if len(deleted) > 0 {
		sort.Strings(deleted)
		files = append(files, txtar.File{Name: "want-deleted", Data: []byte(strings.Join(deleted, "\n") + "\n")})
	}
	if len(refused) > 0 {
		var lines []string
		for _, r := range refused {
			lines = append(lines, regexp.QuoteMeta(r))
		}
		files = append(files, txtar.File{Name: "want-refused", Data: []byte(strings.Join(lines, "\n") + "\n")})
	}
	ar.Files = files
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

// vetResult writes a removal's result into the case's module and runs go
// vet on it: the promise is that what remove writes builds and vets.
func vetResult(t *testing.T, dir string, res *Result) {
	t.Helper()
	if err := res.Write(); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("go vet on the written result: %v\n%s", err, out)
	}
}
