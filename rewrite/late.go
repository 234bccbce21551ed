package rewrite

import (
	"maps"
	"slices"
	"sort"
)

// Late deletion of kept declarations.
//
// The verify-and-keep loop (verify.go) keeps a declaration the first
// pass's code still used. That use may sit in code a later round of the
// next pass deletes: the collector's print-config test saves a gate's
// state with `if g.ID() == X.ID() { defer …restore… }`, which goes only
// once the restore (an override) has gone and the `if` is left empty —
// rounds that need the package to type-check, which it does not while X
// is deleted. So the first pass sees the use, the second keeps X and
// deletes the use, and X stays, used by nothing, named as left for a
// human.
//
// When a pass ends with a kept declaration that nothing in its code uses
// any more (verify's keptUses has none), the removal runs once more with
// that declaration late: kept through round 0 and the cascade, so that
// every round type-checks, its deletion (the edit groups round 0 would
// have applied) held back, then applied once the cascade is done, and
// the cascade run again for what that deletion leaves (an import). The
// verification then judges the result as any other: a use it finds
// makes the declaration kept for good (lateFailed), and the removal runs
// again without late deletion. Nothing is deleted that the verification
// has not seen unused.

// A lateEdit is an edit of a late declaration's deletion, held back: its
// offsets are in the file as it was before its round's edits (the first
// hist entries of the file's history applied).
type lateEdit struct {
	file string
	hist int
	e    edit
}

// lateGroups returns the edit groups of e that would delete a late
// declaration of the file (a subset of protectedGroups).
func (r *remover) lateGroups(name string, e *editor) map[int]bool {
	var late []*keptDecl
	for _, kd := range r.keptIn[name] {
		if r.late[keepKey(kd.file, kd.name)] {
			late = append(late, kd)
		}
	}
	return r.groupsDeleting(name, e, late)
}

// holdLate records the edits of the groups that delete late
// declarations, from every file of the round: applyAll drops them, as it
// drops every protected group.
func (r *remover) holdLate(ed map[string]*editor) {
	if len(r.late) == 0 {
		return
	}
	groups := make(map[int]bool)
	for name, e := range ed {
		for g := range r.lateGroups(name, e) {
			groups[g] = true
		}
	}
	if len(groups) == 0 {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(ed)) {
		for _, x := range ed[name].edits {
			if groups[x.group] {
				r.lateEdits = append(r.lateEdits, lateEdit{file: name, hist: len(r.history[name]), e: x})
			}
		}
	}
}

// applyLate releases the late declarations (no longer kept) and applies
// their held deletions, mapped to the code as the cascade left it. When
// the cascade rewrote the place of a held edit, nothing is applied: the
// declarations stay kept and reported, as without late deletion. It
// reports whether anything was applied.
func (r *remover) applyLate() bool {
	if len(r.lateEdits) == 0 {
		return false
	}
	held := r.lateEdits
	r.lateEdits = nil
	mapped := make(map[int][]lateEdit)
	for _, le := range held {
		start, ok1 := r.mapFrom(le.file, le.hist, le.e.start)
		end := start
		ok2 := true
		if le.e.end > le.e.start {
			end, ok2 = r.mapFrom(le.file, le.hist, le.e.end-1)
			end++
		}
		if !ok1 || !ok2 || r.deleted[le.file] {
			// The cascade rewrote the place: the declarations
			// stay kept, and reported as before.
			return false
		}
		le.e.start, le.e.end = start, end
		mapped[le.e.group] = append(mapped[le.e.group], le)
	}
	r.kept = slices.DeleteFunc(slices.Clone(r.kept), func(kd *keptDecl) bool { return r.late[keepKey(kd.file, kd.name)] })
	r.keptIn = make(map[string][]*keptDecl)
	for _, kd := range r.kept {
		r.keptIn[kd.file] = append(r.keptIn[kd.file], kd)
	}
	ed := make(map[string]*editor)
	groups := make([]int, 0, len(mapped))
	for g := range mapped {
		groups = append(groups, g)
	}
	sort.Ints(groups)
	for _, g := range groups {
		for _, le := range mapped[g] {
			e := r.editorFor(ed, le.file)
			e.add(g, le.e.start, le.e.end, le.e.text)
		}
	}
	if len(ed) == 0 {
		return false
	}
	return r.applyAll(ed)
}

// mapFrom maps an offset of a file as it was after the first hist
// entries of its history to the file as it is now; false when a later
// edit replaced what was there.
func (r *remover) mapFrom(name string, hist, off int) (int, bool) {
	for _, edits := range r.history[name][hist:] {
		d := 0
		for _, e := range edits {
			if off < e.start {
				break
			}
			if off < e.end {
				return 0, false
			}
			d += len(e.text) - (e.end - e.start)
		}
		off += d
	}
	return off, true
}

// unusedKept returns the kept declarations that nothing in this pass's
// code uses (verify found no use of them), which a late deletion may
// remove, leaving out those a late deletion failed for already.
func (r *remover) unusedKept(failed map[string]bool) []string {
	var out []string
	for _, kd := range r.kept {
		k := keepKey(kd.file, kd.name)
		if _, used := r.keptUses[k]; used || r.keptUses == nil || failed[k] || r.late[k] {
			continue
		}
		out = append(out, k)
	}
	return out
}

// deleteAliases deletes the handle aliases of the flags the removal
// deletes (see handleAliases) with the handle (a stabilization keeps
// both): once their checks are rewritten, in this module and in the
// linked ones, nothing uses them. A use left makes the verification keep
// the alias, and with it the handle, as for any declaration still used.
// It runs with round 0, on the sources the scan parsed.
func (r *remover) deleteAliases(ed map[string]*editor) {
	if r.opts.KeepDeclaration {
		return // the handle stays, settled: so does the API naming it
	}
	for _, a := range r.handleAliases() {
		file := r.prog.Fset.Position(a.v.Pos()).Filename
		if r.keepFlags[a.flag] || !r.ownFile(file) || r.isGenerated(r.p.Rel(file)) {
			continue
		}
		sf := newSrcFile(r.prog.Fset, file, r.current(file), a.file)
		start, end := sf.deleteRange(a.at)
		e := r.editorFor(ed, file)
		e.add(e.newGroup(), start, end, "")
	}
}
