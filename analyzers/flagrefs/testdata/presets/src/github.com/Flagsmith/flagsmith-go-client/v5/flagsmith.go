// Package flagsmith is a stub with the signatures of the Flagsmith Go
// client v5.1.
package flagsmith

type Flags struct{}

func (f *Flags) IsFeatureEnabled(featureName string) (bool, error) { return false, nil }
