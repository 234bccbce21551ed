// Package features declares the gates.
package features

import "k8s.io/component-base/featuregate"

const (
	// owner: @alice, @bob
	// beta: v1.30
	SidecarContainers featuregate.Feature = "SidecarContainers"
)

// DefaultFeatureGate is the process's gate.
var DefaultFeatureGate featuregate.MutableFeatureGate

// Enabled checks a gate on the default gate.
func Enabled(f featuregate.Feature) bool {
	return DefaultFeatureGate.Enabled(f)
}
