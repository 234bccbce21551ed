package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMETranscripts runs the commands the README shows on the bundled
// example and compares their output with the README's blocks, so the
// README never promises findings flagsweep does not report.
func TestREADMETranscripts(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	// A transcript is a fenced block right after <!-- transcript: ARGS -->.
	re := regexp.MustCompile("(?s)<!-- transcript: ([^>]*) -->\\s*```[a-z]*\\n(.*?)```")
	matches := re.FindAllSubmatch(readme, -1)
	if len(matches) < 2 {
		t.Fatalf("found %d transcripts in README.md, want the list and lint ones", len(matches))
	}
	t.Chdir(filepath.Join("..", "..", "examples", "shop"))
	t.Setenv("FLAGSWEEP_TODAY", "2026-11-21")
	for _, m := range matches {
		args := strings.Fields(string(m[1]))
		want := string(m[2])
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var out, errs strings.Builder
			run(args, &out, &errs)
			if errs.Len() > 0 {
				t.Errorf("stderr: %s", errs.String())
			}
			if out.String() != want {
				t.Errorf("flagsweep %s printed:\n%s\nREADME.md says:\n%s", strings.Join(args, " "), out.String(), want)
			}
		})
	}
}
