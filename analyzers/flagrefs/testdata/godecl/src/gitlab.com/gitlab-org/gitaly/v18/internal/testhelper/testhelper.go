// Package testhelper stubs Gitaly's internal/testhelper.
package testhelper

import (
	"context"
	"testing"

	"gitlab.com/gitlab-org/gitaly/v18/internal/featureflag"
)

// FeatureSets are combinations of flags.
type FeatureSets []map[featureflag.FeatureFlag]bool

// NewFeatureSets returns every combination of features.
func NewFeatureSets(features ...featureflag.FeatureFlag) FeatureSets { return nil }

// Run runs test under every combination.
func (s FeatureSets) Run(t *testing.T, test func(*testing.T, context.Context)) {}

// Context returns a test's context.
func Context(tb testing.TB) context.Context { return context.Background() }

// EnabledOrDisabledFlag chooses by the flag's state.
func EnabledOrDisabledFlag[T any](ctx context.Context, flag featureflag.FeatureFlag, enabled, disabled T) T {
	if flag.IsEnabled(ctx) {
		return enabled
	}
	return disabled
}
