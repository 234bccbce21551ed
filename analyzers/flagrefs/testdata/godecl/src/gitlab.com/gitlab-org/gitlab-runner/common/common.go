// Package common stubs GitLab Runner's common.
package common

import "gitlab.com/gitlab-org/gitlab-runner/common/spec"

// RunnerSettings configures a runner.
type RunnerSettings struct {
	FeatureFlags map[string]bool
}

// IsFeatureFlagOn checks a flag in the runner's settings.
func (r *RunnerSettings) IsFeatureFlagOn(name string) bool { return r.FeatureFlags[name] }

// Build is a job.
type Build struct {
	Variables spec.Variables
	Runner    *RunnerSettings
}

// IsFeatureFlagOn checks a flag for the build.
func (b *Build) IsFeatureFlagOn(name string) bool { return false }
