package feature

import "context"

type Flag string

func Enabled(ctx context.Context, name string) bool { return false }

func On(f Flag) bool  { return false }
func Off(f Flag) bool { return true }

type Gate interface {
	Enabled(name string) bool
}

type Strict interface {
	Gate
	Close()
}

type FF struct{ name string }

func NewFeatureFlag(name, version, url string, def bool) FF { return FF{name} }

func (f FF) IsEnabled(ctx context.Context) bool  { return false }
func (f FF) IsDisabled(ctx context.Context) bool { return true }
func (f FF) Name() string                        { return f.name }

func WithOverride(ctx context.Context, name string, on bool) context.Context { return ctx }

type Sets struct{}

func NewFeatureSets(ffs ...FF) Sets { return Sets{} }
