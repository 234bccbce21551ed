//go:build plan9

package win

import "feature"

const plan9Only = "beta_" + "ui"

func plan9(f feature.Flag) bool { return feature.On(plan9Only) || feature.On(f) }
