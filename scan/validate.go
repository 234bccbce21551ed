package scan

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/load"
	"github.com/flagsweep/flagsweep/project"
)

// checkConfig checks the configured reference forms against the loaded
// program (config.CheckForms): a form that cannot match is an error, since
// the flags it was meant to find would look unreferenced and a removal
// would delete their definitions and keep their checks. It returns the
// warnings, one line each, and records them for ConfigWarnings.
func checkConfig(p *project.Project, prog *load.Program, patterns []string, dir string) ([]string, error) {
	paths, typesOf := prog.TypesByPath()
	errs, warns := p.Config.CheckForms(config.Loaded{
		Paths:    paths,
		Types:    typesOf,
		Complete: wholeModule(p, patterns, dir),
	})
	lines := make([]string, len(warns))
	for i, w := range warns {
		lines[i] = w.Error()
	}
	recordWarnings(p, lines)
	return lines, errs.Err()
}

// recordWarnings remembers a scan's configuration warnings for
// ConfigWarnings.
func recordWarnings(p *project.Project, lines []string) {
	lastWarnings.Lock()
	defer lastWarnings.Unlock()
	if lastWarnings.m == nil {
		lastWarnings.m = make(map[*project.Project][]string)
	}
	lastWarnings.m[p] = lines
}

// CheckConfig loads the whole module and checks the configured reference
// forms against it, as every scan does first: for a command that scans
// many times, in other trees (cleanup), and should stop at a configuration
// error before it starts.
func CheckConfig(ctx context.Context, p *project.Project, env []string) (warnings []string, err error) {
	if env == nil {
		env = p.Env
	}
	patterns := []string{"./..."}
	prog, err := load.Load(ctx, load.Options{Dir: p.Root, Patterns: patterns, Tests: true, Env: env})
	if err != nil {
		return nil, fmt.Errorf("loading packages: %v", err)
	}
	return checkConfig(p, prog, patterns, p.Root)
}

// wholeModule reports whether the patterns load every package of the
// project: only then does a package's absence mean that nothing imports it.
func wholeModule(p *project.Project, patterns []string, dir string) bool {
	if len(patterns) != 1 || patterns[0] != "./..." {
		return false
	}
	abs, err := filepath.Abs(dir)
	return err == nil && abs == p.Root
}

// lastWarnings remembers the configuration warnings of each project's last
// scan, for drivers that scan through another package (remove, through
// the rewrite) and so never see the scan's Result.
var lastWarnings struct {
	sync.Mutex
	m map[*project.Project][]string
}

// ConfigWarnings returns the configuration warnings of p's last scan, one
// line each, ready for standard error: forms of the project's own that
// name a package no package of the module imports.
func ConfigWarnings(p *project.Project) []string {
	lastWarnings.Lock()
	defer lastWarnings.Unlock()
	return lastWarnings.m[p]
}
