package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/lifecycle"
)

const full = `definitions: [flags/*/*.yml, ee/flags/*/*.yml]
name_pattern: '[a-z_]+'
milestone: "17.10"
milestones: semver
policy:
  beta: {max_age: 9, may_default_on: false}
  ops: {removable: true}
cutoff: {enabled: 2, disabled: 6}
state: features.json
state_prefix: gitaly_
accessors:
  - func: example.com/app/internal/feature.Enabled
    key: 1
  - method: (*github.com/open-feature/go-sdk/openfeature.Client).BooleanValue
    key: 1
    default: 2
  - method: (example.com/app/internal/feature.Gate).Disabled
    key: 0
    negated: true
handles:
  - constructor: example.com/app/internal/featureflag.NewFeatureFlag
    name: 0
    enabled: [IsEnabled]
    disabled: [IsDisabled]
test_overrides:
  - func: example.com/app/internal/featureflag.ContextWithFeatureFlag
    flag: 1
    value: 2
feature_sets:
  - func: example.com/app/internal/testhelper.NewFeatureSets
presets: [openfeature]
generated: [internal/gen/*.go]
changelog: keepachangelog
regenerate: make gen-flags
cleanup:
  verify: go build ./...
  labels: [feature flag cleanup]
  remote: upstream
  skip_hooks: true
`

func TestParseFull(t *testing.T) {
	c, err := Parse("/repo", []byte(full))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Definitions) != 2 || c.Definitions[1].V != "ee/flags/*/*.yml" || c.Definitions[1].Pos.Line != 1 || !c.DefinitionsSet {
		t.Errorf("definitions = %+v", c.Definitions)
	}
	if !c.NamePattern.MatchString("a_b") || c.NamePattern.MatchString("a_b-c") {
		t.Errorf("name_pattern %s is not anchored", c.NamePattern)
	}
	if c.Milestone.V != (lifecycle.Milestone{Major: 17, Minor: 10}) || c.Milestone.Pos.String() != ".flagsweep.yaml:3:12" {
		t.Errorf("milestone = %+v", c.Milestone)
	}
	if c.Scheme != lifecycle.Semver {
		t.Errorf("scheme = %v", c.Scheme)
	}
	if p := c.Policy["beta"]; p.MaxAge != 9 || p.MayDefaultOn || !p.Removable {
		t.Errorf("beta policy = %+v", p)
	}
	if p := c.Policy["ops"]; !p.Removable || p.MaxAge != 12 {
		t.Errorf("ops policy = %+v", p)
	}
	if c.Cutoff != (lifecycle.Cutoff{Enabled: 2, Disabled: 6}) {
		t.Errorf("cutoff = %+v", c.Cutoff)
	}
	if c.State.V != "features.json" || c.StatePrefix != "gitaly_" {
		t.Errorf("state = %+v %q", c.State, c.StatePrefix)
	}
	if len(c.Accessors) != 3 {
		t.Fatalf("accessors = %+v", c.Accessors)
	}
	if a := c.Accessors[1]; a.Func.String() != "(*github.com/open-feature/go-sdk/openfeature.Client).BooleanValue" || a.Key != 1 || a.Default != 2 {
		t.Errorf("accessor 1 = %+v", a)
	}
	if a := c.Accessors[2]; !a.Negated || a.Func.Ptr || a.Func.Recv != "Gate" || a.Default != -1 {
		t.Errorf("accessor 2 = %+v", a)
	}
	if h := c.Handles[0]; h.Name != 0 || h.Enabled[0] != "IsEnabled" || h.Disabled[0] != "IsDisabled" {
		t.Errorf("handle = %+v", h)
	}
	if o := c.TestOverrides[0]; o.Flag != 1 || o.Value != 2 {
		t.Errorf("test override = %+v", o)
	}
	if len(c.FeatureSets) != 1 || c.FeatureSets[0].Func.Name != "NewFeatureSets" {
		t.Errorf("feature sets = %+v", c.FeatureSets)
	}
	if len(c.AllAccessors()) != 3+len(Presets["openfeature"].Accessors) {
		t.Errorf("AllAccessors does not add the preset's")
	}
	if c.Changelog != ChangelogKeepAChangelog || c.Cleanup.Verify != "go build ./..." || c.Cleanup.Remote != "upstream" || c.Cleanup.Labels[0] != "feature flag cleanup" || !c.Cleanup.SkipHooks {
		t.Errorf("changelog/cleanup = %q %+v", c.Changelog, c.Cleanup)
	}
	if c.Regenerate.V != "make gen-flags" || c.Regenerate.Pos.Line == 0 {
		t.Errorf("regenerate = %+v", c.Regenerate)
	}
}

func TestDefaults(t *testing.T) {
	for _, src := range []string{"", "---\n", "# only a comment\n"} {
		c, err := Parse("/repo", []byte(src))
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		if len(c.Definitions) != 2 || c.DefinitionsSet || c.Cutoff != lifecycle.DefaultCutoff || c.Changelog != "trailer" || c.Cleanup.Remote != "origin" || c.Cleanup.SkipHooks {
			t.Errorf("%q: defaults = %+v", src, c)
		}
	}
}

// TestMilestoneVersion: the configured milestone reads as --milestone
// does, a semver project's release version included (in either order of
// keys: it was rejected as not MAJOR.MINOR).
func TestMilestoneVersion(t *testing.T) {
	for src, want := range map[string]lifecycle.Milestone{
		"milestone: '17.10'\n":                      {Major: 17, Minor: 10},
		"milestone: v0.140.0\nmilestones: semver\n": {Major: 0, Minor: 140},
		"milestones: semver\nmilestone: 1.2.3\n":    {Major: 1, Minor: 2},
	} {
		c, err := Parse("/repo", []byte(src))
		if err != nil {
			t.Errorf("%q: %v", src, err)
			continue
		}
		if c.Milestone.V != want {
			t.Errorf("%q: milestone = %v, want %v", src, c.Milestone.V, want)
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"definiton: [a]\n", `.flagsweep.yaml:1:1: unknown key "definiton": did you mean "definitions"?`},
		{"zzzz: 1\n", `.flagsweep.yaml:1:1: unknown key "zzzz": known keys are definitions,`},
		{"milestone: 17.x\n", `.flagsweep.yaml:1:12: milestone "17.x" is not MAJOR.MINOR (like "17.9") or a version`},
		{"milestone: v17\n", `.flagsweep.yaml:1:12: milestone "v17" is not MAJOR.MINOR`},
		{"milestone: [1]\n", `.flagsweep.yaml:1:12: milestone must be a quoted MAJOR.MINOR string`},
		{"milestone: '17.9'\nversion_file: VERSION\n", `.flagsweep.yaml:2:15: set milestone or version_file, not both`},
		{"milestones: calver\n", `.flagsweep.yaml:1:13: unknown milestone scheme "calver"`},
		{"policy:\n  betta: {max_age: 3}\n", `.flagsweep.yaml:2:3: unknown flag type "betta" in policy: did you mean "beta"?`},
		{"policy:\n  beta: {max_ag: 3}\n", `.flagsweep.yaml:2:10: unknown key "max_ag" in policy for beta: did you mean "max_age"?`},
		{"policy:\n  beta: {max_age: -3}\n", `.flagsweep.yaml:2:19: max_age must be a whole number of milestones, not "-3"`},
		{"policy:\n  beta: {removable: maybe}\n", `.flagsweep.yaml:2:21: removable must be true or false, not a string`},
		{"cutoff: {enabled: x}\n", `.flagsweep.yaml:1:19: cutoff.enabled must be a whole number of milestones, not "x"`},
		{"cutoff: {enable: 3}\n", `.flagsweep.yaml:1:10: unknown key "enable" in cutoff: did you mean "enabled"?`},
		{"name_pattern: '[a-'\n", `.flagsweep.yaml:1:15: name_pattern is not a valid regular expression`},
		{"presets: [openfeatures]\n", `.flagsweep.yaml:1:11: unknown preset "openfeatures": use one of`},
		{"changelog: yes-please\n", `.flagsweep.yaml:1:12: unknown changelog style "yes-please"`},
		{"build_tags: [\"integration e2e\"]\n", `.flagsweep.yaml:1:14: build tag "integration e2e" is not a word`},
		{"pure: [Config]\n", `.flagsweep.yaml:1:8: pure: "Config" is not a function's full name`},
		{"pure: [\"(example.com/app.Iface.Config\"]\n", `.flagsweep.yaml:1:8: pure: "(example.com/app.Iface.Config" is not a function's full name`},
		{"requires:\n  - struct: example.com/git.Env\n", `.flagsweep.yaml:2:5: a requirement needs struct: (the type) and field:`},
		{"requires:\n  - struct: example.com/git.Env\n    field: Flags.X\n", `.flagsweep.yaml:3:12: field must be the name of the struct's field`},
		{"requires:\n  - struct: (example.com/git.Env).M\n    field: Flags\n", `.flagsweep.yaml:2:13: struct must name a type`},
		{"requires:\n  - struct: example.com/git.Env\n    fields: Flags\n", `.flagsweep.yaml:3:5: unknown key "fields" in requirement: did you mean "field"?`},
		{"handles:\n  - constructor: example.com/x.Wrap\n    name: 0\n    aliases: [0]\n    enabled: [On]\n", `.flagsweep.yaml:2:5: aliases: argument 0 is the handle's name`},
		{"handles:\n  - constructor: example.com/x.Wrap\n    name: 0\n    aliases: 1\n    enabled: [On]\n", `.flagsweep.yaml:4:14: aliases must be a list of argument indexes, not`},
		{"handles:\n  - constructor: example.com/x.Wrap\n    name: 0\n    aliases: [x]\n    enabled: [On]\n", `.flagsweep.yaml:4:15: aliases must be an argument index`},
		{"accessors:\n  - func: example.com/x.Enabled\n", `.flagsweep.yaml:2:5: an accessor needs key: the index of its flag-key argument`},
		{"accessors:\n  - key: 1\n", `.flagsweep.yaml:2:5: an accessor needs func: or method:`},
		{"accessors:\n  - func: Enabled\n    key: 0\n", `.flagsweep.yaml:2:11: "Enabled" is not a go/types full name: write import/path.Func`},
		{"accessors:\n  - func: (*example.com/x.C).Enabled\n    key: 0\n", `.flagsweep.yaml:2:11: (*example.com/x.C).Enabled is a method: write it under method:`},
		{"accessors:\n  - method: example.com/x.Enabled\n    key: 0\n", `.flagsweep.yaml:2:13: example.com/x.Enabled is a function: write it under func:`},
		{"accessors:\n  - func: example.com/x.Enabled\n    key: -1\n", `.flagsweep.yaml:3:10: key must be an argument index (0 for the first argument), not "-1"`},
		{"accessors:\n  - func: example.com/x.Enabled\n    key: 1\n    default: 1\n", `.flagsweep.yaml:2:5: key and default must be different arguments`},
		{"accessors:\n  - func: example.com/x.Enabled\n    keys: 1\n", `.flagsweep.yaml:3:5: unknown key "keys" in accessor: did you mean "key"?`},
		{"accessors: example.com/x.Enabled\n", `.flagsweep.yaml:1:12: accessors must be a list, not a string`},
		{"handles:\n  - constructor: example.com/x.New\n    name: 0\n", `.flagsweep.yaml:2:5: a handle needs enabled:`},
		{"handles:\n  - constructor: example.com/x.New\n    name: 0\n    enabled: [Is-On]\n", `.flagsweep.yaml:4:15: enabled: "Is-On" is not a method name`},
		{"test_overrides:\n  - func: example.com/x.Set\n    value: 1\n", `.flagsweep.yaml:2:5: a test override needs flag: (and value:, unless the call resets the flag to its default) argument indexes`},
		{"test_overrides:\n  - func: os.Setenv\n    flag: 0\n    value: 1\n    key_case: upper\n", `.flagsweep.yaml:2:5: key_case: says how key_prefix: maps the rest of the key to the flag: add key_prefix:`},
		{"test_overrides:\n  - func: os.Setenv\n    flag: 0\n    value: 1\n    key_prefix: MM_\n    key_case: title\n", `.flagsweep.yaml:6:15: key_case must be upper or lower (the case of the flag's name in the key), not "title"`},
		{"test_overrides:\n  - struct: example.com/x.Var\n    flag: Key\n", `.flagsweep.yaml:2:5: a struct test override needs flag: and value: field names`},
		{"test_overrides:\n  - struct: example.com/x.Var\n    flag: 0\n    value: Value\n", `.flagsweep.yaml:3:11: flag must be a string, not a number`},
		{"test_overrides:\n  - pairs: 0\n", `.flagsweep.yaml:2:5: a test override needs one of`},
		{"test_overrides:\n  - list: Gates\n", `.flagsweep.yaml:2:11: list: names a field of the struct: type; add struct:`},
		{"test_overrides:\n  - struct: example.com/x.Run\n    list: Gates\n    flag: Key\n", `.flagsweep.yaml:2:5: a list test override names the flags in its list: field; flag: and value: do not go with it`},
		{"test_overrides:\n  - struct: example.com/x.Run\n    list: 1\n", `.flagsweep.yaml:3:11: list must be a string, not a number`},
		{"test_overrides:\n  - func: example.com/x.Set\n    map_key_type: example.com/x.Feature\n    pairs: 0\n", `.flagsweep.yaml:2:5: a test override needs one of`},
		{"test_overrides:\n  - func: example.com/x.Set\n    map_key_type: example.com/x.Feature\n    flag: 1\n", `.flagsweep.yaml:2:5: flag: and value: belong to func: and struct: overrides only`},
		{"test_overrides:\n  - map_key_type: example.com/x.Feature\n    flag: 1\n", `.flagsweep.yaml:2:5: flag: and value: belong to func: and struct: overrides only`},
		{"test_overrides:\n  - map_key_type: string\n    map_key_package: example.com/x/flags\n", `.flagsweep.yaml:3:22: map_key_package cannot go with map_key_type: string`},
		{"accessors:\n  - func: example.com/x.IsOn\n    key: 1\n    unwrap: [Getenv]\n", `.flagsweep.yaml:4:14: unwrap: "Getenv" is not a go/types full name`},
		{"accessors:\n  - func: example.com/x.IsOn\n    key: 0\n    fixed_properties: [example.com/x.Fixed]\n", `.flagsweep.yaml:2:5: fixed_properties: an accessor returning the flag's value has no property to fix`},
		{"accessors:\n  - func: example.com/x.IsOn\n    key: 0\n    property: true\n    negated: true\n", `.flagsweep.yaml:2:5: property: true: a property accessor can be neither negated nor unwrap a key`},
		{"accessors:\n  - func: example.com/x.IsOn\n    key: 0\n    property: true\n    fixed_properties: [Fixed]\n", `.flagsweep.yaml:5:24: fixed_properties: "Fixed" is not a go/types full name`},
		{"go_definitions:\n  - packages: [./f]\n", `.flagsweep.yaml:2:5: a go definition needs one of constructor:, map:, slice: or struct:`},
		{"go_definitions:\n  - map: example.com/x.Spec\n", `.flagsweep.yaml:2:5: a go definition needs packages:`},
		{"go_definitions:\n  - packages: [./f]\n    constructor: example.com/x.New\n", `.flagsweep.yaml:2:5: a constructor go definition needs args: {name: <index>}`},
		{"go_definitions:\n  - packages: [./f]\n    slice: example.com/x.Row\n", `.flagsweep.yaml:2:5: a slice go definition needs fields: {name: <field>}`},
		{"go_definitions:\n  - packages: [./f]\n    map: example.com/x.Spec\n    fields: {defalt: Default}\n", `.flagsweep.yaml:4:14: unknown role "defalt": did you mean "default"?`},
		{"go_definitions:\n  - packages: [./f]\n    map: example.com/x.Spec\n    stages: {Alpha: alpha}\n", `go definition: unknown flag type "alpha"`},
		{"go_definitions:\n  - packages: [./f]\n    map: (*example.com/x.Spec).M\n", `.flagsweep.yaml:3:10: map must name a package-level type like example.com/app/flags.Spec, or bool for a map of gates`},
		{"go_definitions:\n  - packages: [./f]\n    slice: bool\n", `.flagsweep.yaml:3:12: slice must name a package-level type like example.com/app/flags.Spec`},
		{"go_definitions:\n  - packages: [./f]\n    map: bool\n    fields: {default: On}\n", `.flagsweep.yaml:2:5: a map of gates (map: bool) has no fields:`},
		{"go_definitions:\n  - packages: [./f]\n    map: bool\n    binder: example.com/f.Bind\n    args: {field: 0}\n", `.flagsweep.yaml:2:5: binder: belongs to a struct go definition`},
		{"go_definitions:\n  - packages: [./f]\n    struct: example.com/f.Flags\n    binder: example.com/f.Bind\n", `.flagsweep.yaml:2:5: a binder needs args: {field: <index of the field's pointer>}`},
		{"go_definitions:\n  - packages: [./f]\n    struct: example.com/f.Flags\n    args: {field: 0}\n", `.flagsweep.yaml:2:5: args: {field: …, key: …} are a binder's: name it with binder:`},
		{"go_definitions:\n  - packages: [./f]\n    struct: example.com/f.Flags\n    binder: Bind\n    args: {field: 0}\n", `.flagsweep.yaml:4:13: binder must name a function`},
		{"go_definitions:\n  - preset: openfeature\n    packages: [./f]\n", `.flagsweep.yaml:2:13: preset "openfeature" declares no flags in Go: use one of featuregate, gitaly, gitlab-runner, grafana, otel-featuregate`},
		{"go_definitions:\n  - packages: [./f]\n    constructor: (*example.com/x.Registry\n    args: {name: 0}\n", `.flagsweep.yaml:3:18: constructor must name a function like example.com/app/flags.NewFlag or a method like (*example.com/app/flags.Registry).Register`},
		{"go_definitions:\n  - packages: [./f]\n    map: example.com/x.Spec\n    options: {milestone: example.com/x.Since}\n", `.flagsweep.yaml:2:5: options: belong to a constructor go definition`},
		{"go_definitions:\n  - packages: [./f]\n    constructor: example.com/x.New\n    args: {name: 0}\n    options: {since: example.com/x.Since}\n", `.flagsweep.yaml:5:15: unknown role "since"`},
		{"go_definitions:\n  - packages: [./f]\n    constructor: example.com/x.New\n    args: {name: 0}\n    stages: {Stable: {type: beta, lock: true}}\n", `.flagsweep.yaml:5:35: unknown key "lock" in stage`},
		{"go_definitions:\n  - packages: [./f]\n    constructor: example.com/x.New\n    args: {name: 0}\n    stages: {Stable: {default: yes}}\n", `.flagsweep.yaml:5:32: stages.Stable.default`},
		{"go_definitions:\n  - preset: grafana\n    packages: [./f]\n", `.flagsweep.yaml:2:5: go definition adapts preset grafana, which presets: does not list`},
		{"presets: [grafana]\ngo_definitions:\n  - preset: grafana\n    slice: example.com/x.Row\n", `.flagsweep.yaml:4:5: slice: comes from preset grafana; leave it out`},
		{"accessors: [{}]\n", `.flagsweep.yaml:1:13: an entry of accessors is empty`},
		{"cleanup:\n  verifiy: make\n", `.flagsweep.yaml:2:3: unknown key "verifiy" in cleanup: did you mean "verify"?`},
		{"cleanup:\n  skip_hook: true\n", `.flagsweep.yaml:2:3: unknown key "skip_hook" in cleanup: did you mean "skip_hooks"?`},
		{"cleanup:\n  skip_hooks: sometimes\n", `.flagsweep.yaml:2:15: cleanup.skip_hooks must be true or false, not a string`},
		{"- a\n", `.flagsweep.yaml:1:1: .flagsweep.yaml must be a mapping of keys to values`},
		{"a: [\n", `.flagsweep.yaml:2:1: malformed YAML`},
		{"x: &a 1\ny: *a\n", `.flagsweep.yaml:2:4: YAML aliases (*a) are not allowed here`},
	}
	for _, tt := range tests {
		_, err := Parse("/repo", []byte(tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q):\n got  %v\n want %s…", tt.src, err, tt.want)
		}
	}
}

// TestGoDefinitions pins how go_definitions and the new override forms
// parse, a preset's adaptation included.
func TestGoDefinitions(t *testing.T) {
	c, err := Parse("/repo", []byte(`presets: [featuregate, gitaly]
go_definitions:
  - preset: featuregate
    packages: [./apis/features]
  - packages: [./flags/...]
    slice: example.com/app/flags.Row
    fields: {name: Name, default: On, remove_with: Until}
    type: ops
test_overrides:
  - struct: example.com/app/spec.Variable
    flag: Key
    value: Value
  - func: example.com/app/flags.With
    pairs: 1
  - map_key_package: .../flags
  - map_key_type: example.com/app/flags.Feature
    func: example.com/app/flags/testing.SetAll
  - struct: example.com/app/e2e.Run
    list: Gates
accessors:
  - func: example.com/app/flags.IsOn
    key: 1
    unwrap: [os.Getenv]
`))
	if err != nil {
		t.Fatal(err)
	}
	all := c.AllGoDefinitions()
	if len(all) != 3 {
		t.Fatalf("AllGoDefinitions = %d, want the adapted featuregate, the slice and gitaly's", len(all))
	}
	fg, slice, gitaly := all[0], all[1], all[2]
	if fg.Preset != "featuregate" || fg.Kind != "map" || fg.Packages[0] != "./apis/features" || fg.Fields["locked"] != "LockToDefault" || fg.Stages[""] != "beta" {
		t.Errorf("adapted preset = %+v", fg)
	}
	if slice.Kind != "slice" || slice.Type != "ops" || slice.Fields["remove_with"] != "Until" {
		t.Errorf("slice = %+v", slice)
	}
	if gitaly.Preset != "gitaly" || gitaly.Pos.Line != 1 || gitaly.Args["milestone"] != 1 {
		t.Errorf("gitaly's = %+v", gitaly)
	}
	o := c.TestOverrides
	if o[0].Form != FormStruct || o[0].FlagField != "Key" || o[0].ValueField != "Value" || o[0].Type.Name != "Variable" {
		t.Errorf("struct override = %+v", o[0])
	}
	if o[1].Form != FormPairs || o[1].Flag != 1 {
		t.Errorf("pairs override = %+v", o[1])
	}
	if o[2].Form != FormMap || o[2].KeyPackage != ".../flags" {
		t.Errorf("map override = %+v", o[2])
	}
	if o[3].Form != FormMap || o[3].Type.Name != "Feature" || o[3].Func.Name != "SetAll" {
		t.Errorf("map override with the func taking it = %+v", o[3])
	}
	if o[4].Form != FormList || o[4].Type.Name != "Run" || o[4].ListField != "Gates" || o[4].FlagField != "" {
		t.Errorf("list override = %+v", o[4])
	}
	if a := c.Accessors[0]; len(a.Unwrap) != 1 || a.Unwrap[0].String() != "os.Getenv" {
		t.Errorf("unwrap = %+v", a.Unwrap)
	}
}

func TestFuncNameMatches(t *testing.T) {
	tests := []struct {
		pattern, full string
		want          bool
	}{
		{".../internal/featureflag.NewFeatureFlag", "gitlab.com/gitlab-org/gitaly/v18/internal/featureflag.NewFeatureFlag", true},
		{".../internal/featureflag.NewFeatureFlag", "gitlab.com/gitlab-org/gitaly/v18/internal/xfeatureflag.NewFeatureFlag", false},
		{"(*.../common.Build).IsFeatureFlagOn", "(*gitlab.com/gitlab-org/gitlab-runner/common.Build).IsFeatureFlagOn", true},
		{"(*.../common.Build).IsFeatureFlagOn", "(gitlab.com/gitlab-org/gitlab-runner/common.Build).IsFeatureFlagOn", false},
		{"(.../featuremgmt.FeatureToggles).IsEnabled", "(github.com/grafana/grafana/pkg/services/featuremgmt.FeatureToggles).IsEnabled", true},
		{"example.com/x.F", "example.com/x.F", true},
		{"example.com/x.F", "other.com/example.com/x.F", false},
		{"example.com/dc.New*BoolSetting", "example.com/dc.NewNamespaceBoolSetting", true},
		{"example.com/dc.New*BoolSetting", "example.com/dc.NewBoolSetting", true},
		{"example.com/dc.New*BoolSetting", "example.com/dc.NewNamespaceIntSetting", false},
		{"example.com/dc.New*BoolSetting", "example.com/other.NewNamespaceBoolSetting", false},
		{".../dc.GetBoolPropertyFn*", "example.com/x/dc.GetBoolPropertyFnFilteredByTaskQueue", true},
		{"(*example.com/dc.Collection).GetBool*", "(*example.com/dc.Collection).GetBoolPropertyFnWithNamespaceFilter", true},
		{"(*example.com/dc.Collection).GetBool*", "(*example.com/dc.Collection).GetIntProperty", false},
		{"(*example.com/dc.Collection).GetBool*", "(example.com/dc.Collection).GetBoolProperty", false},
		{"(*example.com/dc.Collection).GetBool*", "(*example.com/dc.Other).GetBoolProperty", false},
	}
	for _, tt := range tests {
		f, err := ParseFuncName(tt.pattern)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Matches(tt.full); got != tt.want {
			t.Errorf("%s matches %s = %t, want %t", tt.pattern, tt.full, got, tt.want)
		}
	}
}

func TestFuncNameMention(t *testing.T) {
	for in, want := range map[string]string{
		"example.com/x.Enabled":          "Enabled",
		"example.com/x.New*BoolSetting":  "BoolSetting",
		"example.com/x.GetBoolProperty*": "GetBoolProperty",
	} {
		f, err := ParseFuncName(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := f.Mention(); got != want {
			t.Errorf("%s.Mention() = %q, want %q", in, got, want)
		}
	}
}

func TestAllErrorsAtOnce(t *testing.T) {
	_, err := Parse("/repo", []byte("definiton: [a]\nmilestone: 17.x\nchangelog: no\n"))
	if err == nil {
		t.Fatal("no error")
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 3 {
		t.Errorf("want 3 errors, one per line; got %d:\n%v", n, err)
	}
}

func TestParseFuncName(t *testing.T) {
	tests := []struct {
		in   string
		want FuncName
	}{
		{"example.com/app/feature.Enabled", FuncName{Pkg: "example.com/app/feature", Name: "Enabled"}},
		{"gopkg.in/yaml.v3.Marshal", FuncName{Pkg: "gopkg.in/yaml.v3", Name: "Marshal"}},
		{"(*github.com/launchdarkly/go-server-sdk/v7.LDClient).BoolVariation", FuncName{Pkg: "github.com/launchdarkly/go-server-sdk/v7", Recv: "LDClient", Ptr: true, Name: "BoolVariation"}},
		{"(example.com/app/feature.Gate).Enabled", FuncName{Pkg: "example.com/app/feature", Recv: "Gate", Name: "Enabled"}},
		{"fmt.Println", FuncName{Pkg: "fmt", Name: "Println"}},
		{"example.com/dc.New*BoolSetting", FuncName{Pkg: "example.com/dc", Name: "New*BoolSetting"}},
		{"(*example.com/dc.Collection).GetBool*", FuncName{Pkg: "example.com/dc", Recv: "Collection", Ptr: true, Name: "GetBool*"}},
	}
	for _, tt := range tests {
		got, err := ParseFuncName(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseFuncName(%q) = %+v, %v", tt.in, got, err)
		}
		if got.String() != tt.in {
			t.Errorf("%+v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
	for _, bad := range []string{"", "Enabled", "example.com/app/feature", "(*x.T)", "x.", "(x.T).M.N", "example.com/app/feature.Is-On", "example.com/app/feature.Is?On", "(*x.T*).M"} {
		if _, err := ParseFuncName(bad); err == nil {
			t.Errorf("ParseFuncName(%q) succeeded", bad)
		}
	}
}

func TestPresetsValid(t *testing.T) {
	for name, p := range Presets {
		if p.Doc == "" {
			t.Errorf("preset %s has no doc", name)
		}
		for _, a := range p.Accessors {
			if a.Key < 0 || a.Func.Name == "" {
				t.Errorf("preset %s: accessor %+v", name, a)
			}
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	sub := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	// No configuration: defaults, rooted at the module root.
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := Find(sub)
	if err != nil || c.File != "" || c.Root != root {
		t.Fatalf("Find without config = %+v, %v", c, err)
	}
	// A configuration in a parent is found, and roots the project.
	if err := os.WriteFile(filepath.Join(root, "a", FileName), []byte("milestone: '1.2'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err = Find(sub)
	if err != nil || c.Root != filepath.Join(root, "a") || c.Milestone.V.Minor != 2 {
		t.Fatalf("Find with config = %+v, %v", c, err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(full))
	f.Add([]byte("policy: {beta: {max_age: 1}}\n"))
	f.Add([]byte("accessors: [{func: a.B, key: 0}]\n"))
	f.Add([]byte("milestone: 17.10\n"))
	f.Add([]byte("presets: [featuregate]\ngo_definitions:\n  - preset: featuregate\n    packages: [./pkg/features]\n"))
	f.Add([]byte("test_overrides:\n  - struct: a.V\n    flag: Key\n    value: Value\n  - map_key_package: .../flags\n  - func: a.W\n    pairs: 1\n"))
	f.Add([]byte("go_definitions:\n  - packages: [./f]\n    map: bool\n"))
	f.Add([]byte("test_overrides:\n  - func: os.Setenv\n    flag: 0\n    value: 1\n    key_prefix: MM_\n    key_case: upper\n  - func: os.Unsetenv\n    flag: 0\n    key_prefix: MM_\n    key_case: lower\n"))
	f.Add([]byte("go_definitions:\n  - packages: [./c]\n    struct: example.com/c.Flags\n    binder: (*flag.FlagSet).BoolVar\n    args: {field: 0, default: 2}\n"))
	f.Add([]byte("go_definitions:\n  - packages: [./c]\n    struct: example.com/c.Flags\n    binder: example.com/c.set\n    args: {field: 2, default: 1, key: 0}\ntest_overrides:\n  - func: example.com/c.Enable\n    flag: 1\n    value: true\n"))
	f.Add([]byte("handles:\n  - constructor: a.b/dc.New*BoolSetting\n    name: 0\n    properties: [Get]\n    fixed_properties: [a.b/dc.GetBoolPropertyFn*]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("/repo", data)
		if err != nil {
			if strings.Contains(err.Error(), "\n\n") {
				t.Fatalf("blank line in error %q", err)
			}
			return
		}
		if c.Policy == nil || c.Changelog == "" {
			t.Fatalf("accepted configuration is incomplete: %+v", c)
		}
	})
}

func TestFieldFlagName(t *testing.T) {
	for _, tc := range []struct{ field, tag, nameTag, want string }{
		{"FastPath", `yaml:"fast_path"`, "yaml", "fast_path"},
		{"FastPath", `yaml:"fast_path,omitempty" json:"fp"`, "json", "fp"},
		{"FastPath", `yaml:",omitempty"`, "yaml", "FastPath"},
		{"FastPath", `yaml:"-"`, "yaml", "FastPath"},
		{"FastPath", `yaml:"fast_path"`, "", "FastPath"},
		{"FastPath", ``, "yaml", "FastPath"},
	} {
		if got := FieldFlagName(tc.field, tc.tag, tc.nameTag); got != tc.want {
			t.Errorf("FieldFlagName(%q, %q, %q) = %q, want %q", tc.field, tc.tag, tc.nameTag, got, tc.want)
		}
	}
}
