package rewrite

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"

	"github.com/flagsweep/flagsweep/diag"
	"go.yaml.in/yaml/v3"
)

// Data-driven tests keep their cases as files: Kong's parser golden
// tests read, in each case's directory, `combined-routes-off_settings.yaml`
// (`feature_flags: {CombinedServiceRoutes: false}`) and compare the
// translation with `combined-routes-off_golden.yaml`. A settings file
// that sets nothing but the removed flag, to the value the removal ends,
// is a case that ran only with that value — a table case forcing it, in
// a file — and goes, with the files of the same case beside it (those
// whose names start with its stem, `combined-routes-off_` or
// `combined-routes-off.`), as the maintainers delete them (23de4f571).
// A file that also sets anything else, or that Go code names, stays a
// site for a human.

// dataCase is a test data file to delete and why.
type dataCase struct {
	rel, flag, why string
	line           int
}

// dataCases returns the data-case files among the test data that
// mention a removed flag (texts, by files' index): each forcing file
// and its siblings.
func (r *remover) dataCases(files []string, texts [][]byte) []dataCase {
	var out []dataCase
	seen := make(map[string]bool)
	for i, rel := range files {
		data := texts[i]
		if data == nil || !inTestdata(rel) || seen[rel] {
			continue
		}
		switch path.Ext(rel) {
		case ".yaml", ".yml", ".json":
		default:
			continue
		}
		flag, word, value, line, ok := r.soleSetting(data)
		if !ok {
			continue
		}
		siblings, ok := r.caseSiblings(rel)
		if !ok {
			continue
		}
		out = append(out, dataCase{rel, flag, fmt.Sprintf("test data %s (it only sets %s to %t)", path.Base(rel), word, value), line})
		seen[rel] = true
		for _, s := range siblings {
			if !seen[s] {
				seen[s] = true
				out = append(out, dataCase{s, flag, fmt.Sprintf("test data %s, of the case %s", path.Base(s), path.Base(rel)), 1})
			}
		}
	}
	return out
}

// soleSetting reports a YAML or JSON document whose only scalar is one
// boolean keyed by a removed flag's name or key, or by a field the
// removal deleted, holding the value the removal ends: the flag, the
// key, its value and its line.
func (r *remover) soleSetting(data []byte) (flag, word string, value bool, line int, ok bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return "", "", false, 0, false
	}
	var keys, values []*yaml.Node
	var walk func(n *yaml.Node) bool
	walk = func(n *yaml.Node) bool {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for _, c := range n.Content {
				if !walk(c) {
					return false
				}
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i+1].Kind == yaml.ScalarNode {
					keys, values = append(keys, n.Content[i]), append(values, n.Content[i+1])
				} else if !walk(n.Content[i+1]) {
					return false
				}
			}
		case yaml.ScalarNode:
			return false // a list's scalar: more than one setting
		default:
			return false // an alias: not plain data
		}
		return true
	}
	if !walk(&doc) || len(keys) != 1 || values[0].Tag != "!!bool" {
		return "", "", false, 0, false
	}
	if err := values[0].Decode(&value); err != nil {
		return "", "", false, 0, false
	}
	key := keys[0].Value
	for _, t := range r.opts.Targets {
		names := append([]string{t.Name}, r.keysOf(t.Name)...)
		if len(r.opts.Targets) == 1 {
			// A deleted field that held the flag, when its name is
			// distinctive (CombinedServiceRoutes, not Enabled, which
			// an unrelated fixture may set).
			for _, f := range r.goneFields {
				if strings.IndexFunc(f[1:], unicode.IsUpper) >= 0 {
					names = append(names, f)
				}
			}
		}
		for _, n := range names {
			if n == key && value != t.Value {
				return t.Name, key, value, keys[0].Line, true
			}
		}
	}
	return "", "", false, 0, false
}

// caseSiblings returns the other files of a data case: those beside rel
// whose names start with its stem (its name without the extension and
// the last _part). ok is false when Go code of the package holding the
// test data names one of them, which then is no case a glob finds.
func (r *remover) caseSiblings(rel string) (siblings []string, ok bool) {
	dir, base := path.Split(rel)
	stem := strings.TrimSuffix(base, path.Ext(base))
	if i := strings.LastIndex(stem, "_"); i > 0 {
		stem = stem[:i]
	}
	entries, err := os.ReadDir(filepath.Join(r.p.Root, filepath.FromSlash(dir)))
	if err != nil {
		return nil, false
	}
	names := []string{base}
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsRegular() && n != base && (strings.HasPrefix(n, stem+"_") || strings.HasPrefix(n, stem+".")) {
			siblings = append(siblings, dir+n)
			names = append(names, n)
		}
	}
	// The package the test data belongs to: the directory above the
	// first testdata element.
	pkgDir := rel[:strings.Index("/"+rel, "/testdata/")]
	goFiles, _ := filepath.Glob(filepath.Join(r.p.Root, filepath.FromSlash(pkgDir), "*.go"))
	for _, g := range goFiles {
		src := r.current(g) // as the removal left it, read once
		if src == nil {
			return nil, false
		}
		for _, n := range names {
			if bytes.Contains(src, []byte(n)) {
				return nil, false
			}
		}
	}
	return siblings, true
}

// dropDataCases deletes the data-case files, reports them as tests
// deleted, and returns them, so the mentions scan passes them by.
func (r *remover) dropDataCases(files []string, texts [][]byte) map[string]bool {
	gone := make(map[string]bool)
	for _, dc := range r.dataCases(files, texts) {
		abs := filepath.Join(r.p.Root, filepath.FromSlash(dc.rel))
		old, err := os.ReadFile(abs)
		if err != nil {
			continue
		}
		gone[dc.rel] = true
		r.out.Files = append(r.out.Files, &FileChange{Path: dc.rel, Abs: abs, Old: old, Deleted: true})
		r.out.Sites = append(r.out.Sites, Site{
			Flag: dc.flag, Pos: diag.Position{File: dc.rel, Line: dc.line, Column: 1},
			Kind: "test-deleted", Via: dc.why, Status: "rewritten",
		})
	}
	return gone
}
