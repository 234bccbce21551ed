package feature

import (
	"context"
	"testing"
)

// The flag system's own tests exercise it with made-up keys: no
// finding (LibraryTest).
func TestEnabled(t *testing.T) {
	ctx := context.Background()
	if Enabled(ctx, "made_up_for_the_test") {
		t.Error("on")
	}
	for _, name := range []string{"a", "b"} {
		if Enabled(ctx, name) {
			t.Error(name)
		}
	}
}
