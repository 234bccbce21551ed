// Package unleash is a stub with the signatures of the Unleash Go SDK v6.
package unleash

type FeatureOptions struct{ Fallback *bool }

func IsEnabled(feature string, options FeatureOptions) bool { return false }

type Client struct{}

func (c *Client) IsEnabled(feature string, options FeatureOptions) (enabled bool) { return false }
