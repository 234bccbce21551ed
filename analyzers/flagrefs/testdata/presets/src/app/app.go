package app

import (
	"context"

	flagsmith "github.com/Flagsmith/flagsmith-go-client/v5"
	unleash "github.com/Unleash/unleash-go-sdk/v6"
	configcat "github.com/configcat/go-sdk/v9"
	ldclient "github.com/launchdarkly/go-server-sdk/v7"
	"github.com/launchdarkly/go-server-sdk/v7/interfaces"
	"github.com/open-feature/go-sdk/openfeature"
	ffclient "github.com/thomaspoignant/go-feature-flag"
)

var ccFlag = configcat.Bool("sdk_flag", false) // want `declare sdk_flag via github.com/configcat/go-sdk/v9.Bool`

func all(ctx context.Context, of *openfeature.Client, ofi openfeature.IClient, ld *ldclient.LDClient, ldi interfaces.LDClientInterface,
	sc *ldclient.LDScopedClient, uc *unleash.Client, gff *ffclient.GoFeatureFlag, cc *configcat.Client, snap *configcat.Snapshot, fs *flagsmith.Flags) {
	_, _ = of.BooleanValue(ctx, "sdk_flag", false, openfeature.EvaluationContext{})        // want `check sdk_flag via \(\*github.com/open-feature/go-sdk/openfeature.Client\).BooleanValue default=false`
	_ = of.Boolean(ctx, "sdk_flag", false, openfeature.EvaluationContext{})                // want `check sdk_flag via \(\*github.com/open-feature/go-sdk/openfeature.Client\).Boolean default=false`
	_, _ = of.BooleanValueDetails(ctx, "sdk_flag", false, openfeature.EvaluationContext{}) // want `BooleanValueDetails`
	_ = ofi.Boolean(ctx, "sdk_flag", true, openfeature.EvaluationContext{})                // want `check sdk_flag via \(github.com/open-feature/go-sdk/openfeature.IClient\).Boolean default=true`
	_, _ = ld.BoolVariation("sdk_flag", ldclient.Context{}, false)                         // want `check sdk_flag via \(\*github.com/launchdarkly/go-server-sdk/v7.LDClient\).BoolVariation default=false`
	_, _, _ = ld.BoolVariationDetail("sdk_flag", ldclient.Context{}, false)                // want `BoolVariationDetail`
	_, _ = ld.BoolVariationCtx(ctx, "sdk_flag", ldclient.Context{}, false)                 // want `check sdk_flag via .*BoolVariationCtx default=false`
	_, _ = ldi.BoolVariation("sdk_flag", interfaces.Context{}, false)                      // want `check sdk_flag via \(github.com/launchdarkly/go-server-sdk/v7/interfaces.LDClientEvaluations\).BoolVariation`
	_, _ = sc.BoolVariation("sdk_flag", false)                                             // want `check sdk_flag via .*LDScopedClient\).BoolVariation default=false`
	_ = unleash.IsEnabled("sdk_flag", unleash.FeatureOptions{})                            // want `check sdk_flag via github.com/Unleash/unleash-go-sdk/v6.IsEnabled`
	_ = uc.IsEnabled("sdk_flag", unleash.FeatureOptions{})                                 // want `check sdk_flag via \(\*github.com/Unleash/unleash-go-sdk/v6.Client\).IsEnabled`
	_, _ = ffclient.BoolVariation("sdk_flag", nil, false)                                  // want `check sdk_flag via github.com/thomaspoignant/go-feature-flag.BoolVariation default=false`
	_, _ = gff.BoolVariation("sdk_flag", nil, false)                                       // want `check sdk_flag via .*GoFeatureFlag\).BoolVariation default=false`
	_ = cc.GetBoolValue("sdk_flag", false, nil)                                            // want `check sdk_flag via \(\*github.com/configcat/go-sdk/v9.Client\).GetBoolValue default=false`
	_ = ccFlag.Get(snap)                                                                   // want `check sdk_flag via \(github.com/configcat/go-sdk/v9.BoolFlag\).Get`
	_, _ = fs.IsFeatureEnabled("sdk_flag")                                                 // want `check sdk_flag via \(\*github.com/Flagsmith/flagsmith-go-client/v5.Flags\).IsFeatureEnabled`
}
