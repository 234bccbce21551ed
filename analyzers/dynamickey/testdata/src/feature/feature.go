package feature

import "context"

func Enabled(ctx context.Context, name string) bool { return false }

type FF struct{ name string }

func NewFeatureFlag(name string) FF { return FF{name} }

func (f FF) IsEnabled(ctx context.Context) bool  { return false }
func (f FF) IsDisabled(ctx context.Context) bool { return true }

// WithOverride forces a flag in a test.
func WithOverride(ctx context.Context, name string, on bool) context.Context { return ctx }
