package config

import (
	"path"
	"strings"
)

// MatchGlob reports whether the slash-separated relative path rel matches
// pattern, whose segments are path.Match patterns plus `**` for any number
// of directories — the same language as definition globs.
func MatchGlob(pattern, rel string) bool {
	return matchSegs(strings.Split(path.Clean(pattern), "/"), strings.Split(path.Clean(rel), "/"))
}

func matchSegs(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegs(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}
