package rewrite

import (
	"strings"
	"testing"
)

// TestCategory pins GitLab's changelog category rule for every case.
func TestCategory(t *testing.T) {
	tests := []struct {
		defaultEnabled, value bool
		want                  string
	}{
		{true, true, "other"},    // users had it; it stays
		{false, true, "added"},   // users get it now
		{true, false, "removed"}, // users had it; it goes
		{false, false, "other"},  // users never had it
	}
	for _, tt := range tests {
		if got := Category(tt.defaultEnabled, tt.value); got != tt.want {
			t.Errorf("Category(default %v, value %v) = %s, want %s", tt.defaultEnabled, tt.value, got, tt.want)
		}
	}
}

func TestInsertUnreleased(t *testing.T) {
	tests := []struct {
		name, doc, section, want string
	}{
		{"no unreleased", "# Changelog\n\n## [1.0.0]\n\n- x\n", "Removed",
			"# Changelog\n\n## [Unreleased]\n\n### Removed\n\n- b\n\n## [1.0.0]\n\n- x\n"},
		{"no section", "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- a\n", "Changed",
			"# Changelog\n\n## [Unreleased]\n\n### Changed\n\n- b\n\n### Added\n\n- a\n"},
		{"empty section", "## [Unreleased]\n\n### Removed\n\n## [1.0.0]\n", "Removed",
			"## [Unreleased]\n\n### Removed\n\n- b\n\n## [1.0.0]\n"},
		{"no trailing newline", "## [Unreleased]\n\n### Removed\n\n- a", "Removed",
			"## [Unreleased]\n\n### Removed\n\n- a\n- b\n"},
	}
	for _, tt := range tests {
		got := insertUnreleased(tt.doc, tt.section, "- b\n")
		if got != tt.want {
			t.Errorf("%s:\n%s\nwant:\n%s", tt.name, got, tt.want)
		}
	}
	if got := insertUnreleased("", "Removed", "- b\n"); !strings.Contains(got, "## [Unreleased]\n\n### Removed\n\n- b\n") || !strings.HasPrefix(got, "# Changelog") {
		t.Errorf("new file:\n%s", got)
	}
}
