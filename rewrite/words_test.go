package rewrite

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"RewriteURIs":              {"rewrite", "uri"},
		"RewriteURIAnnotation":     {"rewrite", "uri", "annotation"},
		"matching.enableMigration": {"matching", "migration"},
		"AutoEnableV2ConfigChange": {"auto", "v2", "change"},
		"FillIDs":                  {"fill", "id"},
		"Parser_FillsEntitiesIDs":  {"parser", "fill", "entitie", "id"},
		"EnableFastReplication":    {"fast", "replication"},
	} {
		if got := words(in); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}
