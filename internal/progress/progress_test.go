package progress

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the line's goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestReportWithoutLine(t *testing.T) {
	Report(context.Background(), "loading %d packages", 3) // does nothing, does not panic
}

func TestLineDrawsAndErases(t *testing.T) {
	var w syncBuffer
	l := newLine(&w, 0)
	ctx := context.WithValue(context.Background(), key{}, l)
	Report(ctx, "loading %d packages", 3)
	Report(ctx, "loading %d packages", 3) // unchanged: not drawn again
	Report(ctx, "verifying")
	l.Stop()
	l.Stop()
	got := w.String()
	want := "\r\x1b[Kflagsweep: loading 3 packages (0s)\r\x1b[Kflagsweep: verifying (0s)\r\x1b[K"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestQuickRunShowsNothing(t *testing.T) {
	var w syncBuffer
	l := newLine(&w, time.Hour)
	ctx := context.WithValue(context.Background(), key{}, l)
	Report(ctx, "loading")
	time.Sleep(3 * tick)
	l.Stop()
	if got := w.String(); got != "" {
		t.Errorf("a run shorter than the delay wrote %q", got)
	}
}

func TestLongMessageDoesNotWrap(t *testing.T) {
	var w syncBuffer
	l := newLine(&w, 0)
	ctx := context.WithValue(context.Background(), key{}, l)
	Report(ctx, "%s", strings.Repeat("x", 200))
	l.Stop()
	for _, line := range strings.Split(w.String(), "\r\x1b[K") {
		if n := len([]rune(line)); n > width {
			t.Errorf("line of %d characters: %q", n, line)
		}
	}
}
