package config

import (
	"slices"
	"testing"
)

func TestGoEnv(t *testing.T) {
	tags := func(ts ...string) *Config {
		c := &Config{}
		for _, t := range ts {
			c.BuildTags = append(c.BuildTags, Value[string]{V: t})
		}
		return c
	}
	for _, tc := range []struct {
		name string
		c    *Config
		env  []string
		want string // the last GOFLAGS; "-" for env returned as is
	}{
		{"no tags", tags(), []string{"GOFLAGS=-mod=mod"}, "-"},
		{"no GOFLAGS", tags("integration"), []string{"HOME=/h"}, "-tags=integration"},
		{"kept flags", tags("integration", "e2e"), []string{"GOFLAGS=-mod=mod -count=1"}, "-mod=mod -count=1 -tags=integration,e2e"},
		{"merged tags", tags("integration"), []string{"GOFLAGS=-tags=e2e,integration -mod=mod"}, "-mod=mod -tags=e2e,integration"},
		{"double dash", tags("integration"), []string{"GOFLAGS=--tags=e2e"}, "-tags=e2e,integration"},
		{"last GOFLAGS wins", tags("a"), []string{"GOFLAGS=-tags=x", "GOFLAGS=-mod=mod"}, "-mod=mod -tags=a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(tc.env)
			got := tc.c.GoEnv(tc.env)
			if !slices.Equal(tc.env, in) {
				t.Fatalf("GoEnv changed its argument: %q", tc.env)
			}
			if tc.want == "-" {
				if !slices.Equal(got, tc.env) {
					t.Fatalf("GoEnv = %q, want the env unchanged", got)
				}
				return
			}
			last := ""
			for _, kv := range got {
				if v, ok := cutGOFLAGS(kv); ok {
					last = v
				}
			}
			if last != tc.want {
				t.Errorf("GOFLAGS = %q, want %q", last, tc.want)
			}
		})
	}
	if got := tags().GoEnv(nil); got != nil {
		t.Errorf("GoEnv(nil) without tags = %q, want nil (the process's)", got)
	}
}

func cutGOFLAGS(kv string) (string, bool) {
	const p = "GOFLAGS="
	if len(kv) >= len(p) && kv[:len(p)] == p {
		return kv[len(p):], true
	}
	return "", false
}
