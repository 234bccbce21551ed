package golangci

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"

	"github.com/flagsweep/flagsweep/analyzers"
	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
)

// TestRegistered checks the plugin is found under its name, as
// golangci-lint looks it up, and that its settings reach the analyzers'
// flags the way the vet tool's -config and -state do.
func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(Name)
	if err != nil {
		t.Fatal(err)
	}
	// golangci-lint hands the settings over as decoded YAML.
	p, err := newPlugin(map[string]any{"config": "ci/flagsweep.yaml", "state": "features.json"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		flagrefs.Analyzer.Flags.Set("config", "")
		flagrefs.Analyzer.Flags.Set("state", "")
	})
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != len(analyzers.All) {
		t.Errorf("BuildAnalyzers returned %d analyzers, want the vet tool's %d", len(as), len(analyzers.All))
	}
	for name, want := range map[string]string{"config": "ci/flagsweep.yaml", "state": "features.json"} {
		if got := flagrefs.Analyzer.Flags.Lookup(name).Value.String(); got != want {
			t.Errorf("flag %s = %q, want %q", name, got, want)
		}
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}

	// No settings at all (the plugin enabled without a settings block)
	// means the defaults: the configuration found from each package.
	p, err = New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.BuildAnalyzers(); err != nil {
		t.Fatal(err)
	}
	if got := flagrefs.Analyzer.Flags.Lookup("config").Value.String(); got != "" {
		t.Errorf("config after a plugin without settings = %q, want empty", got)
	}
}

// TestUnknownSetting checks a misspelt setting is an error that names
// the file to fix, not a silent lint with the default configuration.
func TestUnknownSetting(t *testing.T) {
	_, err := New(map[string]any{"confg": ".flagsweep.yaml"})
	if err == nil {
		t.Fatal("New accepted an unknown setting")
	}
	if msg := err.Error(); !strings.Contains(msg, ".golangci.yml") || !strings.Contains(msg, "confg") {
		t.Errorf("error %q does not name the file and the setting", msg)
	}
}
