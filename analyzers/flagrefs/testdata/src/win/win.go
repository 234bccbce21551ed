package win

import (
	"context"

	"flags"
	"wrap"
)

const local = "old_api"

func onHere(ctx context.Context, key string) bool { return wrap.IsOn(ctx, key) }

// Only the excluded files check flags; this file merely imports the
// package that names them (as most platform-independent files do).
var _ = flags.NewUI
