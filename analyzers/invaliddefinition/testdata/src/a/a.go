package a

import (
	"context"

	"feature"
)

func f(ctx context.Context) {
	_ = feature.Enabled(ctx, "odd_flag") // want `flag "odd_flag" has an invalid definition: config/feature_flags/beta/odd_flag.yml:7:1: unknown key "colour": remove it`
	_ = feature.Enabled(ctx, "fine_flag")
}
