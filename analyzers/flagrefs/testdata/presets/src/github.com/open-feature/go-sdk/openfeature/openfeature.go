// Package openfeature is a stub with the signatures of the OpenFeature Go
// SDK v1.17 (github.com/open-feature/go-sdk).
package openfeature

import "context"

type EvaluationContext struct{}
type Option func()
type BooleanEvaluationDetails struct{ Value bool }

type Client struct{}

func (c *Client) BooleanValue(ctx context.Context, flag string, defaultValue bool, evalCtx EvaluationContext, options ...Option) (bool, error) {
	return defaultValue, nil
}
func (c *Client) Boolean(ctx context.Context, flag string, defaultValue bool, evalCtx EvaluationContext, options ...Option) bool {
	return defaultValue
}
func (c *Client) BooleanValueDetails(ctx context.Context, flag string, defaultValue bool, evalCtx EvaluationContext, options ...Option) (BooleanEvaluationDetails, error) {
	return BooleanEvaluationDetails{}, nil
}

type IClient interface {
	BooleanValue(ctx context.Context, flag string, defaultValue bool, evalCtx EvaluationContext, options ...Option) (bool, error)
	Boolean(ctx context.Context, flag string, defaultValue bool, evalCtx EvaluationContext, options ...Option) bool
}
