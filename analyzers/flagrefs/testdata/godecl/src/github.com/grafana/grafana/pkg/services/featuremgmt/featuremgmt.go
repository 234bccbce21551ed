// Package featuremgmt stubs Grafana's pkg/services/featuremgmt.
package featuremgmt

import (
	"context"
	"testing"
)

// FeatureToggles checks toggles.
type FeatureToggles interface {
	IsEnabled(ctx context.Context, flag string) bool
	IsEnabledGlobally(flag string) bool
}

// FeatureManager implements FeatureToggles.
type FeatureManager struct{}

// IsEnabled checks a toggle.
func (fm *FeatureManager) IsEnabled(ctx context.Context, flag string) bool { return false }

// IsEnabledGlobally checks a toggle for all tenants.
func (fm *FeatureManager) IsEnabledGlobally(flag string) bool { return false }

// WithFeatures returns toggles for a test: flags, each optionally
// followed by its value.
func WithFeatures(spec ...any) FeatureToggles { return WithManager(spec...) }

// WithManager is WithFeatures' manager.
func WithManager(spec ...any) *FeatureManager { return &FeatureManager{} }

// WithEnabledFlags enables flags for a test.
func WithEnabledFlags(t *testing.T, flags ...string) {}

// FlagPanelTitleSearch is generated.
const FlagPanelTitleSearch = "panelTitleSearch"
