package rewrite

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/definitions"
	"go.yaml.in/yaml/v3"
)

// A genSource is where a generated declaration of a flag comes from: the
// source file, the byte range of the flag's entry in it, and how the
// generator reads it.
type genSource struct {
	path string
	rng  [2]int
	*config.GeneratedSource
}

// generatedSource returns the source a generated declaration of a flag
// is generated from (a Go definition's GeneratedFrom), when that file
// holds an entry for the flag.
func (r *remover) generatedSource(name string, g *definitions.GoDecl) (genSource, bool) {
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
			return genSource{path, [2]int{start, end}, gf}, true
		}
	}
	return genSource{}, false
}

// sourcedDecl reports whether the flag's declaration in the generated
// file is one the removal deletes (or settles) with its generator's
// source entry.
func (r *remover) sourcedDecl(flag, file string) bool {
	f := r.p.Flag(flag)
	if f == nil {
		return false
	}
	for _, g := range f.Go {
		if g.File == file && g.Generated {
			_, ok := r.generatedSource(flag, g)
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
	edits := make(map[string][]edit)
	docs := make(map[string][]string) // generated documentation → its rows to drop
	for _, t := range r.opts.Targets {
		f := r.p.Flag(t.Name)
		if f == nil || incomplete[t.Name] {
			continue
		}
		for _, g := range f.Go {
			if !g.Generated || g.External {
				continue
			}
			if gs, ok := r.generatedSource(t.Name, g); ok {
				e := edit{start: gs.rng[0], end: gs.rng[1]}
				if !slices.Contains(edits[gs.path], e) {
					edits[gs.path] = append(edits[gs.path], e)
				}
				if p, ok := docsPath(gs, g.File); ok && !slices.Contains(docs[p], t.Name) {
					docs[p] = append(docs[p], t.Name)
				}
			}
		}
	}
	r.editSources(edits)
	for path, names := range docs {
		old, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		cur, gone, ok := docsDrop(old, names)
		switch {
		case !ok:
		case gone:
			r.out.Files = append(r.out.Files, &FileChange{Path: r.p.Rel(path), Abs: path, Old: old, Deleted: true})
		default:
			r.changeSource(path, old, cur)
		}
	}
}

// changeSource records the change of a generator's source or generated
// documentation, a file outside the Go rewrite.
func (r *remover) changeSource(path string, old, cur []byte) {
	r.out.Files = append(r.out.Files, &FileChange{Path: r.p.Rel(path), Abs: path, Old: old, New: cur})
	r.src[path] = cur // what the mentions scan reads
}

// editSources applies byte edits to generator sources, recording each
// file's change; it returns the files changed.
func (r *remover) editSources(edits map[string][]edit) []string {
	var changed []string
	for path, es := range edits {
		old, err := os.ReadFile(path)
		if err != nil || len(es) == 0 {
			continue
		}
		// From the end, so that the earlier offsets stay valid.
		slices.SortFunc(es, func(a, b edit) int { return b.start - a.start })
		cur := slices.Clone(old)
		for _, e := range es {
			cur = slices.Concat(cur[:e.start], []byte(e.text), cur[e.end:])
		}
		r.changeSource(path, old, cur)
		changed = append(changed, r.p.Rel(path))
	}
	return changed
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

// settleGeneratedSources gives the source entries of the generated
// registrations a stabilizing removal settled the same stage and version
// (stage: stable, to_version: 'v0.154.0' after from_version), as the
// generator reads them back.
func (r *remover) settleGeneratedSources() {
	edits := make(map[string][]edit)
	docsSet := make(map[string]map[string]map[string]string) // documentation → row → column → value
	// The generated registration was settled whether or not the rest
	// of the removal is complete: its source follows it always.
	for name, stage := range r.settledGenerated {
		f := r.p.Flag(name)
		if f == nil {
			continue
		}
		for _, g := range f.Go {
			if !g.Generated {
				continue
			}
			gs, ok := r.generatedSource(name, g)
			if !ok {
				continue
			}
			src, err := os.ReadFile(gs.path)
			if err != nil {
				continue
			}
			edits[gs.path] = append(edits[gs.path], settleEntry(src, gs, gs.Stages[stage], r.opts.RemoveWith)...)
			if p, ok := docsPath(gs, g.File); ok {
				set := make(map[string]string)
				if c := gs.DocsColumns["stage"]; c != "" && gs.Stages[stage] != "" {
					set[c] = gs.Stages[stage]
				}
				if c := gs.DocsColumns["remove_with"]; c != "" && r.opts.RemoveWith != "" {
					set[c] = r.opts.RemoveWith
				}
				if docsSet[p] == nil {
					docsSet[p] = make(map[string]map[string]string)
				}
				docsSet[p][name] = set
			}
		}
	}
	// The settled entries stay: no mentions of the flag.
	r.keptSources = append(r.keptSources, r.editSources(edits)...)
	for path, rows := range docsSet {
		old, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		cur, changed := old, false
		for name, set := range rows {
			if next, ok := docsSettle(cur, name, set); ok {
				cur, changed = next, true
			}
		}
		if changed && !bytes.Equal(cur, old) {
			r.changeSource(path, old, cur)
		}
		if changed {
			r.keptSources = append(r.keptSources, r.p.Rel(path))
		}
	}
}

// settleEntry returns the edits settling the YAML entry gs.rng of src:
// its stage field's value becomes stage, and a remove_with field with
// version follows its milestone (or stage) field, when it has none.
func settleEntry(src []byte, gs genSource, stage, version string) []edit {
	stageKey, fromKey, toKey := []byte(gs.Fields["stage"]+":"), []byte(gs.Fields["milestone"]+":"), []byte(gs.Fields["remove_with"]+":")
	lines := bytes.SplitAfter(src[gs.rng[0]:gs.rng[1]], []byte("\n"))
	var out []edit
	off := gs.rng[0]
	after, indent := -1, ""
	hasTo := false
	for _, l := range lines {
		t := bytes.TrimLeft(l, " -")
		ind := string(l[:len(l)-len(bytes.TrimLeft(l, " "))])
		switch {
		case len(stageKey) > 1 && bytes.HasPrefix(t, stageKey):
			v := bytes.TrimSpace(t[len(stageKey):])
			at := off + bytes.Index(l, v)
			if stage != "" && string(v) != stage {
				out = append(out, edit{start: at, end: at + len(v), text: stage})
			}
			if after < 0 {
				after, indent = off+len(l), ind
			}
		case len(fromKey) > 1 && bytes.HasPrefix(t, fromKey):
			after, indent = off+len(l), ind
		case len(toKey) > 1 && bytes.HasPrefix(t, toKey):
			hasTo = true
		}
		off += len(l)
	}
	if !hasTo && len(toKey) > 1 && version != "" && after >= 0 {
		out = append(out, edit{start: after, end: after, text: indent + string(toKey) + " '" + version + "'\n"})
	}
	return out
}
