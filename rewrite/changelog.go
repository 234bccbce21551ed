package rewrite

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/flagsweep/flagsweep/config"
)

// A Changelog is the changelog entry of a removal.
type Changelog struct {
	// Style is trailer, gitlab or keepachangelog (configuration).
	Style string `json:"style"`
	// Category is GitLab's changelog category for the change.
	Category string `json:"category"`
	// Trailer is the commit trailer, "Changelog: <category>", which every
	// style gives (GitLab reads it from commits).
	Trailer string `json:"trailer"`
	// Title is the entry's one line.
	Title string `json:"title"`
	// File is the changelog file written, for the file styles.
	File string `json:"file,omitempty"`
}

// Category follows GitLab's rule: when the new code stays, the change is
// `other` if users already had it by default and `added` if they did not;
// when the old code stays, it is `removed` if users had the new behaviour
// by default and `other` if they never did.
func Category(defaultEnabled, value bool) string {
	switch {
	case value && defaultEnabled:
		return "other"
	case value:
		return "added"
	case defaultEnabled:
		return "removed"
	}
	return "other"
}

func (r *remover) changelog() error {
	var cats []string
	var names []string
	kept := true
	for _, t := range r.opts.Targets {
		names = append(names, "`"+t.Name+"`")
		def := false
		if f := r.p.Flag(t.Name); f != nil {
			def = f.DefaultEnabled
		}
		cats = append(cats, Category(def, t.Value))
		kept = kept && t.Value
	}
	cat := cats[0]
	for _, c := range cats[1:] {
		if c != cat {
			cat = "other"
		}
	}
	title := fmt.Sprintf("Remove the %s feature flag", names[0])
	if len(names) > 1 {
		title = fmt.Sprintf("Remove the %s and %s feature flags", strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
	}
	cl := &Changelog{Style: r.p.Config.Changelog, Category: cat, Trailer: "Changelog: " + cat, Title: title}
	r.out.Changelog = cl
	switch cl.Style {
	case config.ChangelogGitLab:
		var parts []string
		for _, t := range r.opts.Targets {
			parts = append(parts, strings.ReplaceAll(t.Name, "_", "-"))
		}
		rel := "changelogs/unreleased/remove-" + strings.Join(parts, "-") + ".yml"
		content := fmt.Sprintf("---\ntitle: %s\nmerge_request:\nauthor:\ntype: %s\n", yamlString(title), cat)
		return r.create(rel, []byte(content), cl)
	case config.ChangelogKeepAChangelog:
		section := "Changed"
		if !kept {
			section = "Removed"
		}
		bullet := "- " + title + r.bulletDetail() + "\n"
		rel := "CHANGELOG.md"
		abs := filepath.Join(r.p.Root, rel)
		old, err := os.ReadFile(abs)
		if err != nil && !os.IsNotExist(err) {
			return err
		}
		next := insertUnreleased(string(old), section, bullet)
		fc := &FileChange{Path: rel, Abs: abs, Old: old, New: []byte(next), Created: err != nil}
		r.out.Files = append(r.out.Files, fc)
		cl.File = rel
	}
	return nil
}

// bulletDetail says what the removal means for users.
func (r *remover) bulletDetail() string {
	if len(r.opts.Targets) != 1 {
		return "."
	}
	t := r.opts.Targets[0]
	what := "the feature"
	if f := r.p.Flag(t.Name); f != nil && f.Description != "" {
		what = strings.TrimSuffix(strings.ToLower(f.Description[:1])+f.Description[1:], ".")
	}
	if t.Value {
		return ": " + what + " is now always on."
	}
	return ": " + what + " is gone for good."
}

func (r *remover) create(rel string, content []byte, cl *Changelog) error {
	abs := filepath.Join(r.p.Root, filepath.FromSlash(rel))
	if _, err := os.Stat(abs); err == nil {
		return fmt.Errorf("%s already exists: remove it or choose another changelog style", rel)
	}
	r.out.Files = append(r.out.Files, &FileChange{Path: rel, Abs: abs, New: content, Created: true})
	cl.File = rel
	return nil
}

// yamlString quotes a title when YAML would misread it.
func yamlString(s string) string {
	if strings.ContainsAny(s, ":#`'\"{}[]&*!|>%@") {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return s
}

const changelogHeader = `# Changelog

All notable changes to this project are documented in this file.

The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).
`

// insertUnreleased adds bullet under `## [Unreleased]` → `### <section>`
// of a keep-a-changelog file, creating the file, the release or the
// section as needed.
func insertUnreleased(doc, section, bullet string) string {
	if strings.TrimSpace(doc) == "" {
		return changelogHeader + "\n## [Unreleased]\n\n### " + section + "\n\n" + bullet
	}
	lines := strings.SplitAfter(doc, "\n")
	if !strings.HasSuffix(doc, "\n") {
		lines[len(lines)-1] += "\n"
	}
	isH2 := func(l string) bool { return strings.HasPrefix(l, "## ") }
	unreleased := -1
	for i, l := range lines {
		if isH2(l) && strings.Contains(strings.ToLower(l), "unreleased") {
			unreleased = i
			break
		}
	}
	if unreleased < 0 {
		block := []string{"## [Unreleased]\n", "\n", "### " + section + "\n", "\n", bullet, "\n"}
		at := len(lines)
		for i, l := range lines {
			if isH2(l) {
				at = i
				break
			}
		}
		if at == len(lines) && !strings.HasSuffix(strings.Join(lines, ""), "\n\n") {
			block = append([]string{"\n"}, block[:len(block)-1]...)
		}
		return strings.Join(append(lines[:at:at], append(block, lines[at:]...)...), "")
	}
	end := len(lines)
	for i := unreleased + 1; i < len(lines); i++ {
		if isH2(lines[i]) {
			end = i
			break
		}
	}
	for i := unreleased + 1; i < end; i++ {
		if strings.TrimSpace(lines[i]) == "### "+section {
			// After the section's last bullet.
			at := i + 1
			for j := i + 1; j < end && !strings.HasPrefix(lines[j], "### "); j++ {
				if strings.HasPrefix(lines[j], "- ") || strings.HasPrefix(lines[j], "* ") || strings.HasPrefix(lines[j], "  ") {
					at = j + 1
				}
			}
			if at == i+1 {
				return strings.Join(append(lines[:at:at], append([]string{"\n", bullet}, lines[at:]...)...), "")
			}
			return strings.Join(append(lines[:at:at], append([]string{bullet}, lines[at:]...)...), "")
		}
	}
	block := []string{"\n", "### " + section + "\n", "\n", bullet}
	at := unreleased + 1
	return strings.Join(append(lines[:at:at], append(block, lines[at:]...)...), "")
}
