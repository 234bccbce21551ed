package load

import (
	"context"
	"go/types"
	"runtime"
	"sync"
	"testing"

	"github.com/flagsweep/flagsweep/internal/synth"
)

// TestRaceCheck type-checks every package of a module on every CPU and,
// as soon as each check is done, walks everything the checked package can
// see — its imports' imports, their scopes and their objects — as
// analyzers and the removal do while other checks still run. `make test`
// runs it with -race. The contract it checks (see readExport): every
// package a check imports is complete, so walking it needs no lock; the
// packages beyond (indirect dependencies) may still be filled in by reads
// in other goroutines, and are walked inside Frozen.
func TestRaceCheck(t *testing.T) {
	dir := t.TempDir()
	if err := synth.GenerateTangle(dir, 12); err != nil {
		t.Fatal(err)
	}
	prog, err := Load(context.Background(), Options{Dir: dir, Tests: true})
	if err != nil {
		t.Fatal(err)
	}
	var todo []*Package
	for _, n := range prog.Roots {
		if !n.IsTestMain() && len(n.CompiledGoFiles) > 0 {
			todo = append(todo, n)
		}
	}
	work := make(chan *Package)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var objects int
	failed := false
	// At least two workers even on one CPU: the race detector needs two
	// goroutines, not two cores.
	for range max(2, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range work {
				if err := prog.Check(n); err != nil {
					t.Errorf("%s: %v", n.ID, err)
					continue
				}
				for _, te := range n.TypeErrors {
					t.Errorf("%s: %v", n.ID, te)
				}
				for _, imp := range n.Types.Imports() {
					if !imp.Complete() {
						mu.Lock()
						if !failed {
							failed = true
							t.Errorf("%s imports %s, which is not complete", n.ID, imp.Path())
						}
						mu.Unlock()
					}
				}
				var seen int
				prog.Frozen(func() { seen = walkVisible(n.Types) })
				mu.Lock()
				objects += seen
				mu.Unlock()
			}
		}()
	}
	for _, n := range todo {
		work <- n
	}
	close(work)
	wg.Wait()
	if objects == 0 {
		t.Error("the walk saw no objects")
	}
}

// walkVisible visits every package reachable through Imports, and every
// object and method in their scopes, the way objectpath and the
// analyzers do (indirect dependencies, partial, included: the caller
// holds the program frozen). It returns how many objects it saw.
func walkVisible(pkg *types.Package) (count int) {
	seen := make(map[*types.Package]bool)
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		if seen[p] {
			return
		}
		seen[p] = true
		for _, name := range p.Scope().Names() {
			obj := p.Scope().Lookup(name)
			count++
			if tn, ok := obj.(*types.TypeName); ok {
				if named, ok := tn.Type().(*types.Named); ok {
					for m := range named.Methods() {
						_ = m.Name()
					}
				}
			}
		}
		for _, imp := range p.Imports() {
			walk(imp)
		}
	}
	walk(pkg)
	return count
}

// TestExportReadWritesOnlyItsPackage checks what the loader's sharing of
// packages between goroutines rests on: once a package's dependencies are
// read, reading its export data declares nothing more in them. Standard
// packages with wide APIs (and an unexported type reachable only through
// an exported function) make the module.
func TestExportReadWritesOnlyItsPackage(t *testing.T) {
	dir := t.TempDir()
	writeModule(t, dir, map[string]string{"go.mod": "module example.com/m\n\ngo 1.26\n", "hidden/hidden.go": `package hidden

type secret struct{ N int }

func (s secret) Twice() int { return 2 * s.N }

// New returns a value of an unexported type.
func New() secret { return secret{1} }
`, "mid/mid.go": `package mid

import (
	"encoding/json"
	"example.com/m/hidden"
	"go/types"
	"net/http"
	"text/template"
)

var (
	V        = hidden.New()
	Handler  http.Handler
	Tmpl     *template.Template
	Msg      json.RawMessage
	Universe = types.Universe
)
`, "top/top.go": `package top

import "example.com/m/mid"

// Twice reaches hidden's unexported type through mid.
func Twice() int { return mid.V.Twice() }
`})
	prog, err := Load(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	// Read every package, dependents last, and after each read compare
	// the size of every complete package's scope with what it was.
	sizes := make(map[*Package]int)
	for _, n := range prog.Packages {
		if _, err := prog.exportTypes(n); err != nil {
			t.Fatalf("%s: %v", n.ID, err)
		}
		for m, size := range sizes {
			if got := m.types.Scope().Len(); got != size {
				t.Errorf("reading %s declared %d objects in %s, which was complete", n.ID, got-size, m.ID)
				sizes[m] = got
			}
		}
		for _, m := range prog.Packages {
			if _, ok := sizes[m]; !ok && m.types.Complete() {
				sizes[m] = m.types.Scope().Len()
			}
		}
	}
	if len(sizes) < 50 {
		t.Errorf("only %d packages read", len(sizes))
	}
	top := prog.Roots[len(prog.Roots)-1]
	if err := prog.Check(top); err != nil || len(top.TypeErrors) > 0 {
		t.Fatalf("%s: %v %v", top.ID, err, top.TypeErrors)
	}
}
