package config

import (
	"os"
	"regexp"
	"slices"
	"strings"
)

// buildTag is what the go command accepts as one build tag.
var buildTag = regexp.MustCompile(`^[A-Za-z0-9_.]+$`)

// GoEnv returns the environment for the go commands flagsweep runs (go
// list, and the verification and regeneration commands it starts), given
// the caller's (nil: the process's): with build_tags configured, GOFLAGS
// gains them as -tags, merged with any -tags GOFLAGS already holds (the go
// command refuses a flag given twice there). Without build_tags, env is
// returned as it is, so that nil still means "the process's".
func (c *Config) GoEnv(env []string) []string {
	if c == nil || len(c.BuildTags) == 0 {
		return env
	}
	if env == nil {
		env = os.Environ()
	}
	goflags := ""
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "GOFLAGS="); ok {
			goflags = v // the last one wins, as in exec
		}
	}
	var fields, tags []string
	for _, f := range strings.Fields(goflags) {
		name, val, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if strings.HasPrefix(f, "-") && name == "tags" {
			for t := range strings.SplitSeq(val, ",") {
				if t = strings.TrimSpace(t); t != "" && !slices.Contains(tags, t) {
					tags = append(tags, t)
				}
			}
			continue
		}
		fields = append(fields, f)
	}
	for _, t := range c.BuildTags {
		if !slices.Contains(tags, t.V) {
			tags = append(tags, t.V)
		}
	}
	fields = append(fields, "-tags="+strings.Join(tags, ","))
	out := slices.Clip(slices.Clone(env))
	return append(out, "GOFLAGS="+strings.Join(fields, " "))
}
