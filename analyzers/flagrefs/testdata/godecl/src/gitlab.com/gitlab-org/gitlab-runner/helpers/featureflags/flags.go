// Package featureflags stubs GitLab Runner's helpers/featureflags.
package featureflags

// The flags.
const (
	UseFastzip      string = "FF_USE_FASTZIP"
	NetworkPerBuild string = "FF_NETWORK_PER_BUILD"
)

// FieldLogger stands in for logrus.FieldLogger.
type FieldLogger interface{}

// IsOn parses a flag's value.
func IsOn(logger FieldLogger, value string) bool { return value == "true" }

// IsOnFromEnv reads a flag from the environment.
func IsOnFromEnv(logger FieldLogger, name string) bool { return false }
