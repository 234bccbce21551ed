package config

import (
	path_ "path"
	"sort"
	"strings"
)

// A Preset is a named set of reference forms for a common flag SDK, so that
// `presets: [openfeature]` is all a project on that SDK needs to write.
type Preset struct {
	Doc           string // one line for the README and `flagsweep help`
	Accessors     []Accessor
	Handles       []Handle
	TestOverrides []TestOverride
	FeatureSets   []FeatureSet
	Requires      []Requirement
	GoDefinitions []GoDefinition
	// Generated are globs of files the project generates from its flag
	// declarations without the standard header, relative to the root.
	Generated []string
}

// Presets are the built-in presets by name. Each entry was checked against
// the SDK's own source at the version its comment names; key and default are
// 0-based argument indexes.
var Presets = map[string]Preset{
	// github.com/open-feature/go-sdk v1.17: (*Client).BooleanValue(ctx,
	// flag string, defaultValue bool, evalCtx, ...Option) (bool, error),
	// and the same parameters for Boolean (bool) and BooleanValueDetails;
	// IClient declares all three.
	"openfeature": {
		Doc: "OpenFeature Go SDK: client.BooleanValue / Boolean / BooleanValueDetails(ctx, key, default, evalCtx)",
		Accessors: accessors(1, 2,
			"(*github.com/open-feature/go-sdk/openfeature.Client).BooleanValue",
			"(*github.com/open-feature/go-sdk/openfeature.Client).Boolean",
			"(*github.com/open-feature/go-sdk/openfeature.Client).BooleanValueDetails",
			"(github.com/open-feature/go-sdk/openfeature.IClient).BooleanValue",
			"(github.com/open-feature/go-sdk/openfeature.IClient).Boolean",
			"(github.com/open-feature/go-sdk/openfeature.IClient).BooleanValueDetails",
		),
	},
	// github.com/launchdarkly/go-server-sdk/v7 v7.7: (*LDClient).BoolVariation(key,
	// context, defaultVal bool) (bool, error); the Ctx variants take a
	// context.Context first; LDClientInterface embeds LDClientEvaluations;
	// the scoped client has no evaluation-context argument.
	"launchdarkly": {
		Doc: "LaunchDarkly Go server SDK v7: client.BoolVariation(key, context, default) and its Detail, Ctx and scoped-client forms",
		Accessors: concat(
			accessors(0, 2,
				"(*github.com/launchdarkly/go-server-sdk/v7.LDClient).BoolVariation",
				"(*github.com/launchdarkly/go-server-sdk/v7.LDClient).BoolVariationDetail",
				"(github.com/launchdarkly/go-server-sdk/v7/interfaces.LDClientEvaluations).BoolVariation",
				"(github.com/launchdarkly/go-server-sdk/v7/interfaces.LDClientEvaluations).BoolVariationDetail",
			),
			accessors(1, 3,
				"(*github.com/launchdarkly/go-server-sdk/v7.LDClient).BoolVariationCtx",
				"(*github.com/launchdarkly/go-server-sdk/v7.LDClient).BoolVariationDetailCtx",
			),
			accessors(0, 1,
				"(*github.com/launchdarkly/go-server-sdk/v7.LDScopedClient).BoolVariation",
				"(*github.com/launchdarkly/go-server-sdk/v7.LDScopedClient).BoolVariationDetail",
			),
			accessors(1, 2,
				"(*github.com/launchdarkly/go-server-sdk/v7.LDScopedClient).BoolVariationCtx",
				"(*github.com/launchdarkly/go-server-sdk/v7.LDScopedClient).BoolVariationDetailCtx",
			),
		),
	},
	// github.com/Unleash/unleash-go-sdk/v6 (the renamed client):
	// IsEnabled(feature string, options FeatureOptions) bool, package-level
	// and on *Client; v4 and v5 (github.com/Unleash/unleash-client-go)
	// take variadic ...FeatureOption. The fallback is an option, not an
	// argument, so there is no default index.
	"unleash": {
		Doc: "Unleash Go SDK v6 (and unleash-client-go v4, v5): unleash.IsEnabled(name, …) and client.IsEnabled(name, …)",
		Accessors: accessors(0, -1,
			"github.com/Unleash/unleash-go-sdk/v6.IsEnabled",
			"(*github.com/Unleash/unleash-go-sdk/v6.Client).IsEnabled",
			"github.com/Unleash/unleash-client-go/v5.IsEnabled",
			"(*github.com/Unleash/unleash-client-go/v5.Client).IsEnabled",
			"github.com/Unleash/unleash-client-go/v4.IsEnabled",
			"(*github.com/Unleash/unleash-client-go/v4.Client).IsEnabled",
		),
	},
	// github.com/thomaspoignant/go-feature-flag v1.55 (package ffclient):
	// BoolVariation(flagKey string, ctx ffcontext.Context, defaultValue bool)
	// (bool, error), package-level and on *GoFeatureFlag; likewise
	// BoolVariationDetails.
	"gofeatureflag": {
		Doc: "go-feature-flag: ffclient.BoolVariation(key, ctx, default) and (*GoFeatureFlag).BoolVariation, with their Details forms",
		Accessors: accessors(0, 2,
			"github.com/thomaspoignant/go-feature-flag.BoolVariation",
			"(*github.com/thomaspoignant/go-feature-flag.GoFeatureFlag).BoolVariation",
			"github.com/thomaspoignant/go-feature-flag.BoolVariationDetails",
			"(*github.com/thomaspoignant/go-feature-flag.GoFeatureFlag).BoolVariationDetails",
		),
	},
	// github.com/configcat/go-sdk/v9 v9.0.3: (*Client).GetBoolValue(key
	// string, defaultValue bool, user User) bool and GetBoolValueDetails;
	// configcat.Bool(key, defaultValue) BoolFlag is a handle checked with
	// BoolFlag.Get(snapshot).
	"configcat": {
		Doc: "ConfigCat Go SDK v9: client.GetBoolValue(key, default, user), GetBoolValueDetails, and configcat.Bool(key, default).Get(snapshot)",
		Accessors: accessors(0, 1,
			"(*github.com/configcat/go-sdk/v9.Client).GetBoolValue",
			"(*github.com/configcat/go-sdk/v9.Client).GetBoolValueDetails",
		),
		Handles: []Handle{{
			Constructor: mustFunc("github.com/configcat/go-sdk/v9.Bool"),
			Name:        0,
			Enabled:     []string{"Get"},
		}},
	},
	// github.com/Flagsmith/flagsmith-go-client/v5 v5.1: (*Flags).IsFeatureEnabled(featureName
	// string) (bool, error); v4 has the same method. Defaults are a client
	// option, not an argument.
	"flagsmith": {
		Doc: "Flagsmith Go client v5 (and v4): flags.IsFeatureEnabled(name)",
		Accessors: accessors(0, -1,
			"(*github.com/Flagsmith/flagsmith-go-client/v5.Flags).IsFeatureEnabled",
			"(*github.com/Flagsmith/flagsmith-go-client/v4.Flags).IsFeatureEnabled",
		),
	},

	// Gitaly (gitlab.com/gitlab-org/gitaly/v16…v18), checked against v18
	// (2026-05): internal/featureflag declares each flag in its own
	// ff_<name>.go as var X = NewFeatureFlag(name, version string,
	// rolloutIssueURL string, onByDefault bool) FeatureFlag, checked with
	// X.IsEnabled(ctx) / X.IsDisabled(ctx); tests force a state with
	// ContextWithFeatureFlag, IncomingCtxWithFeatureFlag and
	// OutgoingCtxWithFeatureFlag(ctx, flag, enabled) and run every
	// combination with testhelper.NewFeatureSets(flags...).Run(t, fn).
	// The instance's keys are gitaly_<name>: set state_prefix: gitaly_.
	"gitaly": {
		Doc: "Gitaly: var X = featureflag.NewFeatureFlag(name, version, issue, default) in internal/featureflag; X.IsEnabled(ctx) / X.IsDisabled(ctx); featureflag.ContextWithFeatureFlag(ctx, X, v) and the Incoming/Outgoing forms; testhelper.NewFeatureSets(X, …)",
		Handles: []Handle{{
			Constructor: mustFunc(".../internal/featureflag.NewFeatureFlag"),
			Name:        0,
			Enabled:     []string{"IsEnabled"},
			Disabled:    []string{"IsDisabled"},
		}},
		TestOverrides: []TestOverride{
			{Func: mustFunc(".../internal/featureflag.ContextWithFeatureFlag"), Flag: 1, Value: 2},
			{Func: mustFunc(".../internal/featureflag.IncomingCtxWithFeatureFlag"), Flag: 1, Value: 2},
			{Func: mustFunc(".../internal/featureflag.OutgoingCtxWithFeatureFlag"), Flag: 1, Value: 2},
		},
		FeatureSets: []FeatureSet{{
			Func:    mustFunc(".../internal/testhelper.NewFeatureSets"),
			Context: mustFunc(".../internal/testhelper.Context"),
		}},
		// Each bundled Git release waits for its flag (git_v241):
		// once on, the environment needs none.
		Requires: []Requirement{{Type: mustFunc(".../internal/git.BundledGitEnvironmentConstructor"), Field: "FeatureFlags"}},
		GoDefinitions: []GoDefinition{{
			Packages:    []string{"./internal/featureflag"},
			Kind:        "constructor",
			Constructor: mustFunc(".../internal/featureflag.NewFeatureFlag"),
			Args:        map[string]int{"name": 0, "milestone": 1, "rollout_issue": 2, "default": 3},
			Type:        "beta",
		}},
	},
	// k8s.io/component-base/featuregate, checked against component-base
	// (2026-07) and its users (kubernetes, apiserver): const X
	// featuregate.Feature = "X" with an `// owner: @user` comment, and an
	// entry in a map[featuregate.Feature]featuregate.FeatureSpec or
	// VersionedSpecs ([]FeatureSpec{Default, LockToDefault, PreRelease,
	// Version}; GA is the empty PreRelease, so a spec without one is GA);
	// checked with gate.Enabled(X) on the FeatureGate interface (which
	// MutableFeatureGate and MutableVersionedFeatureGate embed); tests use
	// featuregatetesting.SetFeatureGateDuringTest(tb, gate, X, v) and
	// SetFeatureGatesDuringTest(tb, gate, FeatureOverrides{X: v}), and
	// map[featuregate.Feature]bool literals.
	"featuregate": {
		Doc:       "k8s.io/component-base/featuregate: const X featuregate.Feature plus a FeatureSpec or VersionedSpecs map entry in pkg/features; gate.Enabled(X); SetFeatureGateDuringTest(t, gate, X, v); map[featuregate.Feature]bool{X: v}",
		Accessors: accessors(0, -1, "(k8s.io/component-base/featuregate.FeatureGate).Enabled"),
		TestOverrides: []TestOverride{
			{Func: mustFunc("k8s.io/component-base/featuregate/testing.SetFeatureGateDuringTest"), Flag: 2, Value: 3},
			{Form: FormMap, Type: mustFunc("k8s.io/component-base/featuregate.Feature"), Func: mustFunc("k8s.io/component-base/featuregate/testing.SetFeatureGatesDuringTest")},
		},
		GoDefinitions: []GoDefinition{{
			Packages: []string{"./pkg/features"},
			Kind:     "map",
			Registry: mustFunc("k8s.io/component-base/featuregate.FeatureSpec"),
			Fields:   map[string]string{"default": "Default", "stage": "PreRelease", "locked": "LockToDefault", "milestone": "Version"},
			Type:     "beta",
			Stages: map[string]string{
				"PreAlpha": "wip", "Alpha": "wip", "Beta": "beta",
				"GA": "beta", "": "beta", "Deprecated": "beta",
			},
		}},
	},
	// Grafana's pkg/services/featuremgmt, checked against grafana main
	// (2026): the registry is a []FeatureFlag{Name, Description, Stage,
	// Owner, Expression ("true": on by default), …} in registry.go, from
	// which `make gen-feature-toggles` writes toggles_gen.go (FlagX =
	// "x", under a non-standard header), toggles_gen.csv, .json, the
	// frontend's featureToggles.gen.ts and the docs table; checked with
	// IsEnabled(ctx, featuremgmt.FlagX) and IsEnabledGlobally(FlagX) on
	// the FeatureToggles interface and *FeatureManager; tests use
	// WithFeatures(FlagX, true, FlagY) and WithManager (flags, each
	// optionally followed by its bool) and WithEnabledFlags(t, flags…).
	// Flags carry no version, so their age is unknown.
	"grafana": {
		Doc: "Grafana featuremgmt: []FeatureFlag{Name, Stage, Owner, Expression} registry; features.IsEnabled(ctx, featuremgmt.FlagX), IsEnabledGlobally(FlagX); featuremgmt.WithFeatures(FlagX, true, …)",
		Accessors: concat(
			accessors(1, -1,
				"(.../pkg/services/featuremgmt.FeatureToggles).IsEnabled",
				"(*.../pkg/services/featuremgmt.FeatureManager).IsEnabled",
			),
			accessors(0, -1,
				"(.../pkg/services/featuremgmt.FeatureToggles).IsEnabledGlobally",
				"(*.../pkg/services/featuremgmt.FeatureManager).IsEnabledGlobally",
			),
		),
		TestOverrides: []TestOverride{
			{Form: FormPairs, Func: mustFunc(".../pkg/services/featuremgmt.WithFeatures"), Flag: 0},
			{Form: FormPairs, Func: mustFunc(".../pkg/services/featuremgmt.WithManager"), Flag: 0},
			{Form: FormPairs, Func: mustFunc(".../pkg/services/featuremgmt.WithEnabledFlags"), Flag: 1},
		},
		GoDefinitions: []GoDefinition{{
			Packages: []string{"./pkg/services/featuremgmt"},
			Kind:     "slice",
			Registry: mustFunc(".../pkg/services/featuremgmt.FeatureFlag"),
			Fields:   map[string]string{"name": "Name", "description": "Description", "stage": "Stage", "owner": "Owner", "default": "Expression"},
			Type:     "beta",
			Stages: map[string]string{
				"FeatureStageUnknown": "wip", "FeatureStageExperimental": "wip",
				"FeatureStagePrivatePreview": "experiment", "FeatureStagePublicPreview": "beta",
				"FeatureStageGeneralAvailability": "beta", "FeatureStageDeprecated": "beta",
			},
		}},
		Generated: []string{
			"pkg/services/featuremgmt/toggles_gen.go",
			"pkg/services/featuremgmt/toggles_gen.csv",
			"pkg/services/featuremgmt/toggles_gen.json",
			"packages/grafana-data/src/types/featureToggles.gen.ts",
			"docs/sources/setup-grafana/configure-grafana/feature-toggles/index.md",
		},
	},
	// go.opentelemetry.io/collector/featuregate, checked against the
	// collector's featuregate module (v1.x, 2026) and its users (the
	// collector, collector-contrib): a gate is registered anywhere with
	// var G = featuregate.GlobalRegistry().MustRegister(id, stage,
	// opts...) — the options WithRegisterFromVersion,
	// WithRegisterToVersion, WithRegisterDescription and
	// WithRegisterReferenceURL; checked with G.IsEnabled(); tests force it
	// with featuregate.GlobalRegistry().Set(G.ID(), v), wrapped in
	// require.NoError or `if err := …; err != nil`. The stage implies the
	// default (alpha off, beta on) and the lock: a stable gate is on for
	// good, a deprecated one off, and both are ready for removal from
	// their to-version.
	"otel-featuregate": {
		Doc: "OpenTelemetry Collector featuregate: var G = featuregate.GlobalRegistry().MustRegister(id, stage, WithRegisterFromVersion(…), …) anywhere; G.IsEnabled(); featuregate.GlobalRegistry().Set(G.ID(), v)",
		Handles: []Handle{{
			Constructor: mustFunc("(*go.opentelemetry.io/collector/featuregate.Registry).MustRegister"),
			Name:        0,
			Enabled:     []string{"IsEnabled"},
			Keys:        []string{"ID"},
		}},
		TestOverrides: []TestOverride{
			{Func: mustFunc("(*go.opentelemetry.io/collector/featuregate.Registry).Set"), Flag: 0, Value: 1},
		},
		GoDefinitions: []GoDefinition{
			otelRegistration("MustRegister"),
			// Register is MustRegister returning its error: what a
			// registration wrapper calls (see godefs.Wrappers).
			otelRegistration("Register"),
		},
	},
	// GitLab Runner (gitlab.com/gitlab-org/gitlab-runner), checked against
	// main (2026): helpers/featureflags declares const X string =
	// "FF_X" and a []FeatureFlag{Name, DefaultValue, Deprecated,
	// ToBeRemovedWith, Description} table; checked with
	// build.IsFeatureFlagOn(X), (*RunnerSettings).IsFeatureFlagOn(X),
	// featureflags.IsOnFromEnv(logger, X) and featureflags.IsOn(logger,
	// os.Getenv(X)); tests force flags with spec.Variable{Key: X, Value:
	// "true"} (common.JobVariable before spec), buildtest
	// .SetBuildFeatureFlag(build, X, v) and map[string]bool{X: v}
	// (RunnerSettings.FeatureFlags). `make update_feature_flags_docs`
	// writes the table in docs/configuration/feature-flags.md.
	"gitlab-runner": {
		Doc: "GitLab Runner: const X = \"FF_X\" plus a []featureflags.FeatureFlag table; build.IsFeatureFlagOn(X), featureflags.IsOn(l, os.Getenv(X)); spec.Variable{Key: X, Value: \"true\"}, map[string]bool{X: v}",
		Accessors: concat(
			accessors(0, -1,
				"(*.../common.Build).IsFeatureFlagOn",
				"(*.../common.RunnerSettings).IsFeatureFlagOn",
			),
			accessors(1, -1, ".../helpers/featureflags.IsOnFromEnv"),
			[]Accessor{{Func: mustFunc(".../helpers/featureflags.IsOn"), Key: 1, Default: -1, Unwrap: []FuncName{mustFunc("os.Getenv")}}},
		),
		TestOverrides: []TestOverride{
			{Form: FormStruct, Type: mustFunc(".../common/spec.Variable"), FlagField: "Key", ValueField: "Value"},
			{Form: FormStruct, Type: mustFunc(".../common.JobVariable"), FlagField: "Key", ValueField: "Value"},
			{Func: mustFunc(".../common/buildtest.SetBuildFeatureFlag"), Flag: 1, Value: 2},
			{Form: FormMap, KeyPackage: ".../helpers/featureflags"},
		},
		GoDefinitions: []GoDefinition{{
			Packages: []string{"./helpers/featureflags"},
			Kind:     "slice",
			Registry: mustFunc(".../helpers/featureflags.FeatureFlag"),
			Fields:   map[string]string{"name": "Name", "default": "DefaultValue", "deprecated": "Deprecated", "remove_with": "ToBeRemovedWith", "description": "Description"},
			Type:     "beta",
		}},
		Generated: []string{"docs/configuration/feature-flags.md"},
	},
}

// accessors builds accessors sharing key and default indexes.
func accessors(key, def int, names ...string) []Accessor {
	out := make([]Accessor, len(names))
	for i, n := range names {
		out[i] = Accessor{Func: mustFunc(n), Key: key, Default: def}
	}
	return out
}

func concat[T any](lists ...[]T) []T {
	var out []T
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func mustFunc(s string) FuncName {
	f, err := ParseFuncName(s)
	if err != nil {
		panic(err)
	}
	return f
}

// PresetNames returns the preset names, sorted.
func PresetNames() []string {
	names := make([]string, 0, len(Presets))
	for n := range Presets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// AllAccessors returns the configured accessors followed by those of the
// configured presets.
func (c *Config) AllAccessors() []Accessor {
	out := append([]Accessor(nil), c.Accessors...)
	for _, p := range c.Presets {
		out = append(out, c.preset(p.V).Accessors...)
	}
	return out
}

// AllHandles returns the configured handles and those of the presets.
func (c *Config) AllHandles() []Handle {
	out := append([]Handle(nil), c.Handles...)
	for _, p := range c.Presets {
		out = append(out, c.preset(p.V).Handles...)
	}
	return out
}

// AllTestOverrides returns the configured test overrides and those of the
// presets.
func (c *Config) AllTestOverrides() []TestOverride {
	out := append([]TestOverride(nil), c.TestOverrides...)
	for _, p := range c.Presets {
		out = append(out, c.preset(p.V).TestOverrides...)
	}
	return out
}

// AllRequires returns the requirement lists configured and those of the
// presets.
func (c *Config) AllRequires() []Requirement {
	out := append([]Requirement(nil), c.Requires...)
	for _, p := range c.Presets {
		out = append(out, c.preset(p.V).Requires...)
	}
	return out
}

// AllFeatureSets returns the configured feature sets and those of the
// presets.
func (c *Config) AllFeatureSets() []FeatureSet {
	out := append([]FeatureSet(nil), c.FeatureSets...)
	for _, p := range c.Presets {
		out = append(out, c.preset(p.V).FeatureSets...)
	}
	return out
}

// IsGenerated reports whether a file, relative to the root, is generated
// by the configuration's generated: globs or its presets'. (The standard
// "Code generated … DO NOT EDIT." header is checked by the callers, who
// have the file.)
func (c *Config) IsGenerated(rel string) bool {
	for _, g := range c.Generated {
		if MatchGlob(g.V, rel) {
			return true
		}
	}
	for _, p := range c.Presets {
		for _, g := range c.preset(p.V).Generated {
			if MatchGlob(g, rel) {
				return true
			}
		}
	}
	return false
}

// FlagPackage reports whether the package with import path path, in
// directory rel of the project (slash-separated, "." for the root), is
// part of the flag system the configuration describes: it declares a
// configured accessor, handle constructor, test override, feature set or
// registry type, or holds Go definitions. Its API serves the flags to
// come, so a removal that leaves some of it unused leaves it in place.
func (c *Config) FlagPackage(path, rel string) bool {
	for _, d := range c.AllGoDefinitions() {
		for _, p := range d.Packages {
			p = strings.TrimPrefix(path_.Clean(p), "./")
			if rest, ok := strings.CutSuffix(p, "/..."); ok && (rel == rest || strings.HasPrefix(rel, rest+"/")) || p == "..." || p == rel {
				return true
			}
		}
	}
	return c.FormPackage(path)
}

// FormPackage reports whether the package with import path path
// declares one of the configured forms: an accessor, handle constructor,
// test override, feature set, Go definition constructor or registry type
// — the flag library itself (featuregate), wherever it lives.
func (c *Config) FormPackage(path string) bool {
	var names []FuncName
	for _, a := range c.AllAccessors() {
		names = append(names, a.Func)
	}
	for _, h := range c.AllHandles() {
		names = append(names, h.Constructor)
	}
	for _, o := range c.AllTestOverrides() {
		names = append(names, o.Func, o.Type)
	}
	for _, fs := range c.AllFeatureSets() {
		names = append(names, fs.Func, fs.Context)
	}
	for _, d := range c.AllGoDefinitions() {
		names = append(names, d.Constructor, d.Registry)
	}
	for _, n := range names {
		if n.Pkg == "" {
			continue
		}
		if suffix, ok := strings.CutPrefix(n.Pkg, "..."); ok {
			if strings.HasSuffix(path, suffix) {
				return true
			}
		} else if n.Pkg == path {
			return true
		}
	}
	return false
}

// otelRegistration is the Go definition of the OpenTelemetry Collector's
// featuregate registrations by the Registry method of that name.
func otelRegistration(method string) GoDefinition {
	return GoDefinition{
		Packages:    []string{"./..."},
		Kind:        "constructor",
		Constructor: mustFunc("(*go.opentelemetry.io/collector/featuregate.Registry)." + method),
		Args:        map[string]int{"name": 0, "stage": 1},
		Options: map[string]FuncName{
			"milestone":     mustFunc("go.opentelemetry.io/collector/featuregate.WithRegisterFromVersion"),
			"remove_with":   mustFunc("go.opentelemetry.io/collector/featuregate.WithRegisterToVersion"),
			"description":   mustFunc("go.opentelemetry.io/collector/featuregate.WithRegisterDescription"),
			"rollout_issue": mustFunc("go.opentelemetry.io/collector/featuregate.WithRegisterReferenceURL"),
		},
		OptionAliases: map[string][]FuncName{
			"remove_with": {mustFunc("go.opentelemetry.io/collector/featuregate.WithRegisterRemovalVersion")},
		},
		Type:          "beta",
		Stages:        map[string]string{"StageAlpha": "wip", "StageBeta": "beta", "StageStable": "beta", "StageDeprecated": "beta"},
		StageDefaults: map[string]bool{"StageAlpha": false, "StageBeta": true, "StageStable": true, "StageDeprecated": false},
		StageLocked:   map[string]bool{"StageStable": true, "StageDeprecated": true},
		// mdatagen writes the registrations of a component's gates
		// from its metadata.yaml.
		GeneratedFrom: &GeneratedSource{
			Path: "../../metadata.yaml", List: "feature_gates", Key: "id",
			Fields: map[string]string{"stage": "stage", "milestone": "from_version", "remove_with": "to_version"},
			Stages: map[string]string{"StageAlpha": "alpha", "StageBeta": "beta", "StageStable": "stable", "StageDeprecated": "deprecated"},
			Docs:   "../../documentation.md", DocsColumns: map[string]string{"stage": "Stage", "remove_with": "To Version"},
		},
	}
}
