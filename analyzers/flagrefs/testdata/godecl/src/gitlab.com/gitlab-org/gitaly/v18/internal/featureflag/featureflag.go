// Package featureflag stubs Gitaly's internal/featureflag (v18) with the
// signatures the gitaly preset names.
package featureflag

import "context"

// FeatureFlag is a Gitaly flag.
type FeatureFlag struct {
	Name        string
	OnByDefault bool
}

// NewFeatureFlag declares a flag.
func NewFeatureFlag(name, version, rolloutIssueURL string, onByDefault bool) FeatureFlag {
	return FeatureFlag{Name: name, OnByDefault: onByDefault}
}

// IsEnabled checks the flag.
func (ff FeatureFlag) IsEnabled(ctx context.Context) bool { return ff.OnByDefault }

// IsDisabled checks the flag, negated.
func (ff FeatureFlag) IsDisabled(ctx context.Context) bool { return !ff.IsEnabled(ctx) }

// ContextWithFeatureFlag forces a flag.
func ContextWithFeatureFlag(ctx context.Context, flag FeatureFlag, enabled bool) context.Context {
	return ctx
}

// IncomingCtxWithFeatureFlag forces a flag on incoming metadata.
func IncomingCtxWithFeatureFlag(ctx context.Context, flag FeatureFlag, enabled bool) context.Context {
	return ctx
}
