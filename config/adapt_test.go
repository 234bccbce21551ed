package config

import (
	"strings"
	"testing"
)

// TestPresetAdaptation checks what a presets: entry adapting a preset
// makes of it: packages moved (directories of its Go definitions too),
// names renamed, argument indexes set — and that the preset itself is
// left as it was.
func TestPresetAdaptation(t *testing.T) {
	c, err := Parse("/repo", []byte(`presets:
  - preset: grafana
    args: {IsEnabled: {key: 0}}
  - preset: gitaly
    packages: {internal/featureflag: internal/metadata/featureflag}
    names: {IsDisabled: IsOff}
    args: {NewFeatureFlag: {key: 0, default: 1, milestone: none, rollout_issue: none}}
  - openfeature
`))
	if err != nil {
		t.Fatal(err)
	}
	keys := make(map[string]int)
	for _, a := range c.AllAccessors() {
		keys[a.Func.String()] = a.Key
	}
	for name, want := range map[string]int{
		"(.../pkg/services/featuremgmt.FeatureToggles).IsEnabled":         0,
		"(.../pkg/services/featuremgmt.FeatureToggles).IsEnabledGlobally": 0,
		"(*github.com/open-feature/go-sdk/openfeature.Client).Boolean":    1,
	} {
		if got, ok := keys[name]; !ok || got != want {
			t.Errorf("accessor %s: key %d (found %t), want %d", name, got, ok, want)
		}
	}
	var h Handle
	for _, x := range c.AllHandles() {
		if x.Constructor.Name == "NewFeatureFlag" {
			h = x
		}
	}
	if h.Constructor.String() != ".../internal/metadata/featureflag.NewFeatureFlag" || h.Name != 0 || strings.Join(h.Disabled, ",") != "IsOff" {
		t.Errorf("gitaly handle = %s name %d disabled %v", h.Constructor, h.Name, h.Disabled)
	}
	for _, o := range c.AllTestOverrides() {
		if strings.Contains(o.Func.Pkg, "featureflag") && o.Func.Pkg != ".../internal/metadata/featureflag" {
			t.Errorf("override %s not moved", o.Func)
		}
	}
	var gitaly *GoDefinition
	all := c.AllGoDefinitions()
	for i := range all {
		if all[i].Preset == "gitaly" {
			gitaly = &all[i]
		}
	}
	if gitaly == nil {
		t.Fatal("no gitaly go definition")
	}
	if strings.Join(gitaly.Packages, ",") != "./internal/metadata/featureflag" || gitaly.Constructor.Pkg != ".../internal/metadata/featureflag" {
		t.Errorf("gitaly go definition: packages %v, constructor %s", gitaly.Packages, gitaly.Constructor)
	}
	if len(gitaly.Args) != 2 || gitaly.Args["name"] != 0 || gitaly.Args["default"] != 1 {
		t.Errorf("gitaly go definition args = %v, want name 0, default 1 alone", gitaly.Args)
	}
	// The presets themselves are untouched.
	if pr := Presets["gitaly"]; pr.GoDefinitions[0].Args["default"] != 3 || pr.Handles[0].Constructor.Pkg != ".../internal/featureflag" || pr.Handles[0].Disabled[0] != "IsDisabled" {
		t.Errorf("the gitaly preset was changed: %+v", pr.GoDefinitions[0].Args)
	}
	if Presets["grafana"].Accessors[0].Key != 1 {
		t.Error("the grafana preset was changed")
	}
}

// TestPresetAdaptationGoDefinitionEntry checks that a go_definitions entry
// adapting a preset starts from the preset as presets: adapts it, wherever
// presets: is written.
func TestPresetAdaptationGoDefinitionEntry(t *testing.T) {
	c, err := Parse("/repo", []byte(`go_definitions:
  - preset: gitaly
    packages: [./internal/metadata/featureflag]
    type: ops
presets:
  - preset: gitaly
    packages: {internal/featureflag: internal/metadata/featureflag}
`))
	if err != nil {
		t.Fatal(err)
	}
	all := c.AllGoDefinitions()
	if len(all) != 1 || all[0].Constructor.Pkg != ".../internal/metadata/featureflag" || all[0].Type != "ops" {
		t.Errorf("go definitions = %+v", all)
	}
}

func TestPresetAdaptationErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{"presets:\n  - packages: {a: b}\n", `.flagsweep.yaml:2:5: a presets entry that adapts a preset names it: preset: `},
		{"presets:\n  - preset: grafna\n", `.flagsweep.yaml:2:13: unknown preset "grafna"`},
		{"presets:\n  - preset: gitaly\n    packages: {internal/featureflags: x}\n", `.flagsweep.yaml:2:5: preset gitaly: packages: internal/featureflags is none of its packages (internal/featureflag, internal/git, internal/testhelper)`},
		{"presets:\n  - preset: gitaly\n    names: {IsEnable: On}\n", `preset gitaly: names: IsEnable names none of its functions, methods or types`},
		{"presets:\n  - preset: grafana\n    args: {IsEnabled: {value: 0}}\n", `preset grafana: args: IsEnabled takes no value argument in the preset (it has default, key)`},
		{"presets:\n  - preset: grafana\n    args: {Enabled: {key: 0}}\n", `preset grafana: args: Enabled is none of its functions taking a flag`},
		{"presets:\n  - preset: grafana\n    args: {IsEnabled: {key: first}}\n", `.flagsweep.yaml:3:29: key must be an argument index`},
		{"presets:\n  - preset: grafana\n    arg: {IsEnabled: {key: 0}}\n", `.flagsweep.yaml:3:5: unknown key "arg" in presets entries: did you mean "args"?`},
		{"presets: [grafana, grafana]\n", `.flagsweep.yaml:1:20: preset grafana is listed twice`},
	} {
		_, err := Parse("/repo", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q):\n got  %v\n want %s…", tt.src, err, tt.want)
		}
	}
}
