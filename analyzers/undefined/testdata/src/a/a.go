package a

import (
	"context"

	"feature"
)

const typo = "knwon_flag"

var handle = feature.NewFeatureFlag("nowhere_flag") // want `flag "nowhere_flag" has no definition: add its definition or fix the key`

func f(ctx context.Context, name string) {
	_ = feature.Enabled(ctx, "known_flag")
	_ = feature.Enabled(ctx, typo)           // want `flag "knwon_flag" has no definition: did you mean "known_flag"\?`
	_ = feature.Enabled(ctx, "gone_forever") // want `flag "gone_forever" has no definition: add its definition or fix the key`
	_ = handle.IsEnabled(ctx)                // want `flag "nowhere_flag" has no definition`
	_ = feature.Enabled(ctx, name+"x")       // dynamic: not undefined
	//flagsweep:ignore undefined defined by the billing service at run time
	_ = feature.Enabled(ctx, "remote_flag")
	_ = feature.Enabled(ctx, "other_remote") //flagsweep:ignore undefined defined remotely too
}
