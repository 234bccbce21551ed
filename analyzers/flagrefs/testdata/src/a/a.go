package a

import (
	"context"

	"feature"
	ff "feature"
	"flags"
	"sdk"
	"wrap"
)

type Flag string

const local = "old_api"

// generic calls a method of a generic type.
func generic(c *sdk.Typed[int]) {
	_ = c.Enabled("new_ui") // want `check new_ui via \(\*sdk.Typed\[T\]\).Enabled`
}

func forms(ctx context.Context, c *sdk.Client, g feature.Gate, s feature.Strict, name string) {
	_ = feature.Enabled(ctx, "new_ui")                // want `check new_ui via feature.Enabled`
	_ = ff.Enabled(ctx, local)                        // want `check old_api via feature.Enabled`
	_ = feature.Enabled(ctx, string(flags.NewUI))     // want `check new_ui via feature.Enabled`
	_ = feature.On(flags.NewUI)                       // want `check new_ui via feature.On`
	_ = feature.On("beta" + "_ui")                    // want `check beta_ui via feature.On`
	_ = feature.Off(feature.Flag(flags.ExpSearch))    // want `check exp_search via feature.Off negated`
	_ = feature.Enabled(ctx, string(Flag("beta_ui"))) // want `check beta_ui via feature.Enabled`
	_ = feature.Enabled(ctx, name+"_v2")              // want `check dynamic via feature.Enabled`
	_, _ = c.BoolVariation("new_ui", ctx, true)       // want `check new_ui via \(\*sdk.Client\).BoolVariation default=true`
	_ = c.IsOn("new_ui")                              // want `check new_ui via \(\*sdk.Client\).IsOn`
	_ = c.IsOnFor("new_ui", 1)                        // want `check new_ui via \(\*sdk.Client\).IsOnFor`
	_ = c.IsOff("new_ui")                             // not of the family: no reference
	_ = g.Enabled("old_api")                          // want `check old_api via \(feature.Gate\).Enabled`
	_ = s.Enabled("old_api")                          // want `check old_api via \(feature.Gate\).Enabled`
	_ = flags.Gitaly.IsEnabled(ctx)                   // want `check gitaly_thing via \(feature.FF\).IsEnabled`
	_ = flags.Gitaly.IsDisabled(ctx)                  // want `check gitaly_thing via \(feature.FF\).IsDisabled negated`
	_ = flags.Gitaly.Name()                           // want `use gitaly_thing via feature.NewFeatureFlag`
	_ = wrap.IsOn(ctx, "new_ui")                      // want `check new_ui via wrap.IsOn wrapper`
	_ = wrap.IsOff(ctx, "new_ui")                     // want `check new_ui via wrap.IsOff negated wrapper`
	_ = wrap.Logged(ctx, "old_api")                   // want `check old_api via wrap.Logged wrapper`
	_ = wrap.Checker{}.Check(ctx, "beta_ui")          // want `check beta_ui via \(wrap.Checker\).Check wrapper`
	_ = wrap.Renamed(ctx, "new_ui")                   // not a wrapper
	enabled := feature.Enabled                        // a function value is not tracked
	_ = enabled(ctx, "new_ui")
	local := feature.NewFeatureFlag("exp_search", "", "", false) // want `declare exp_search via feature.NewFeatureFlag`
	_ = local.IsEnabled(ctx)                                     // want `check exp_search via \(feature.FF\).IsEnabled`
	ctx = feature.WithOverride(ctx, "beta_ui", true)             // want `override beta_ui via feature.WithOverride`
	_ = feature.NewFeatureSets(flags.Gitaly, local)              // want `feature-set gitaly_thing via feature.NewFeatureSets` `feature-set exp_search via feature.NewFeatureSets`
}

// A local wrapper of a wrapper.
func onHere(ctx context.Context, key string) bool { return wrap.IsOn(ctx, key) }

func useLocal(ctx context.Context) bool {
	return onHere(ctx, "new_ui") // want `check new_ui via a.onHere wrapper`
}

func notWrappers(ctx context.Context) {
	_ = wrap.Serve(ctx, "new_ui")
	wrap.LogFlag(ctx, "new_ui")
	_, _ = wrap.Held(ctx, "new_ui") // want `check new_ui via wrap.Held wrapper`
}
