package a

import (
	"context"

	"feature"
	"sdk"
)

type req struct{ flag string }

// forward is a wrapper: its parameter flows into the accessor, so its own
// call is not dynamic; its callers' keys are checked instead.
func forward(ctx context.Context, name string) bool { return feature.Enabled(ctx, name) }

func f(ctx context.Context, r req, c *sdk.Client, names []string) {
	_ = feature.Enabled(ctx, r.flag)             // want `the flag key passed to feature.Enabled is not a constant, so flagsweep cannot tell which flag this is: use a constant key`
	_, _ = c.BoolVariation(names[0], nil, false) // want `the flag key passed to \(\*sdk.Client\).BoolVariation is not a constant`
	_ = forward(ctx, r.flag)                     // want `the flag key passed to wrapper a.forward is not a constant`
	_ = forward(ctx, "known_flag")
	_ = feature.WithOverride(ctx, r.flag, true) // a test forcing a flag from a table checks nothing
	for _, n := range names {
		//flagsweep:ignore dynamic-key the admin page lists every flag
		_ = feature.Enabled(ctx, n)
		//flagsweep:ignore dynamic-key
		_ = feature.Enabled(ctx, n+"_v2") // want `is not a constant, so flagsweep cannot tell which flag this is: use a constant key \(the //flagsweep:ignore on line 25 needs a reason to count\)`
		//flagsweep:ignore undefined the wrong id does not suppress
		_ = feature.Enabled(ctx, n+"_v3") // want `is not a constant`
	}
}
