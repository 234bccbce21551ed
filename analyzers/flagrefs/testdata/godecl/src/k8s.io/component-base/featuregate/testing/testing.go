// Package testing stubs k8s.io/component-base/featuregate/testing.
package testing

import "k8s.io/component-base/featuregate"

// TB is the test's handle.
type TB interface{ Cleanup(func()) }

// FeatureOverrides maps gates to forced states.
type FeatureOverrides = map[featuregate.Feature]bool

// SetFeatureGateDuringTest forces a gate for a test.
func SetFeatureGateDuringTest(tb TB, gate featuregate.FeatureGate, f featuregate.Feature, value bool) {
}

// SetFeatureGatesDuringTest forces gates for a test.
func SetFeatureGatesDuringTest(tb TB, gate featuregate.FeatureGate, features FeatureOverrides) {}
