// Package featuregate stubs k8s.io/component-base/featuregate.
package featuregate

type prerelease string

// The stages.
const (
	PreAlpha   = prerelease("PRE-ALPHA")
	Alpha      = prerelease("ALPHA")
	Beta       = prerelease("BETA")
	GA         = prerelease("")
	Deprecated = prerelease("DEPRECATED")
)

// Feature is a gate's key.
type Feature string

// FeatureSpec is a gate's state at a version.
type FeatureSpec struct {
	Default       bool
	LockToDefault bool
	PreRelease    prerelease
	Version       *Version
}

// VersionedSpecs lists a gate's specs by version.
type VersionedSpecs []FeatureSpec

// Version stands in for k8s.io/apimachinery's version.Version.
type Version struct{ s string }

// MustParse parses a version.
func MustParse(s string) *Version { return &Version{s} }

// FeatureGate checks gates.
type FeatureGate interface {
	Enabled(key Feature) bool
}

// MutableFeatureGate can also be changed.
type MutableFeatureGate interface {
	FeatureGate
	SetFromMap(m map[string]bool) error
}
