package wrap

import (
	"context"
	"log"

	"feature"
)

// IsOn is a direct wrapper.
func IsOn(ctx context.Context, name string) bool { // want IsOn:"wrapper"
	return feature.Enabled(ctx, name)
}

// IsOff is a negated direct wrapper.
func IsOff(ctx context.Context, name string) bool { // want IsOff:"wrapper \\(negated\\)"
	return !feature.Enabled(ctx, name)
}

// Logged does more than return the check.
func Logged(ctx context.Context, name string) bool { // want Logged:"wrapper"
	on := IsOn(ctx, name)
	log.Print(name, on)
	return on
}

type Checker struct{}

// Check is a method wrapper.
func (Checker) Check(ctx context.Context, key string) bool { // want Check:"wrapper"
	return Logged(ctx, key)
}

// Renamed assigns its parameter: not a wrapper.
func Renamed(ctx context.Context, name string) bool {
	name = "x_" + name
	return feature.Enabled(ctx, name) // computed key
}
