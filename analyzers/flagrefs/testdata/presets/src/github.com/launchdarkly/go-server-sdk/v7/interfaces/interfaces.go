// Package interfaces is a stub of the SDK's interfaces package.
package interfaces

type Context struct{}

type LDClientEvaluations interface {
	BoolVariation(key string, context Context, defaultVal bool) (bool, error)
}

type LDClientInterface interface {
	LDClientEvaluations
	Close() error
}
