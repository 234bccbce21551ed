// Package baseline lets a large codebase adopt flagsweep without fixing
// the past first: `flagsweep lint --baseline FILE --write-baseline` records
// today's findings, and later runs with --baseline FILE report only new
// ones.
//
// A finding is matched by a fingerprint of its id, its flag, its file and
// the text of its line — not the line number — so that edits elsewhere in
// the file, which shift lines, do not turn old findings into new ones. Two
// findings with one fingerprint are counted, so a second copy of a
// baselined line is new.
package baseline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/atomicfile"
)

// Version is the baseline file format's version.
const Version = 1

// An Entry is one recorded finding.
type Entry struct {
	ID          string `json:"id"`
	Flag        string `json:"flag,omitempty"`
	File        string `json:"file"`
	Fingerprint string `json:"fingerprint"`
	// Message is for the people reading the file; matching ignores it.
	Message string `json:"message"`
}

// A File is a baseline file.
type File struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// Fingerprinter computes fingerprints, reading each file's lines once.
type Fingerprinter struct {
	Root  string
	lines map[string][]string
}

// Fingerprint returns a finding's fingerprint.
func (fp *Fingerprinter) Fingerprint(d diag.Diagnostic) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s", d.ID, d.Flag, d.Pos.File, fp.lineText(d.Pos))
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func (fp *Fingerprinter) lineText(p diag.Position) string {
	if fp.lines == nil {
		fp.lines = make(map[string][]string)
	}
	lines, ok := fp.lines[p.File]
	if !ok {
		name := p.File
		if !filepath.IsAbs(name) {
			name = filepath.Join(fp.Root, filepath.FromSlash(name))
		}
		data, err := os.ReadFile(name)
		if err == nil {
			lines = strings.Split(string(data), "\n")
		}
		fp.lines[p.File] = lines
	}
	if p.Line < 1 || p.Line > len(lines) {
		return ""
	}
	// White space does not matter: reindenting a block keeps its findings.
	return strings.Join(strings.Fields(lines[p.Line-1]), " ")
}

// Read reads a baseline file. A file that does not exist is an empty
// baseline, so that a first --write-baseline run and a run before any
// baseline was written behave alike.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{Version: Version}, nil
	}
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: not a flagsweep baseline: %v", path, err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("%s: baseline version %d, this flagsweep reads version %d: write it again with --write-baseline", path, f.Version, Version)
	}
	return &f, nil
}

// Write writes entries as the baseline at path, atomically.
func Write(path string, entries []Entry) error {
	sort.Slice(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Fingerprint < b.Fingerprint
	})
	data, err := json.MarshalIndent(File{Version: Version, Findings: entries}, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, append(data, '\n'), 0o644)
}

// Matcher consumes baseline entries as findings match them.
type Matcher struct {
	left map[string]int
}

// NewMatcher returns a matcher for the file's entries.
func (f *File) NewMatcher() *Matcher {
	m := &Matcher{left: make(map[string]int)}
	for _, e := range f.Findings {
		m.left[e.Fingerprint]++
	}
	return m
}

// Match reports whether a finding with this fingerprint is in the
// baseline, using up one entry.
func (m *Matcher) Match(fingerprint string) bool {
	if m.left[fingerprint] > 0 {
		m.left[fingerprint]--
		return true
	}
	return false
}
