package app

import (
	"os"

	"gitlab.com/gitlab-org/gitlab-runner/common"
	"gitlab.com/gitlab-org/gitlab-runner/common/buildtest"
	"gitlab.com/gitlab-org/gitlab-runner/common/spec"
	"gitlab.com/gitlab-org/gitlab-runner/helpers/featureflags"
)

func use(b *common.Build, l featureflags.FieldLogger) {
	_ = b.IsFeatureFlagOn(featureflags.UseFastzip)                                                     // want `check FF_USE_FASTZIP via \(\*gitlab.com/gitlab-org/gitlab-runner/common.Build\).IsFeatureFlagOn`
	_ = b.Runner.IsFeatureFlagOn(featureflags.UseFastzip)                                              // want `check FF_USE_FASTZIP via .*RunnerSettings\).IsFeatureFlagOn`
	_ = featureflags.IsOnFromEnv(l, featureflags.UseFastzip)                                           // want `check FF_USE_FASTZIP via .*featureflags.IsOnFromEnv`
	_ = featureflags.IsOn(l, os.Getenv(featureflags.UseFastzip))                                       // want `check FF_USE_FASTZIP via .*featureflags.IsOn`
	_ = featureflags.IsOn(l, "true")                                                                   // a value, not a key
	buildtest.SetBuildFeatureFlag(b, featureflags.UseFastzip, true)                                    // want `override FF_USE_FASTZIP via .*SetBuildFeatureFlag value=true`
	b.Variables = append(b.Variables, spec.Variable{Key: featureflags.NetworkPerBuild, Value: "true"}) // want `override FF_NETWORK_PER_BUILD via .*spec.Variable form=struct value="true"`
	b.Variables = spec.Variables{
		{Key: featureflags.UseFastzip, Value: "false"}, // want `override FF_USE_FASTZIP via .*spec.Variable form=struct value="false"`
		{Key: "GIT_STRATEGY", Value: "fetch"},          // not a flag
	}
	b.Runner = &common.RunnerSettings{FeatureFlags: map[string]bool{
		featureflags.UseFastzip: true, // want `override FF_USE_FASTZIP via map form=map value=true`
		"FF_OTHER":              true, // not a constant of featureflags
	}}
}
