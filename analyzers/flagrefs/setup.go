package flagrefs

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/go/analysis"
)

// projects caches opened projects by configuration, so that a driver
// analysing many packages in one process (gopls, flagsweep lint) reads the
// definitions once. It is a cache, not configuration: what to open is
// always decided by the analyzer's flags and the package's location.
var projects struct {
	sync.Mutex
	m map[string]*projectEntry
}

type projectEntry struct {
	once sync.Once
	p    *project.Project
	err  error
}

// UseProject makes p the project for every package under its
// configuration, for drivers that have opened it already (with overrides
// such as --milestone) and must not open it again.
func UseProject(p *project.Project) {
	e := &projectEntry{p: p}
	e.once.Do(func() {})
	projects.Lock()
	defer projects.Unlock()
	if projects.m == nil {
		projects.m = make(map[string]*projectEntry)
	}
	projects.m[projectKey(p.Config.File, p.Root)] = e
}

// KeyNames returns the identifiers naming flags declared in Go (key
// constants, handle variables): a file mentioning one may override a flag
// with a literal that names nothing else flagsweep knows
// (cfg.FeatureGates[string(features.X)] = true).
//
// With a test override keyed by plain strings (map_key_type: string),
// the flags' names and keys too: a test's config map names a flag by
// them alone.
func KeyNames(p *project.Project) []string {
	var out []string
	for _, f := range p.Flags {
		for _, g := range f.Go {
			if g.Ident != "" {
				out = append(out, g.Ident)
			}
		}
	}
	for _, o := range p.Config.AllTestOverrides() {
		if o.StringKeys {
			out = append(out, slices.Sorted(maps.Keys(keyStrings(p)))...)
			break
		}
	}
	return out
}

// keyStrings returns the strings a map keyed by plain strings (a test
// override of map_key_type: string) names a flag by: its name and its
// other keys (a binder's configuration key, "enable-custom-tasks").
func keyStrings(p *project.Project) map[string]bool {
	out := make(map[string]bool)
	for _, f := range p.Flags {
		out[f.Name] = true
		for _, k := range f.Keys {
			out[k] = true
		}
	}
	return out
}

func projectKey(configFile, root string) string {
	if configFile != "" {
		return "file:" + configFile
	}
	return "root:" + root
}

// configs caches parsed configurations by file, like projects.
var configs struct {
	sync.Mutex
	m map[string]*configEntry
}

type configEntry struct {
	once sync.Once
	c    *config.Config
	err  error
}

// locate returns the configuration file (empty for none) and root that
// govern a package, honouring the -config flag.
func locate(pass *analysis.Pass) (file, root, dir string) {
	dir = packageDir(pass)
	file = flags.config
	if file != "" {
		if !filepath.IsAbs(file) {
			// go vet runs the tool in each package's directory: a
			// relative path is taken from the module root, where the
			// user wrote it.
			file = filepath.Join(config.ModuleRoot(dir), file)
		}
		return file, filepath.Dir(file), dir
	}
	file, root = config.Locate(dir)
	return file, root, dir
}

// configFor reads (once) the configuration a package is governed by. It
// is all flagrefs needs to know whether a package refers to flags at all.
// When a driver provided the whole project (UseProject), it returns that
// project too.
func configFor(pass *analysis.Pass) (*config.Config, *project.Project, error) {
	file, root, _ := locate(pass)
	k := projectKey(file, root)
	projects.Lock()
	if pe, ok := projects.m[k]; ok && pe.p != nil {
		projects.Unlock()
		return pe.p.Config, pe.p, nil
	}
	projects.Unlock()
	configs.Lock()
	if configs.m == nil {
		configs.m = make(map[string]*configEntry)
	}
	e, ok := configs.m[k]
	if !ok {
		e = new(configEntry)
		configs.m[k] = e
	}
	configs.Unlock()
	e.once.Do(func() {
		if file == "" {
			e.c = config.Default(root)
			return
		}
		e.c, e.err = config.Load(file)
	})
	return e.c, nil, e.err
}

// projectFor opens (once) the project a package belongs to: definitions,
// state and verdicts.
func projectFor(pass *analysis.Pass, cfg *config.Config) (*project.Project, error) {
	file, root, dir := locate(pass)
	k := projectKey(file, root)
	projects.Lock()
	if projects.m == nil {
		projects.m = make(map[string]*projectEntry)
	}
	e, ok := projects.m[k]
	if !ok {
		e = new(projectEntry)
		projects.m[k] = e
	}
	projects.Unlock()
	e.once.Do(func() {
		today, err := project.Today(os.Getenv)
		if err != nil {
			e.err = err
			return
		}
		e.p, e.err = project.Open(context.Background(), project.Options{
			Dir:        dir,
			ConfigFile: file,
			State:      flags.state,
			Today:      today,
			Offline:    true,
		})
	})
	if e.err != nil {
		return nil, fmt.Errorf("%v", e.err)
	}
	return e.p, nil
}

// packageDir returns the directory of the package's files.
func packageDir(pass *analysis.Pass) string {
	for _, f := range pass.Files {
		if name := pass.Fset.File(f.FileStart).Name(); name != "" {
			return filepath.Dir(name)
		}
	}
	for _, name := range pass.IgnoredFiles {
		return filepath.Dir(name)
	}
	wd, _ := os.Getwd()
	return wd
}
