package flagrefs

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
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

func projectKey(configFile, root string) string {
	if configFile != "" {
		return "file:" + configFile
	}
	return "root:" + root
}

// projectFor opens (once) the project a package belongs to.
func projectFor(pass *analysis.Pass) (*project.Project, error) {
	dir := packageDir(pass)
	cfgFile := flags.config
	if cfgFile != "" && !filepath.IsAbs(cfgFile) {
		// go vet runs the tool in each package's directory: a relative
		// path is taken from the module root, where the user wrote it.
		cfgFile = filepath.Join(config.ModuleRoot(dir), cfgFile)
	}
	root := ""
	if cfgFile == "" {
		cfgFile, root = config.Locate(dir)
	}
	k := projectKey(cfgFile, root)
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
			ConfigFile: cfgFile,
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
