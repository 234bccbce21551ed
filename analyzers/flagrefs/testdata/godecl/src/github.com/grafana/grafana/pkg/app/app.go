package app

import (
	"context"
	"testing"

	"github.com/grafana/grafana/pkg/services/featuremgmt"
)

func use(ctx context.Context, t *testing.T, features featuremgmt.FeatureToggles, fm *featuremgmt.FeatureManager, flags []any) {
	_ = features.IsEnabled(ctx, featuremgmt.FlagPanelTitleSearch)                      // want `check panelTitleSearch via \(github.com/grafana/grafana/pkg/services/featuremgmt.FeatureToggles\).IsEnabled`
	_ = features.IsEnabledGlobally(featuremgmt.FlagPanelTitleSearch)                   // want `check panelTitleSearch via .*FeatureToggles\).IsEnabledGlobally`
	_ = fm.IsEnabled(ctx, featuremgmt.FlagPanelTitleSearch)                            // want `check panelTitleSearch via \(\*github.com/grafana/grafana/pkg/services/featuremgmt.FeatureManager\).IsEnabled`
	_ = featuremgmt.WithFeatures(featuremgmt.FlagPanelTitleSearch, "otherFlag", false) // want `override panelTitleSearch via .*WithFeatures form=pairs value=nil` `override otherFlag via .*WithFeatures form=pairs value=false`
	_ = featuremgmt.WithManager(featuremgmt.FlagPanelTitleSearch, true)                // want `override panelTitleSearch via .*WithManager form=pairs value=true`
	featuremgmt.WithEnabledFlags(t, featuremgmt.FlagPanelTitleSearch)                  // want `override panelTitleSearch via .*WithEnabledFlags form=pairs value=nil`
	_ = featuremgmt.WithFeatures(flags...)                                             // a spread slice: no flag to name
}
