package win

import (
	"context"

	"feature"
	"flags"
)

func windowsOnly(ctx context.Context) bool {
	return feature.Enabled(ctx, "exp_search") && flags.Gitaly.IsDisabled(ctx) && feature.On(flags.NewUI) && onHere(ctx, local)
}
