package app

import (
	"context"
	"testing"

	"gitlab.com/gitlab-org/gitaly/v18/internal/featureflag"
	"gitlab.com/gitlab-org/gitaly/v18/internal/testhelper"
)

// on checks a handle passed as a value.
func on(ctx context.Context, flag featureflag.FeatureFlag) bool {
	return flag.IsEnabled(ctx)
}

func use(ctx context.Context, t *testing.T) {
	_ = featureflag.BundleURI.IsEnabled(ctx)                                                            // want `check bundle_uri via \(gitlab.com/gitlab-org/gitaly/v18/internal/featureflag.FeatureFlag\).IsEnabled`
	_ = featureflag.BundleURI.IsDisabled(ctx)                                                           // want `check bundle_uri via .*IsDisabled negated`
	_ = on(ctx, featureflag.BundleURI)                                                                  // want `check bundle_uri via gitlab.com/gitlab-org/gitaly/v18/internal/app.on wrapper`
	_ = testhelper.EnabledOrDisabledFlag(ctx, featureflag.BundleURI, 4, 0)                              // want `check bundle_uri via .*testhelper.EnabledOrDisabledFlag chooser`
	ctx = featureflag.ContextWithFeatureFlag(ctx, featureflag.BundleURI, true)                          // want `override bundle_uri via .*ContextWithFeatureFlag value=true`
	testhelper.NewFeatureSets(featureflag.BundleURI).Run(t, func(t *testing.T, ctx context.Context) {}) // want `feature-set bundle_uri via .*NewFeatureSets`
}
