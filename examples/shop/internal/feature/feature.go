// Package feature answers whether a feature flag is on.
//
// Flags are switched on for the process with SHOP_FEATURES=name,name and
// forced per request in tests with WithOverride.
package feature

import (
	"context"
	"os"
	"strings"
)

type overrideKey struct{ name string }

// Enabled reports whether the flag called name is on for ctx.
func Enabled(ctx context.Context, name string) bool {
	if v, ok := ctx.Value(overrideKey{name}).(bool); ok {
		return v
	}
	for _, on := range strings.Split(os.Getenv("SHOP_FEATURES"), ",") {
		if strings.TrimSpace(on) == name {
			return true
		}
	}
	return false
}

// WithOverride returns a context in which the flag called name is forced
// on or off. It is meant for tests.
func WithOverride(ctx context.Context, name string, on bool) context.Context {
	return context.WithValue(ctx, overrideKey{name}, on)
}
