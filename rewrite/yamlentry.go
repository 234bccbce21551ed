package rewrite

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"

	"github.com/flagsweep/flagsweep/definitions"
	"go.yaml.in/yaml/v3"
)

// generatedSource returns the file a generated declaration of a flag is
// generated from (a Go definition's GeneratedFrom) and the byte range of
// the flag's entry there, when the file holds one.
func (r *remover) generatedSource(name string, g *definitions.GoDecl) (path string, rng [2]int, ok bool) {
	for _, d := range r.p.Config.AllGoDefinitions() {
		gf := d.GeneratedFrom
		if gf == nil {
			continue
		}
		path := filepath.Join(filepath.Dir(g.File), filepath.FromSlash(gf.Path))
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		if start, end, ok := yamlListEntry(src, gf.List, gf.Key, name); ok {
			return path, [2]int{start, end}, true
		}
	}
	return "", [2]int{}, false
}

// sourcedDecl reports whether the flag's declaration in the generated
// file is one the removal deletes with its generator's source entry.
func (r *remover) sourcedDecl(flag, file string) bool {
	f := r.p.Flag(flag)
	if f == nil || r.opts.KeepDeclaration {
		return false
	}
	for _, g := range f.Go {
		if g.File == file && g.Generated {
			_, _, ok := r.generatedSource(flag, g)
			return ok
		}
	}
	return false
}

// dropGeneratedSources deletes the source entries of the removed flags'
// generated declarations (mdatagen's metadata.yaml feature_gates
// entries), whose generated code the removal rewrote.
func (r *remover) dropGeneratedSources(incomplete map[string]bool) {
	if r.opts.KeepDeclaration || r.opts.linkedRun {
		return
	}
	edits := make(map[string][][2]int)
	for _, t := range r.opts.Targets {
		f := r.p.Flag(t.Name)
		if f == nil || incomplete[t.Name] {
			continue
		}
		for _, g := range f.Go {
			if !g.Generated || g.External {
				continue
			}
			if path, rng, ok := r.generatedSource(t.Name, g); ok && !slices.Contains(edits[path], rng) {
				edits[path] = append(edits[path], rng)
			}
		}
	}
	for path, rngs := range edits {
		old, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		// Several flags of one file: delete from the end, so that the
		// earlier ranges stay valid.
		slices.SortFunc(rngs, func(a, b [2]int) int { return b[0] - a[0] })
		cur := slices.Clone(old)
		for _, rg := range rngs {
			cur = append(cur[:rg[0]:rg[0]], cur[rg[1]:]...)
		}
		r.out.Files = append(r.out.Files, &FileChange{Path: r.p.Rel(path), Abs: path, Old: old, New: cur})
		r.src[path] = cur // what the mentions scan reads
	}
}

// yamlListEntry returns the byte range of the lines holding the entry of
// a top-level list whose key field is name — in mdatagen's metadata.yaml,
// the feature_gates entry `- id: name` with its fields —, for deletion.
// When it is the list's only entry the list goes too, key and all, with
// the blank line before it. It reports false when the file holds no such
// entry, or is no YAML mapping.
func yamlListEntry(src []byte, list, key, name string) (start, end int, ok bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return 0, 0, false
	}
	top := doc.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, seq := top.Content[i], top.Content[i+1]
		if k.Value != list || seq.Kind != yaml.SequenceNode {
			continue
		}
		// The line after the list: the next top-level key's, or the end.
		after := -1
		if i+2 < len(top.Content) {
			after = top.Content[i+2].Line
		}
		for j, item := range seq.Content {
			if item.Kind != yaml.MappingNode || !yamlHasField(item, key, name) {
				continue
			}
			next := after
			if j+1 < len(seq.Content) {
				next = seq.Content[j+1].Line
			}
			first := item.Line
			if len(seq.Content) == 1 {
				first = k.Line
			}
			start = lineOffset(src, first)
			end = len(src)
			if next > 0 {
				end = lineOffset(src, next)
			}
			// Blank lines before what follows stay with it.
			for end > start && end >= 2 && src[end-1] == '\n' && src[end-2] == '\n' {
				end--
			}
			if len(seq.Content) == 1 && start >= 2 && src[start-1] == '\n' && src[start-2] == '\n' {
				start-- // the blank line that set the list apart
			}
			return start, end, true
		}
	}
	return 0, 0, false
}

// yamlHasField reports whether a mapping node has the field key with the
// scalar value v.
func yamlHasField(m *yaml.Node, key, v string) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key && m.Content[i+1].Kind == yaml.ScalarNode && m.Content[i+1].Value == v {
			return true
		}
	}
	return false
}

// lineOffset returns the offset of the start of a 1-based line.
func lineOffset(src []byte, line int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	return off
}
