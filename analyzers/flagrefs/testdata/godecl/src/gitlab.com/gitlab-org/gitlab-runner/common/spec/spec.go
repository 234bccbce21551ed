// Package spec stubs GitLab Runner's common/spec.
package spec

// Variable is a job variable.
type Variable struct {
	Key   string
	Value string
}

// Variables are job variables.
type Variables []Variable
