package config

import "sort"

// A Preset is a named set of reference forms for a common flag SDK, so that
// `presets: [openfeature]` is all a project on that SDK needs to write.
type Preset struct {
	Doc           string // one line for the README and `flagsweep help`
	Accessors     []Accessor
	Handles       []Handle
	TestOverrides []TestOverride
	FeatureSets   []FeatureSet
	GoDefinitions []GoDefinition
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
		out = append(out, Presets[p.V].Accessors...)
	}
	return out
}

// AllHandles returns the configured handles and those of the presets.
func (c *Config) AllHandles() []Handle {
	out := append([]Handle(nil), c.Handles...)
	for _, p := range c.Presets {
		out = append(out, Presets[p.V].Handles...)
	}
	return out
}

// AllTestOverrides returns the configured test overrides and those of the
// presets.
func (c *Config) AllTestOverrides() []TestOverride {
	out := append([]TestOverride(nil), c.TestOverrides...)
	for _, p := range c.Presets {
		out = append(out, Presets[p.V].TestOverrides...)
	}
	return out
}

// AllFeatureSets returns the configured feature sets and those of the
// presets.
func (c *Config) AllFeatureSets() []FeatureSet {
	out := append([]FeatureSet(nil), c.FeatureSets...)
	for _, p := range c.Presets {
		out = append(out, Presets[p.V].FeatureSets...)
	}
	return out
}
