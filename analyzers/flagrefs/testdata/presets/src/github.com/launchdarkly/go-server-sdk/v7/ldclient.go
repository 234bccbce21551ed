// Package ldclient is a stub with the signatures of the LaunchDarkly Go
// server SDK v7.7.
package ldclient

import "context"

type Context struct{}
type EvaluationDetail struct{}

type LDClient struct{}

func (c *LDClient) BoolVariation(key string, context Context, defaultVal bool) (bool, error) {
	return defaultVal, nil
}
func (c *LDClient) BoolVariationDetail(key string, context Context, defaultVal bool) (bool, EvaluationDetail, error) {
	return defaultVal, EvaluationDetail{}, nil
}
func (c *LDClient) BoolVariationCtx(ctx context.Context, key string, context Context, defaultVal bool) (bool, error) {
	return defaultVal, nil
}

type LDScopedClient struct{}

func (c *LDScopedClient) BoolVariation(key string, defaultVal bool) (bool, error) {
	return defaultVal, nil
}
