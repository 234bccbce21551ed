package rewrite

import (
	"bytes"
	"go/ast"
	"go/token"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// An edit replaces src[start:end] with text. Edits of one group stand or
// fall together: a transformation that needs several edits (inline a
// variable: delete its declaration and replace every use) must not be
// applied in part.
type edit struct {
	start, end int
	text       string
	group      int
}

// A span is a byte range of the current source that flagsweep produced.
// Later rounds simplify only inside spans — a `true` the user wrote
// themselves is not flagsweep's to fold.
type span struct{ start, end int }

// editor collects a round's edits for one file.
type editor struct {
	edits     []edit
	nextGroup *int
}

// newGroup returns a fresh group id.
func (e *editor) newGroup() int {
	*e.nextGroup++
	return *e.nextGroup
}

func (e *editor) add(g, start, end int, text string) {
	e.edits = append(e.edits, edit{start: start, end: end, text: text, group: g})
}

// resolve keeps whole groups in the order they were registered, dropping a
// group when one of its edits overlaps an edit already kept. Outer
// rewrites register before the rewrites inside them, so they win; what is
// dropped is found again next round, on the new source. Two deletions
// overlapping only at their edges do not conflict: both want their bytes
// gone, and their union does that (two adjacent subtests deleted by two
// overrides, each taking the blank line between them). A deletion inside
// another, or overlapping any other edit, conflicts as usual.
func resolve(edits []edit) []edit {
	var groups []int
	byGroup := make(map[int][]edit)
	for _, e := range edits {
		if _, ok := byGroup[e.group]; !ok {
			groups = append(groups, e.group)
		}
		byGroup[e.group] = append(byGroup[e.group], e)
	}
	sort.Ints(groups)
	var kept []edit
	overlaps := func(a, b edit) bool {
		if a.start == b.start && a.end == b.end && a.text == b.text {
			return false // the same edit twice
		}
		if a.start == a.end || b.start == b.end {
			// An insertion conflicts with an edit around its point,
			// or with another insertion at the same point.
			return a.start < b.end && b.start < a.end || a.start == b.start
		}
		if a.text == "" && b.text == "" && a.start < b.end && b.start < a.end {
			// Deletions overlapping at their edges (the blank line
			// between two deleted statements) join below; one inside
			// the other is an inner rewrite, which the outer wins.
			inside := a.start <= b.start && b.end <= a.end || b.start <= a.start && a.end <= b.end
			return inside
		}
		return a.start < b.end && b.start < a.end
	}
	for _, g := range groups {
		own, ok := selfConsistent(byGroup[g])
		if !ok {
			continue // dropped; its transformation is tried again next round
		}
		byGroup[g] = own
		for _, e := range byGroup[g] {
			for _, k := range kept {
				if overlaps(e, k) {
					ok = false
					break
				}
			}
			if !ok {
				break
			}
		}
		if ok {
			kept = append(kept, byGroup[g]...)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	// Identical duplicates (two transformations agreeing) collapse, and
	// deletions overlapping at their edges join.
	var out []edit
	for _, e := range kept {
		if n := len(out); n > 0 && out[n-1].start == e.start && out[n-1].end == e.end && out[n-1].text == e.text {
			continue
		}
		if n := len(out); n > 0 && e.text == "" && out[n-1].text == "" && e.start < out[n-1].end && e.start != e.end {
			// The later deletion starts where the earlier ends, and
			// keeps its group: both were applied. (One inside the
			// other conflicted above, so something is left of it.)
			e.start = out[n-1].end
		}
		out = append(out, e)
	}
	return out
}

// selfConsistent returns a group's edits with overlapping deletions
// merged: a transformation deleting two adjacent table cases, each with
// the separator on its own side (the first its trailing comma, the last
// its leading one), deletes their union. Any other overlap within a group
// (two replacements of one range) cannot be applied, and the group is
// not.
func selfConsistent(group []edit) ([]edit, bool) {
	sorted := slices.Clone(group)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].start < sorted[j].start })
	var out []edit
	for _, e := range sorted {
		n := len(out)
		if n == 0 || e.start >= out[n-1].end {
			out = append(out, e)
			continue
		}
		prev := &out[n-1]
		switch {
		case prev.start == e.start && prev.end == e.end && prev.text == e.text:
			// the same edit twice
		case prev.text == "" && e.text == "":
			prev.end = max(prev.end, e.end)
		default:
			return nil, false
		}
	}
	return out, true
}

// apply applies resolved edits and returns the new source with the hot
// spans carried over and the new ones added.
func apply(src []byte, edits []edit, hot []span) ([]byte, []span) {
	var b bytes.Buffer
	pos := 0
	var added []span
	shift := make([]struct{ at, delta int }, 0, len(edits))
	delta := 0
	for _, e := range edits {
		b.Write(src[pos:e.start])
		start := b.Len()
		b.WriteString(e.text)
		added = append(added, span{start, b.Len()})
		pos = e.end
		delta += len(e.text) - (e.end - e.start)
		shift = append(shift, struct{ at, delta int }{e.end, delta})
	}
	b.Write(src[pos:])
	// Map an old offset to the new source: offsets inside a replaced
	// range go to the replacement's end.
	remap := func(off int) int {
		d := 0
		for i, e := range edits {
			if off < e.start {
				break
			}
			if off < e.end {
				return e.start + d + len(e.text)
			}
			d = shift[i].delta
		}
		return off + d
	}
	var out []span
	for _, s := range hot {
		ns := span{remap(s.start), remap(s.end)}
		if ns.end >= ns.start {
			out = append(out, ns)
		}
	}
	return b.Bytes(), append(out, added...)
}

// hotIn reports whether any hot span overlaps [start, end] (a zero-width
// span at an end counts, so a deletion next to a block marks it).
func hotIn(hot []span, start, end int) bool {
	for _, s := range hot {
		if s.start <= end && s.end >= start {
			if s.start == s.end || s.start < end && s.end > start {
				return true
			}
		}
	}
	return false
}

// srcFile is one file of the round: its text, syntax and offsets.
type srcFile struct {
	name string
	src  []byte
	ast  *ast.File
	tf   *token.File
	fset *token.FileSet
	// flagWords are what a comment naming a removed flag contains: its
	// key, its handles' names, its rollout issue. Set only for the
	// simplification rounds, whose deletions are code the fold made dead
	// or useless; elsewhere (round 0's overrides and test sections, a
	// declaration) a deleted statement's comment always goes with it.
	flagWords []string
}

// namesFlag reports whether text names a removed flag, by its words or,
// in a comment above the check it describes, as "the feature flag"
// ("Only return the error if the feature flag is active"): either way
// the comment is about the flag, and goes with its check.
func (f *srcFile) namesFlag(text string) bool {
	for _, w := range f.flagWords {
		if strings.Contains(text, w) {
			return true
		}
	}
	return f.flagWords != nil && (flagPhrase.MatchString(text) || removalTodo.MatchString(text))
}

// flagPhrase is how a comment speaks of a flag without naming it.
var flagPhrase = regexp.MustCompile(`(?i)\bfeature[ _-]?(flag|gate|toggle)s?\b`)

// removalTodo is a reminder to remove what the removal removes: `//
// TODO: Remove check in 14.0 (…/issues/26679)` above GitLab Runner's
// check of FF_RESET_HELPER_IMAGE_ENTRYPOINT. Above a collapsed check or a
// deleted statement, it is about them, and goes.
var removalTodo = regexp.MustCompile(`(?i)\b(TODO|FIXME)\b[^\n]*\b(remove|delete|drop)\b`)

// commentAbove returns the start of the own-line comment lines attached
// above the line starting at start (start itself when there are none).
func (f *srcFile) commentAbove(start int) int {
	for start > 0 {
		prevStart := f.lineStart(start - 1)
		line := strings.TrimSpace(string(f.src[prevStart:start]))
		if strings.HasSuffix(line, "*/") {
			// A /* */ block of its own lines (a doc comment written
			// as one) ending just above.
			if b := f.blockEndingIn(prevStart, start); b >= 0 {
				start = b
				continue
			}
			break
		}
		if !strings.HasPrefix(line, "//") || f.insideCode(prevStart) {
			break
		}
		start = prevStart
	}
	return start
}

// blockEndingIn returns the start of the line of a /* */ comment that
// ends on the line [from, to) and starts a line of its own, or -1.
func (f *srcFile) blockEndingIn(from, to int) int {
	for _, cg := range f.ast.Comments {
		for _, c := range cg.List {
			end := f.off(c.End())
			if !strings.HasPrefix(c.Text, "/*") || end < from || end >= to {
				continue
			}
			if strings.TrimSpace(string(f.src[end:to])) != "" {
				return -1
			}
			cs := f.off(c.Pos())
			if !blank(f.src[f.lineStart(cs):cs]) {
				return -1
			}
			return f.lineStart(cs)
		}
	}
	return -1
}

// gluedToNext reports whether the line after end's line is code of the
// same block: a statement, not a blank line, a comment or a closing
// brace.
func (f *srcFile) gluedToNext(end int) bool {
	le := f.lineEnd(end)
	next := strings.TrimSpace(string(f.src[le:f.lineEnd(le)]))
	if next == "" {
		return false
	}
	for _, p := range []string{"}", ")", "//", "/*", "case ", "default:"} {
		if strings.HasPrefix(next, p) {
			return false
		}
	}
	return true
}

func (f *srcFile) off(p token.Pos) int { return f.tf.Offset(p) }

func (f *srcFile) text(n ast.Node) string {
	return string(f.src[f.off(n.Pos()):f.off(n.End())])
}

// lineStart returns the offset of the start of off's line.
func (f *srcFile) lineStart(off int) int {
	return bytes.LastIndexByte(f.src[:off], '\n') + 1
}

// lineEnd returns the offset just past off's line (after its newline).
func (f *srcFile) lineEnd(off int) int {
	i := bytes.IndexByte(f.src[off:], '\n')
	if i < 0 {
		return len(f.src)
	}
	return off + i + 1
}

// indent returns the white space at the start of off's line.
func (f *srcFile) indent(off int) string {
	ls := f.lineStart(off)
	i := ls
	for i < len(f.src) && (f.src[i] == ' ' || f.src[i] == '\t') {
		i++
	}
	return string(f.src[ls:i])
}

func blank(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

// blankOrComment reports white space, possibly ending in a // comment.
func blankOrComment(b []byte) bool {
	t := bytes.TrimSpace(b)
	return len(t) == 0 || bytes.HasPrefix(t, []byte("//"))
}

// nodeRange returns the range to delete for a node that is removed with
// its own lines: the node, the comments above it that are attached to it
// (no blank line between), and a comment trailing its last line. When the
// node shares its lines with other code, just the node.
func (f *srcFile) nodeRange(n ast.Node) (int, int) {
	start, end := f.off(n.Pos()), f.off(n.End())
	// A trailing comment on the last line belongs to the node.
	le := f.lineEnd(end)
	rest := strings.TrimSpace(string(f.src[end:le]))
	// An element of a list owns the comma after it.
	rest = strings.TrimSpace(strings.TrimPrefix(rest, ","))
	ownLast := rest == "" || strings.HasPrefix(rest, "//") || rest == ";"
	ownFirst := blank(f.src[f.lineStart(start):start])
	if !ownFirst || !ownLast {
		return start, end
	}
	start = f.lineStart(start)
	// Attached comments above: own-line comment groups ending on the line
	// just before. They go with the node, except above a statement
	// glued to the next one: a comment that does not name the flag then
	// goes on to describe what follows, and stays.
	above := f.commentAbove(start)
	if _, isStmt := n.(ast.Stmt); isStmt && above < start && f.gluedToNext(end) &&
		(f.flagWords != nil && !f.namesFlag(string(f.src[above:start])) || f.headsGroup(string(f.src[above:start]), n, le)) {
		return start, le
	}
	return above, le
}

// headsGroup reports whether a comment above a statement speaking of
// flags only in general (`// Set feature flags before creating the
// server`, no word of the flag's own) heads a group of calls of the same
// function, the next line being one: it describes those that stay too.
func (f *srcFile) headsGroup(comment string, n ast.Node, le int) bool {
	for _, w := range f.flagWords {
		if strings.Contains(comment, w) {
			return false
		}
	}
	m := flagPhrase.FindString(comment)
	if m == "" || !strings.HasSuffix(m, "s") || removalTodo.MatchString(comment) {
		return false
	}
	es, ok := n.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	fun := f.text(call.Fun)
	next := strings.TrimSpace(string(f.src[le:f.lineEnd(le)]))
	return strings.HasPrefix(next, fun+"(")
}

// insideCode reports whether a line that looks like a comment is really
// inside a raw string or a /* */ block (rare; be safe).
func (f *srcFile) insideCode(off int) bool {
	for _, cg := range f.ast.Comments {
		for _, c := range cg.List {
			if f.off(c.Pos()) <= off && off < f.off(c.End()) && strings.HasPrefix(c.Text, "/*") {
				return true
			}
		}
	}
	// Inside a raw string literal?
	inside := false
	ast.Inspect(f.ast, func(n ast.Node) bool {
		if inside {
			return false
		}
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.HasPrefix(lit.Value, "`") {
			if f.off(lit.Pos()) < off && off < f.off(lit.End()) {
				inside = true
			}
		}
		return true
	})
	return inside
}

// deleteLines deletes a node with its own lines, and one of the blank
// lines around it when the deletion would leave two in a row or a blank
// line right after an opening brace or before a closing one.
func (f *srcFile) deleteRange(n ast.Node) (int, int) {
	start, end := f.nodeRange(n)
	if start != f.lineStart(start) {
		return start, end
	}
	prevBlank := start > 0 && blank(f.src[f.lineStart(start-1):start])
	nextLineEnd := f.lineEnd(end)
	nextBlank := end < len(f.src) && blank(f.src[end:nextLineEnd])
	prevOpens := start > 0 && bytes.HasSuffix(bytes.TrimRight(f.src[:start], " \t\n"), []byte("{")) ||
		start > 0 && bytes.HasSuffix(bytes.TrimRight(f.src[:start], " \t\n"), []byte("("))
	nextCloses := func() bool {
		rest := bytes.TrimLeft(f.src[end:], " \t\n")
		return len(rest) > 0 && (rest[0] == '}' || rest[0] == ')')
	}()
	switch {
	case prevBlank && (nextBlank || nextCloses):
		start = f.lineStart(start - 1)
	case nextBlank && (prevOpens || end == len(f.src)):
		end = nextLineEnd
	}
	return start, end
}
