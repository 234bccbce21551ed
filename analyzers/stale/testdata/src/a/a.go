package a

import (
	"context"

	"feature"
)

func f(ctx context.Context) {
	if feature.Enabled(ctx, "old_wip") { // want `flag "old_wip" is 8 milestones old; wip flags may live 4: retype it \(beta or ops\) or remove it`
		return
	}
	_ = feature.Enabled(ctx, "fresh_beta")
	_ = feature.Enabled(ctx, "ready_beta") // ready for removal: rolledout's business
}
