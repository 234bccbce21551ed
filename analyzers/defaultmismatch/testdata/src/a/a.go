package a

import "sdk"

const fallback = false

func f(c *sdk.Client) {
	_, _ = c.BoolVariation("on_flag", nil, false) // want `the default value false for flag "on_flag" disagrees with default_enabled: true in config/feature_flags/beta/on_flag.yml: pass true`
	_, _ = c.BoolVariation("on_flag", nil, true)
	_, _ = c.BoolVariation("off_flag", nil, true)    // want `the default value true for flag "off_flag" disagrees with default_enabled: false`
	_, _ = c.BoolVariation("on_flag", nil, fallback) // want `the default value false for flag "on_flag" disagrees`
	_, _ = c.BoolVariation("unknown", nil, true)
}
