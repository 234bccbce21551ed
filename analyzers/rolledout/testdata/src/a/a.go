package a

import (
	"context"
	"fmt"

	"feature"
	"sdk"
)

var newUI = feature.NewFeatureFlag("ready_on")

func isOn(ctx context.Context, name string) bool { return feature.Enabled(ctx, name) }

func logged(ctx context.Context, name string) bool {
	on := feature.Enabled(ctx, name)
	fmt.Println(name, on)
	return on
}

func f(ctx context.Context, c *sdk.Client) {
	if feature.Enabled(ctx, "ready_on") { // want `flag "ready_on" is ready for removal \(on for everyone, 8 milestones old\): this check is always true; run flagsweep remove ready_on`
		fmt.Println("new")
	}
	_ = feature.Enabled(ctx, "ready_off")                   // want `flag "ready_off" is ready for removal \(off for everyone, 21 milestones old\): this check is always false`
	_ = newUI.IsEnabled(ctx)                                // want `this check is always true`
	_ = newUI.IsDisabled(ctx)                               // want `this check is always false`
	_ = isOn(ctx, "ready_on")                               // want `this check is always true`
	_ = logged(ctx, "ready_on")                             // want `this check is always true`
	_, _ = c.BoolVariation("ready_on", sdk.Context(), true) // want `this check is always true`
	_ = feature.Enabled(newContext(ctx), "ready_on")        // want `this check is always true`
	_ = feature.Enabled(ctx, "young_on")
	_ = feature.Enabled(ctx, "kill_switch")
}

func newContext(ctx context.Context) context.Context { return ctx }
