// Package env registers the settings read from the environment.
package env

// Var is a registered variable.
type Var[T any] struct{ def T }

// Register registers a variable and its default.
func Register[T any](name string, def T, desc string) Var[T] { return Var[T]{def} }

// Get returns its value.
func (v Var[T]) Get() T { return v.def }
