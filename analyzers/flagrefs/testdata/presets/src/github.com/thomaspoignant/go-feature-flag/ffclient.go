// Package ffclient is a stub with the signatures of go-feature-flag v1.55.
package ffclient

type Context interface{ GetKey() string }

func BoolVariation(flagKey string, ctx Context, defaultValue bool) (bool, error) {
	return defaultValue, nil
}

type GoFeatureFlag struct{}

func (g *GoFeatureFlag) BoolVariation(flagKey string, ctx Context, defaultValue bool) (bool, error) {
	return defaultValue, nil
}
