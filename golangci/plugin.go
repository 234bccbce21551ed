// Package golangci registers flagsweep's analyzers as a golangci-lint v2
// module plugin, so that teams who run golangci-lint see flagsweep's
// findings in the same report, format and exclusions as every other
// linter's.
//
// A module plugin is compiled into a custom golangci-lint binary: list
// this module in .custom-gcl.yml and run `golangci-lint custom` (or `make
// golangci-check` in this repository, which builds one from the module
// proxy), then enable it in .golangci.yml:
//
//	linters:
//	  enable: [flagsweep]
//	  settings:
//	    custom:
//	      flagsweep:
//	        type: module
//	        settings:
//	          config: .flagsweep.yaml
//
// The settings are the vet tool's flags under the same names: config and
// state. Unknown settings are an error rather than ignored, because a
// misspelt "config" would otherwise silently lint with the default file.
//
// What golangci-lint runs is exactly what `go vet -vettool=flagsweep`
// runs (analyzers.All): per-package findings. Unused definitions need the
// whole program and stay with `flagsweep lint`.
package golangci

import (
	"fmt"
	"sync"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/flagsweep/flagsweep/analyzers"
	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
)

// Name is the plugin's name in .custom-gcl.yml and .golangci.yml.
const Name = "flagsweep"

func init() {
	register.Plugin(Name, New)
}

// Settings are the plugin's settings in .golangci.yml, decoded strictly.
type Settings struct {
	// Config is the .flagsweep.yaml to use; empty means the one found
	// from each package's directory upward, and a relative path is
	// relative to the module root (as for the vet tool's -config).
	Config string `json:"config"`
	// State is a Features API export file to use instead of the
	// configured state (the vet tool's -state).
	State string `json:"state"`
}

// plugin is the register.LinterPlugin of one golangci-lint run.
type plugin struct{ settings Settings }

// New decodes the settings golangci-lint passes; it is the constructor
// registered under Name.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("flagsweep: settings in .golangci.yml: %w", err)
	}
	return &plugin{settings: s}, nil
}

// configure guards the analyzers' flags: they are package state, shared
// by every plugin instance of the process.
var configure sync.Mutex

// BuildAnalyzers sets flagrefs' flags, which every other analyzer builds
// on, and returns the analyzers the vet tool runs.
func (p *plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	configure.Lock()
	defer configure.Unlock()
	for name, value := range map[string]string{"config": p.settings.Config, "state": p.settings.State} {
		if err := flagrefs.Analyzer.Flags.Set(name, value); err != nil {
			return nil, fmt.Errorf("flagsweep: setting %s: %w", name, err)
		}
	}
	return analyzers.All, nil
}

// GetLoadMode asks for type information: references are resolved through
// the type checker, never by name alone.
func (p *plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
