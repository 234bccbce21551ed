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

// Serve uses its parameter as a key among other work and does not return
// the check: not a wrapper, so its check is dynamic.
func Serve(ctx context.Context, key string) string {
	if feature.Enabled(ctx, key) {
		return "on"
	}
	return "off"
}

// LogFlag returns nothing: not a wrapper.
func LogFlag(ctx context.Context, name string) {
	log.Print(feature.Enabled(ctx, name))
}

// Held returns a variable holding the check: a wrapper, though not a
// direct one.
func Held(ctx context.Context, name string) (bool, error) { // want Held:"wrapper"
	on := feature.Enabled(ctx, name)
	if on {
		log.Print(name)
	}
	return on, nil
}
