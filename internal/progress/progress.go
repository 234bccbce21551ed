// Package progress shows one live line on a terminal saying what a long
// run is doing: loading packages, type-checking, verifying.
//
// A run that ends within a second or two shows nothing, and nothing is
// written when standard error is not a terminal (CI logs, pipes, go vet),
// so scripts never see it. The line is carried by the context, so that
// the loader, the scan and the rewriter report without knowing whether
// anyone listens: Report on a context without a line does nothing.
package progress

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Delay is how long a run goes before its line appears: quick commands
// stay quiet.
const Delay = 1500 * time.Millisecond

// tick is how often the line is redrawn while the message changes.
const tick = 100 * time.Millisecond

// width caps the line so that it never wraps on a narrow terminal (a
// wrapped line cannot be erased with a carriage return).
const width = 79

type key struct{}

// A Line is the live line of one run.
type Line struct {
	w     io.Writer
	start time.Time
	delay time.Duration

	mu    sync.Mutex
	msg   string
	shown string // what is on screen, "" for nothing
	stop  chan struct{}
	done  chan struct{}
	// trace: every report is written at once as a line of its own.
	trace bool
}

// Start returns a context carrying a live line on f when f is a terminal
// (and TERM is not "dumb"), and the function that erases the line and
// stops it: call it before printing anything else to f. FLAGSWEEP_PROGRESS
// overrides the detection: "never" turns the line off, "always" shows it
// from the first report, whatever f is (for tests); "trace" writes each
// report on a line of its own with the time since the start, for finding
// where a run spends its time.
func Start(ctx context.Context, f *os.File) (context.Context, func()) {
	delay := Delay
	switch os.Getenv("FLAGSWEEP_PROGRESS") {
	case "never":
		return ctx, func() {}
	case "trace":
		l := &Line{w: f, start: time.Now(), trace: true}
		return context.WithValue(ctx, key{}, l), func() {}
	case "always":
		delay = 0
	default:
		if !isTerminal(f) {
			return ctx, func() {}
		}
	}
	l := newLine(f, delay)
	return context.WithValue(ctx, key{}, l), l.Stop
}

func newLine(w io.Writer, delay time.Duration) *Line {
	l := &Line{w: w, start: time.Now(), delay: delay, stop: make(chan struct{}), done: make(chan struct{})}
	go l.loop()
	return l
}

// isTerminal reports whether f is a character device, as terminals are,
// and the terminal can move the cursor.
func isTerminal(f *os.File) bool {
	if f == nil || os.Getenv("TERM") == "dumb" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Report sets what the run is doing now, formatted like fmt.Sprintf.
func Report(ctx context.Context, format string, args ...any) {
	l, _ := ctx.Value(key{}).(*Line)
	if l == nil {
		return
	}
	msg := fmt.Sprintf(format, args...)
	if l.trace {
		l.mu.Lock()
		fmt.Fprintf(l.w, "flagsweep: %6.3fs %s\n", time.Since(l.start).Seconds(), msg)
		l.mu.Unlock()
		return
	}
	l.mu.Lock()
	l.msg = msg
	l.mu.Unlock()
	if l.delay == 0 {
		l.draw() // shown at once: no race with a fast run's end
	}
}

func (l *Line) loop() {
	defer close(l.done)
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
			if time.Since(l.start) >= l.delay {
				l.draw()
			}
		}
	}
}

// draw writes the current message over the line, with the time elapsed.
func (l *Line) draw() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.msg == "" {
		return
	}
	text := fmt.Sprintf("flagsweep: %s (%ds)", l.msg, int(time.Since(l.start).Seconds()))
	if r := []rune(text); len(r) > width {
		text = string(r[:width-1]) + "…"
	}
	if text == l.shown {
		return
	}
	fmt.Fprint(l.w, "\r\x1b[K"+text)
	l.shown = text
}

// Stop erases the line, if one is shown, and stops redrawing it. It may be
// called more than once.
func (l *Line) Stop() {
	l.mu.Lock()
	select {
	case <-l.stop:
		l.mu.Unlock()
		return
	default:
		close(l.stop)
	}
	l.mu.Unlock()
	<-l.done
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.shown != "" {
		fmt.Fprint(l.w, "\r\x1b[K")
		l.shown = ""
	}
}
