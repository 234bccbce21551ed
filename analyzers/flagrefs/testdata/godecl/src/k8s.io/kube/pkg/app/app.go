package app

import (
	"testing"

	"k8s.io/component-base/featuregate"
	featuregatetesting "k8s.io/component-base/featuregate/testing"
	"k8s.io/kube/pkg/features"
)

func use(t *testing.T, gate featuregate.MutableFeatureGate, f featuregate.Feature, on bool) {
	_ = gate.Enabled(features.SidecarContainers)                                           // want `check SidecarContainers via \(k8s.io/component-base/featuregate.FeatureGate\).Enabled`
	_ = features.Enabled(features.SidecarContainers)                                       // want `check SidecarContainers via k8s.io/kube/pkg/features.Enabled wrapper`
	featuregatetesting.SetFeatureGateDuringTest(t, gate, features.SidecarContainers, true) // want `override SidecarContainers via .*SetFeatureGateDuringTest value=true`
	featuregatetesting.SetFeatureGatesDuringTest(t, gate, featuregatetesting.FeatureOverrides{
		features.SidecarContainers: false, // want `override SidecarContainers via map form=map value=false`
	})
	_ = map[featuregate.Feature]bool{features.SidecarContainers: on, f: on}        // want `override SidecarContainers via map form=map value=on`
	_ = gate.SetFromMap(map[string]bool{string(features.SidecarContainers): true}) // want `override SidecarContainers via map form=map value=true`
	_ = map[string]bool{"SidecarContainers": true}                                 // a plain map: not an override
}
