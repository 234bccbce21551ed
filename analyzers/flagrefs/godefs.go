package flagrefs

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/definitions"
	"github.com/flagsweep/flagsweep/definitions/godefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/go/analysis"
)

// GoDefsFact carries the flags a package declares in Go (a
// go_definitions package) to the packages that import it. Under go vet,
// where every package is analysed in its own process, it is how a package
// checking flags learns them without loading the declaring packages
// again: they are its dependencies, analysed first.
type GoDefsFact struct {
	Defs []*definitions.Definition
}

// AFact marks GoDefsFact as an analysis fact.
func (*GoDefsFact) AFact() {}

func (f *GoDefsFact) String() string {
	names := make([]string, len(f.Defs))
	for i, d := range f.Defs {
		names[i] = d.Name
	}
	return "declares " + strings.Join(names, ", ")
}

// WrapperFormsFact carries a package's registration wrappers (see
// godefs.Wrappers), as the forms they add, to the packages that import
// it. flagsweep's own driver finds them where it reads the declarations
// (godefs.Load); under go vet, where every package is analysed in its own
// process, a package declaring gates through a wrapper of another package
// (or checking them through its handles) learns it so.
type WrapperFormsFact struct {
	Forms godefs.Forms
}

// AFact marks WrapperFormsFact as an analysis fact.
func (*WrapperFormsFact) AFact() {}

func (f *WrapperFormsFact) String() string {
	names := make([]string, len(f.Forms.GoDefinitions))
	for i, d := range f.Forms.GoDefinitions {
		names[i] = d.Constructor.String()
	}
	return "wraps registrations: " + strings.Join(names, ", ")
}

// withWrappers returns the configuration with the registration wrappers
// of the package and of its dependencies as forms, the package's own
// exported as a fact, when the driver did not provide them (go vet).
func withWrappers(pass *analysis.Pass, cfg *config.Config) *config.Config {
	sources := cfg.AllGoDefinitions()
	if len(sources) == 0 {
		return cfg
	}
	var forms godefs.Forms
	for _, pf := range pass.AllPackageFacts() {
		if f, ok := pf.Fact.(*WrapperFormsFact); ok {
			forms.GoDefinitions = append(forms.GoDefinitions, f.Forms.GoDefinitions...)
			forms.Handles = append(forms.Handles, f.Forms.Handles...)
		}
	}
	// Wrappers live where declarations may (godefs.Load looks there
	// too): other packages only use them.
	var local godefs.Forms
	if len(ownSources(pass, cfg, sources)) > 0 {
		local = godefs.Wrappers(pass.Files, pass.TypesInfo, append(slices.Clip(sources), forms.GoDefinitions...), append(cfg.AllHandles(), forms.Handles...))
	}
	if len(local.GoDefinitions) > 0 {
		pass.ExportPackageFact(&WrapperFormsFact{Forms: local})
	}
	forms.GoDefinitions = append(forms.GoDefinitions, local.GoDefinitions...)
	forms.Handles = append(forms.Handles, local.Handles...)
	if len(forms.GoDefinitions) == 0 {
		return cfg
	}
	c := *cfg
	c.GoDefinitions = append(slices.Clip(cfg.GoDefinitions), forms.GoDefinitions...)
	c.Handles = append(slices.Clip(cfg.Handles), forms.Handles...)
	return &c
}

// exportGoDefs exports the flags the package declares, when it is one of
// the configuration's go_definitions packages.
func exportGoDefs(pass *analysis.Pass, cfg *config.Config) {
	sources := cfg.AllGoDefinitions()
	if len(sources) == 0 {
		return
	}
	mine := ownSources(pass, cfg, sources)
	if len(mine) == 0 {
		return
	}
	defs := godefs.Extract(pass.Fset, pass.Files, pass.TypesInfo, mine, cfg)
	if len(defs) == 0 {
		return
	}
	external := !strings.HasPrefix(packageDir(pass), cfg.Root+string(filepath.Separator))
	if pass.Module != nil && pass.Module.Path != "" {
		external = pass.Module.Path != modulePath(cfg.Root)
	}
	if external {
		for _, d := range defs {
			d.Go[0].External = true // another module's declaration
		}
	}
	pass.ExportPackageFact(&GoDefsFact{Defs: defs})
}

// ownSources returns the Go definitions whose packages include the
// package being analysed.
func ownSources(pass *analysis.Pass, cfg *config.Config, sources []config.GoDefinition) []config.GoDefinition {
	var mine []config.GoDefinition
	for _, s := range sources {
		for _, p := range s.Packages {
			if matchPackage(cfg.Root, p, pass.Pkg.Path()) {
				mine = append(mine, s)
				break
			}
		}
	}
	return mine
}

// withImportedGoDefs returns the project with the Go-declared flags of
// the package's dependencies, when the project skipped them (an offline
// project, as under go vet) and the dependencies declare some.
func withImportedGoDefs(pass *analysis.Pass, p *project.Project) *project.Project {
	if !p.GoDefinitionsSkipped {
		return p
	}
	var defs []*definitions.Definition
	for _, pf := range pass.AllPackageFacts() {
		if f, ok := pf.Fact.(*GoDefsFact); ok {
			defs = append(defs, f.Defs...)
		}
	}
	if len(defs) == 0 {
		return p
	}
	return p.WithGoDefinitions(defs)
}

// matchPackage reports whether the package path is matched by a
// go_definitions pattern: a directory relative to the module root
// (./pkg/features, ./internal/...), or an import path (with /...).
func matchPackage(root, pattern, path string) bool {
	if strings.HasPrefix(pattern, ".") {
		mod := modulePath(root)
		if mod == "" {
			return false
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(pattern, "."), "/")
		pattern = mod
		if rel != "" {
			pattern = mod + "/" + rel
		}
	}
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == base || strings.HasPrefix(path, base+"/")
	}
	return path == pattern
}

var modulePaths sync.Map // root → module path

// modulePath returns the module path declared by root/go.mod, or "".
func modulePath(root string) string {
	if v, ok := modulePaths.Load(root); ok {
		return v.(string)
	}
	path := ""
	if data, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
				path = strings.Trim(strings.TrimSpace(rest), `"`)
				break
			}
		}
	}
	modulePaths.Store(root, path)
	return path
}

// goDefsWire is GoDefsFact as encoded: each definition's Fields map as a
// list sorted by key. Facts must encode deterministically (go vet caches
// by their bytes, and the analysis checker verifies it); gob writes a
// map in iteration order.
type goDefsWire struct {
	Defs   []*definitions.Definition
	Fields [][]wireField
}

type wireField struct {
	Key string
	Pos diag.Position
}

// GobEncode encodes the fact deterministically.
func (f *GoDefsFact) GobEncode() ([]byte, error) {
	var w goDefsWire
	for _, d := range f.Defs {
		c := *d
		c.Fields = nil
		var fields []wireField
		for k, p := range d.Fields {
			fields = append(fields, wireField{k, p})
		}
		sort.Slice(fields, func(i, j int) bool { return fields[i].Key < fields[j].Key })
		w.Defs = append(w.Defs, &c)
		w.Fields = append(w.Fields, fields)
	}
	var buf bytes.Buffer
	err := gob.NewEncoder(&buf).Encode(w)
	return buf.Bytes(), err
}

// GobDecode decodes what GobEncode wrote.
func (f *GoDefsFact) GobDecode(data []byte) error {
	var w goDefsWire
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&w); err != nil {
		return err
	}
	for i, d := range w.Defs {
		if i < len(w.Fields) && len(w.Fields[i]) > 0 {
			d.Fields = make(map[string]diag.Position, len(w.Fields[i]))
			for _, fl := range w.Fields[i] {
				d.Fields[fl.Key] = fl.Pos
			}
		}
	}
	f.Defs = w.Defs
	return nil
}
