package scan

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"time"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/atomicfile"
	"github.com/flagsweep/flagsweep/load"
	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// A Cache keeps each package's lint results between runs, as the go
// command keeps go vet's: a package whose inputs did not change is not
// type-checked or analysed again, and an edit re-analyses only the edited
// package and those that depend on it.
//
// A package's key hashes everything its results depend on: the
// executable, the configuration, every flag's definition, state and
// verdict (so the date, the milestone and the state source too), the
// package's own files, and its dependencies — by their own keys for the
// packages analysed here, by their export data for the others (the go
// command names export files by their content). The entry holds the
// package's diagnostics, its references as lint counts them, and the facts
// it exported, which its dependents need when they are analysed again.
//
// Entries are files written atomically under the user cache directory, so
// concurrent runs at worst compute a result twice. Entries unused for a
// week are deleted.
type Cache struct {
	dir     string
	project [sha256.Size]byte
	types   map[string]reflect.Type // fact types by name
}

// cacheVersion changes when the entry format or what is hashed does.
const cacheVersion = "flagsweep lint cache 4"

// cacheTTL is how long an unused entry lives.
const cacheTTL = 7 * 24 * time.Hour

// OpenCache returns the lint cache for a project, in dir (default: the
// user cache directory's flagsweep/lint), or an error when there is none
// to be had (no home directory, no executable): then lint runs without.
func OpenCache(p *project.Project, dir string, analyzers []*analysis.Analyzer) (*Cache, error) {
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil, err
		}
		dir = filepath.Join(base, "flagsweep", "lint")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	h := sha256.New()
	fmt.Fprintln(h, cacheVersion)
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if err := hashFileInto(h, exe); err != nil {
		return nil, err
	}
	if p.Config.File != "" {
		if err := hashFileInto(h, p.Config.File); err != nil {
			return nil, err
		}
	}
	fmt.Fprintf(h, "today %s\n", p.Today.Format(time.DateOnly))
	// Definitions, states and verdicts, YAML and Go-declared alike: what
	// every package's findings are checked against.
	enc := json.NewEncoder(h)
	for _, f := range p.Flags {
		if err := enc.Encode([]any{f.Definition, f.State, f.Eval, f.Age, f.Policy}); err != nil {
			return nil, err
		}
	}
	c := &Cache{dir: dir, types: make(map[string]reflect.Type)}
	copy(c.project[:], h.Sum(nil))
	seen := make(map[*analysis.Analyzer]bool)
	var walk func(a *analysis.Analyzer)
	walk = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, f := range a.FactTypes {
			t := reflect.TypeOf(f)
			c.types[t.String()] = t
		}
		for _, r := range a.Requires {
			walk(r)
		}
	}
	walk(flagrefs.Analyzer)
	for _, a := range analyzers {
		walk(a)
	}
	c.trim()
	return c, nil
}

func hashFileInto(h io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fmt.Fprintf(h, "file %s\n", path)
	_, err = io.Copy(h, f)
	return err
}

// salted returns the cache for a second analysis told of the holders
// other packages bind (see Run): its results differ from the first's, so
// its keys do too.
func (c *Cache) salted(foreign []flagrefs.ForeignHolder) *Cache {
	lines := make([]string, len(foreign))
	for i, h := range foreign {
		lines[i] = fmt.Sprintf("%s:%d:%s %s %s %s", h.Key.File, h.Key.Line, h.Key.Name, h.Key.Func, h.Fact.Flag, h.Fact.Constructor)
	}
	sort.Strings(lines)
	h := sha256.New()
	h.Write(c.project[:])
	for _, l := range lines {
		fmt.Fprintln(h, l)
	}
	s := *c
	copy(s.project[:], h.Sum(nil))
	return &s
}

// A cacheKey names one package's entry.
type cacheKey [sha256.Size]byte

// keys computes the key of every package of the program, dependencies
// first. Packages analysed here (roots) are hashed by content; the others
// by their export data's file name, which the go command derives from the
// content. A package whose files cannot be read gets no key (never cached).
func (c *Cache) keys(prog *load.Program) map[*load.Package]cacheKey {
	keys := make(map[*load.Package]cacheKey)
	for _, n := range prog.Packages {
		h := sha256.New()
		h.Write(c.project[:])
		fmt.Fprintf(h, "package %s\n", n.ID)
		ok := true
		if n.Root {
			for _, files := range [][]string{n.CompiledGoFiles, n.IgnoredFiles, n.OtherFiles} {
				for _, f := range files {
					if err := hashFileInto(h, f); err != nil {
						ok = false
					}
				}
				fmt.Fprintln(h, "--")
			}
		} else {
			fmt.Fprintf(h, "export %s\n", n.ExportFile)
		}
		paths := make([]string, 0, len(n.Imports))
		for p := range n.Imports {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		for _, p := range paths {
			dk, dok := keys[n.Imports[p]]
			if !dok {
				ok = false
				break
			}
			fmt.Fprintf(h, "import %s %x\n", p, dk)
		}
		if ok {
			var k cacheKey
			copy(k[:], h.Sum(nil))
			keys[n] = k
		}
	}
	return keys
}

// A cacheEntry is one package's results.
type cacheEntry struct {
	Diagnostics []diag.Diagnostic
	Refs        []cachedRef
	Facts       []cachedFact
	PkgFacts    []cachedFact
	// Wrappers are the names of the package's wrapper functions: later
	// packages that mention only them must still be checked.
	Wrappers []string
	// Foreign are the other packages' fields it binds to a flag's value
	// (see flagrefs.Result.Foreign).
	Foreign []flagrefs.ForeignHolder
	// CheckFuncs are the functions and methods its references check a
	// flag through (see Result.CheckFuncs): a removal reading the entry
	// must see what it would have seen analysing the package.
	CheckFuncs []string
	// Run, in an entry of its own, is a whole run's memo (see runMemo).
	Run *runMemo
}

// A cachedRef is a reference as lint counts it (see unused).
type cachedRef struct {
	Kind    flagrefs.Kind
	Flag    string
	Dynamic bool
	Pos     diag.Position
}

// A cachedFact is a fact with its object path (empty for a package fact)
// and type, gob-encoded as go vet encodes facts.
type cachedFact struct {
	Path objectpath.Path
	Type string
	Data []byte
}

func (c *Cache) file(k cacheKey) string {
	s := hex.EncodeToString(k[:])
	return filepath.Join(c.dir, s[:2], s+".gob")
}

// get returns the entry for a key, or nil. A hit refreshes the entry's
// time, so that trim keeps what is used.
func (c *Cache) get(k cacheKey) *cacheEntry {
	name := c.file(k)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var e cacheEntry
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&e); err != nil {
		return nil
	}
	now := time.Now()
	_ = os.Chtimes(name, now, now)
	return &e
}

// put stores an entry; failing to is not an error (the next run computes
// it again).
func (c *Cache) put(k cacheKey, e *cacheEntry) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(e); err != nil {
		return
	}
	name := c.file(k)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return
	}
	_ = atomicfile.Write(name, buf.Bytes(), 0o644)
}

// trim deletes entries unused for cacheTTL, at most once a day.
func (c *Cache) trim() {
	mark := filepath.Join(c.dir, "trimmed")
	if fi, err := os.Stat(mark); err == nil && time.Since(fi.ModTime()) < 24*time.Hour {
		return
	}
	_ = atomicfile.Write(mark, nil, 0o644)
	subs, _ := os.ReadDir(c.dir)
	for _, s := range subs {
		if !s.IsDir() {
			continue
		}
		files, _ := os.ReadDir(filepath.Join(c.dir, s.Name()))
		for _, f := range files {
			if fi, err := f.Info(); err == nil && time.Since(fi.ModTime()) > cacheTTL {
				_ = os.Remove(filepath.Join(c.dir, s.Name(), f.Name()))
			}
		}
	}
}

// encodeFacts returns the facts a package exported.
func (c *Cache) encodeFacts(r *driver, n *load.Package) (objs, pkgs []cachedFact, ok bool) {
	enc := func(f analysis.Fact) ([]byte, bool) {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(f); err != nil {
			return nil, false
		}
		return buf.Bytes(), true
	}
	for _, k := range r.exported[n] {
		if k.obj != nil {
			continue // a local's fact: only its package sees it
		}
		data, ok := enc(r.facts[k])
		if !ok {
			return nil, nil, false
		}
		objs = append(objs, cachedFact{Path: k.path, Type: k.t.String(), Data: data})
	}
	for k, f := range r.pkgFacts {
		if k.pkg != n.PkgPath {
			continue
		}
		data, ok := enc(f)
		if !ok {
			return nil, nil, false
		}
		pkgs = append(pkgs, cachedFact{Type: k.t.String(), Data: data})
	}
	return objs, pkgs, true
}

// importFacts gives the driver the facts a cached package exported, as if
// it had been analysed; false when one cannot be decoded (then the
// package is analysed instead).
func (c *Cache) importFacts(r *driver, n *load.Package, e *cacheEntry) bool {
	pkgPath := n.PkgPath
	dec := func(cf cachedFact) (analysis.Fact, reflect.Type, bool) {
		t, ok := c.types[cf.Type]
		if !ok || t.Kind() != reflect.Pointer {
			return nil, nil, false
		}
		v := reflect.New(t.Elem())
		if err := gob.NewDecoder(bytes.NewReader(cf.Data)).Decode(v.Interface()); err != nil {
			return nil, nil, false
		}
		f, ok := v.Interface().(analysis.Fact)
		return f, t, ok
	}
	objs := make(map[factKey]analysis.Fact)
	for _, cf := range e.Facts {
		f, t, ok := dec(cf)
		if !ok {
			return false
		}
		objs[factKey{pkg: pkgPath, path: cf.Path, t: t}] = f
	}
	pkgs := make(map[pkgFactKey]analysis.Fact)
	for _, cf := range e.PkgFacts {
		f, t, ok := dec(cf)
		if !ok {
			return false
		}
		pkgs[pkgFactKey{pkgPath, t}] = f
	}
	for k, f := range objs {
		r.setFact(k, f)
		r.exported[n] = append(r.exported[n], k)
	}
	for k, f := range pkgs {
		r.pkgFacts[k] = f
	}
	return true
}
