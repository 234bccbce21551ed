package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/linediff"
	"github.com/flagsweep/flagsweep/load"
)

// Verification, and what makes the removal sound.
//
// The rewrite deletes declarations: a flag's handle and key constant, its
// registry entry, and whatever the fold left unused. A declaration may go
// only when no use of it is left, and a use can hide where the rewrite
// never looked: a handle passed to a function that is no configured form,
// an override the removal refused, a package that never names the flag
// but names its handle. So the rewritten code is verified as a whole, and
// what the verification finds still used is kept:
//
//  1. Every changed package variant is type-checked from its rewritten
//     sources, its dependencies read from export data.
//  2. For every changed package, its exported API before (export data) and
//     after (the check of 1) are compared: the objects that disappeared or
//     changed type are the change's deletions. The rewrite only
//     substitutes and deletes, so this is all a dependent can notice.
//  3. Every package of the module that imports a changed package,
//     directly or not, and whose text names one of those deletions, is
//     type-checked against the export data its build saw. Its uses resolve
//     to the very objects of 2's "before", so a use of a deletion is found
//     by identity, not by name.
//  4. A use found by 3, or an "undefined" error of 1 naming a
//     declaration the change deleted in the same package, makes that
//     declaration kept: the removal runs again from the original sources
//     with it protected (no edit may delete it), and the use is reported as
//     a refused site. The loop ends when nothing new must be kept; any
//     other type error is a VerifyError, and nothing is written.
//
// What 3 cannot see is a package that does not build here at all (listed
// in Result.Unloaded: it never names the flag) and files excluded by the
// build constraints of this platform, which the last safety net in
// mentions.go covers by text.

// A keptDecl is a declaration that the removal would delete but that code
// it did not rewrite still uses.
type keptDecl struct {
	file string // absolute name of the declaring file
	name string // X, or T.M for a method or field of T
	desc string // how messages name it: pkg.X
	uses []diag.Position
}

func keepKey(file, name string) string { return file + "\x00" + name }

// A deletion is an exported object the change deleted or altered.
type deletion struct {
	file, name, desc string
}

// maxKeepRounds bounds the verify-and-keep loop: each round keeps at least
// one more declaration, and chains (a handle kept keeps the constant it
// names) are short.
const maxKeepRounds = 12

// verify type-checks every package the change can break and returns the
// declarations that must be kept, or a VerifyError.
func (r *remover) verify() ([]*keptDecl, error) {
	start := time.Now()
	defer func() { r.verifyTime = time.Since(start) }()
	ov := r.prog.NewOverlay(r.withLinked())
	variant := make(map[string]bool)
	for _, n := range r.prog.Packages {
		if ov.Changed(n) && n.IsTestVariant() && !strings.HasSuffix(n.Name, "_test") {
			variant[n.PkgPath] = true
		}
	}
	// The units to check from source: a package's test variant stands
	// for it (it holds all its files), its external tests on their own.
	var units, todo []*load.Package
	for _, n := range r.prog.Packages {
		if !ov.Changed(n) || n.IsTestMain() || !n.IsTestVariant() && variant[n.PkgPath] {
			continue
		}
		units = append(units, n)
		if rec, ok := r.checked[n]; !ok || rec.sig != r.signature(n) {
			todo = append(todo, n)
		}
	}
	if len(todo) > 0 {
		r.progress("verifying: type-checking %d changed packages", len(todo))
	}
	ov.CheckAll(todo)
	r.verifyUnits = len(units)
	var errs []string
	seen := make(map[string]bool)
	keep := make(map[string]*keptDecl)
	addKeep := func(file, name, desc string, use diag.Position) {
		k := keepKey(file, name)
		kd, ok := keep[k]
		if !ok {
			kd = &keptDecl{file: file, name: name, desc: desc}
			keep[k] = kd
		}
		kd.uses = append(kd.uses, use)
	}
	newTypes := make(map[string]*types.Package) // by import path
	for _, n := range units {
		// The last round's check, when the content did not change
		// since, stands: no unit is checked twice for the same text.
		var typeErrs []types.Error
		var tp *types.Package
		var unit *load.Unit
		if rec, ok := r.checked[n]; ok && rec.sig == r.signature(n) {
			typeErrs, tp = rec.errs, rec.types
		} else {
			u, err := ov.Check(n)
			if err != nil {
				for _, line := range strings.Split(err.Error(), "\n") {
					errs = append(errs, r.relLine(line))
				}
				continue
			}
			typeErrs, tp, unit = u.Errors, u.Types, u
		}
		if len(r.reshaped) > 0 && len(typeErrs) > 0 {
			if unit == nil {
				// The record's errors are positions in another
				// parse: check again, in this overlay's.
				if u, err := ov.Check(n); err == nil {
					unit, typeErrs = u, u.Errors
				}
			}
			// The old signature's complaints: goVerify judges them.
			in := r.inReshapedCall(unit)
			typeErrs = slices.DeleteFunc(slices.Clone(typeErrs), func(te types.Error) bool { return in(te.Pos) })
		}
		if !strings.HasSuffix(n.Name, "_test") {
			newTypes[n.PkgPath] = tp
		}
		for _, te := range typeErrs {
			pos := r.prog.Fset.Position(te.Pos)
			use := diag.Position{File: r.p.Rel(pos.Filename), Line: pos.Line, Column: pos.Column}
			if file, name, ok := r.deletedHere(n, te.Msg); ok {
				addKeep(file, name, name, use)
				continue
			}
			line := fmt.Sprintf("%s: %s", use, te.Msg)
			if !seen[line] {
				seen[line] = true
				errs = append(errs, line)
			}
		}
	}
	if len(errs) > 0 {
		r.traceUnverified()
		return nil, &VerifyError{Errors: errs}
	}

	// 2: the deletions, per package node as its dependents import it.
	dels := make(map[types.Object]deletion)
	names := make(map[string]bool)
	hasDels := make(map[*load.Package]bool)
	for _, n := range r.prog.Packages {
		if !ov.Changed(n) || n.IsTestMain() || strings.HasSuffix(n.Name, "_test") {
			continue
		}
		after := newTypes[n.PkgPath]
		if after == nil {
			continue
		}
		before, err := r.prog.Types(n)
		if err != nil {
			continue // it did not build before: nothing could import it
		}
		for obj, d := range apiDeletions(r.prog.Fset, before, after) {
			if r.isReshaped(d) {
				continue // see reshape.go
			}
			dels[obj] = d
			names[lastName(d.name)] = true
			r.lookedFor(lastName(d.name))
			hasDels[n] = true
		}
	}

	// The declarations kept by earlier passes are watched like
	// deletions: their uses, found again in this pass's code, are the
	// sites to report.
	watch := make(map[string]bool)
	for _, kd := range r.kept {
		watch[lastName(kd.name)] = true
		r.lookedFor(lastName(kd.name))
	}
	if len(watch) > 0 {
		var cands []*load.Package
		for _, n := range r.prog.Packages {
			if !n.IsTestMain() && r.inModule(n) && r.namesAny(ov, n, watch) {
				cands = append(cands, n)
			}
		}
		ov.CheckAll(cands)
		r.keptUses = make(map[string][]diag.Position)
		seenUse := make(map[string]bool)
		for _, n := range cands {
			u, err := ov.Check(n)
			if err != nil {
				continue
			}
			for id, obj := range u.Info.Uses {
				if !watch[id.Name] || !obj.Pos().IsValid() {
					continue
				}
				k := keepKey(r.prog.Fset.Position(obj.Pos()).Filename, "")
				for _, kd := range r.kept {
					if k != keepKey(kd.file, "") || lastName(kd.name) != id.Name {
						continue
					}
					pos := r.prog.Fset.Position(id.Pos())
					use := diag.Position{File: r.p.Rel(pos.Filename), Line: pos.Line, Column: pos.Column}
					if key := keepKey(kd.file, kd.name) + use.String(); !seenUse[key] {
						seenUse[key] = true
						r.keptUses[keepKey(kd.file, kd.name)] = append(r.keptUses[keepKey(kd.file, kd.name)], use)
					}
				}
			}
		}
	}

	// 3: the packages that may still use a deletion.
	if len(dels) > 0 {
		reaches := make(map[*load.Package]bool)
		var reach func(n *load.Package) bool
		reach = func(n *load.Package) bool {
			if v, ok := reaches[n]; ok {
				return v
			}
			reaches[n] = false
			for _, d := range n.Imports {
				if hasDels[d] || reach(d) {
					reaches[n] = true
					break
				}
			}
			return reaches[n]
		}
		var cands []*load.Package
		for _, n := range r.prog.Packages {
			if n.IsTestMain() || !r.inModule(n) || !reach(n) || !r.namesAny(ov, n, names) {
				continue
			}
			cands = append(cands, n)
		}
		ov.CheckAll(cands)
		r.verifyImporters = len(cands)
		for _, n := range cands {
			u, err := ov.Check(n)
			if err != nil {
				continue // a changed package: its errors were reported above
			}
			for id, obj := range u.Info.Uses {
				d, ok := dels[origin(obj)]
				if !ok {
					continue
				}
				pos := r.prog.Fset.Position(id.Pos())
				addKeep(d.file, d.name, d.desc, diag.Position{File: r.p.Rel(pos.Filename), Line: pos.Line, Column: pos.Column})
			}
		}
	}
	if len(keep) > 0 {
		out := make([]*keptDecl, 0, len(keep))
		for _, kd := range keep {
			sort.Slice(kd.uses, func(i, j int) bool { return kd.uses[i].Compare(kd.uses[j]) < 0 })
			out = append(out, kd)
		}
		sort.Slice(out, func(i, j int) bool { return keepKey(out[i].file, out[i].name) < keepKey(out[j].file, out[j].name) })
		return out, nil
	}
	if err := r.goVerify(ov); err != nil {
		return nil, err
	}
	r.out.Packages = r.breakable(ov)
	return nil, nil
}

// withLinked returns the change's sources and deletions with the linked
// modules' removals (opts.linkedNew) added: a nested module whose
// packages this program loads (OpenTelemetry Go's sdk/metric, which
// sdk/trace's tests import) is checked as its own removal left it, not
// as on disk, where it still uses what this removal deletes.
func (r *remover) withLinked() (map[string][]byte, map[string]bool) {
	if len(r.opts.linkedNew) == 0 {
		return r.src, r.deleted
	}
	src, deleted := maps.Clone(r.src), maps.Clone(r.deleted)
	if src == nil {
		src = make(map[string][]byte)
	}
	if deleted == nil {
		deleted = make(map[string]bool)
	}
	for f, b := range r.opts.linkedNew {
		if _, own := r.src[f]; own || r.deleted[f] {
			continue
		}
		if b == nil {
			deleted[f] = true
		} else {
			src[f] = b
		}
	}
	return src, deleted
}

// origin returns the generic origin of a field or method, so that a use
// through an instantiation matches the declaration.
func origin(obj types.Object) types.Object {
	switch o := obj.(type) {
	case *types.Func:
		return o.Origin()
	case *types.Var:
		return o.Origin()
	}
	return obj
}

func lastName(name string) string {
	if _, m, ok := strings.Cut(name, "."); ok {
		return m
	}
	return name
}

// namesAny reports whether a package's text, as the change leaves it,
// contains one of names: the cheap filter before a type-check.
func (r *remover) namesAny(ov *load.Overlay, n *load.Package, names map[string]bool) bool {
	for _, f := range n.CompiledGoFiles {
		src, err := ov.Content(f)
		if err != nil {
			continue
		}
		for name := range names {
			if bytes.Contains(src, []byte(name)) {
				return true
			}
		}
	}
	return false
}

// apiDeletions compares a package's exported API before and after the
// change: package-level objects, and the fields and methods of its named
// types, that are gone or whose type changed.
// typeKey spells a type for comparing two type checks of one package:
// by package path, and without the names of a signature's parameters and
// results, which export data may carry where source has none (the
// compiler names an unnamed result #rv1: Kueue's
// workload.HasTopologyAssignmentWithUnhealthyNode compared changed, and a
// removal that kept it failed as if it had deleted it).
func typeKey(t types.Type) string {
	qual := func(p *types.Package) string { return p.Path() }
	sig, ok := t.(*types.Signature)
	if !ok {
		return types.TypeString(t, qual)
	}
	tuple := func(tp *types.Tuple, variadic bool) string {
		var parts []string
		for i := range tp.Len() {
			pt := tp.At(i).Type()
			if variadic && i == tp.Len()-1 {
				if sl, ok := pt.(*types.Slice); ok {
					parts = append(parts, "..."+types.TypeString(sl.Elem(), qual))
					continue
				}
			}
			parts = append(parts, types.TypeString(pt, qual))
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	var tparams []string
	for i := range sig.TypeParams().Len() {
		tp := sig.TypeParams().At(i)
		tparams = append(tparams, types.TypeString(tp.Constraint(), qual))
	}
	return "func[" + strings.Join(tparams, ", ") + "]" + tuple(sig.Params(), sig.Variadic()) + tuple(sig.Results(), false)
}

func apiDeletions(fset *token.FileSet, before, after *types.Package) map[types.Object]deletion {
	str := typeKey
	out := make(map[types.Object]deletion)
	add := func(obj types.Object, name string) {
		out[obj] = deletion{file: fset.Position(obj.Pos()).Filename, name: name, desc: before.Name() + "." + name}
	}
	for _, name := range before.Scope().Names() {
		old := before.Scope().Lookup(name)
		if !old.Exported() {
			continue
		}
		cur := after.Scope().Lookup(name)
		if cur == nil {
			add(old, name)
			continue
		}
		tn, ok := old.(*types.TypeName)
		if !ok {
			if str(old.Type()) != str(cur.Type()) {
				add(old, name)
			}
			continue
		}
		ctn, ok := cur.(*types.TypeName)
		if !ok {
			add(old, name)
			continue
		}
		// A named type: its fields and methods one by one, so that a
		// deleted field is a use of that field, not of the type.
		if named, ok := tn.Type().(*types.Named); ok {
			cnamed, _ := ctn.Type().(*types.Named)
			for i := 0; i < named.NumMethods(); i++ {
				m := named.Method(i)
				if !m.Exported() {
					continue
				}
				var cm *types.Func
				if cnamed != nil {
					obj, _, _ := types.LookupFieldOrMethod(cnamed, true, after, m.Name())
					cm, _ = obj.(*types.Func)
				}
				if cm == nil || str(m.Type()) != str(cm.Type()) {
					add(m, name+"."+m.Name())
				}
			}
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			cst, _ := ctn.Type().Underlying().(*types.Struct)
			if cst == nil {
				add(old, name)
				continue
			}
			for i := 0; i < st.NumFields(); i++ {
				f := st.Field(i)
				if !f.Exported() {
					continue
				}
				var cf *types.Var
				for j := 0; j < cst.NumFields(); j++ {
					if cst.Field(j).Name() == f.Name() {
						cf = cst.Field(j)
					}
				}
				if cf == nil || str(f.Type()) != str(cf.Type()) {
					add(f, name+"."+f.Name())
				}
			}
			continue
		}
		if str(tn.Type().Underlying()) != str(ctn.Type().Underlying()) {
			add(old, name)
		}
	}
	return out
}

var (
	undefinedRE = regexp.MustCompile(`^undefined: (\w+)$`)
	noMemberRE  = regexp.MustCompile(`\(type \*?(?:\w+\.)?(\w+)(?:\[.*\])? has no field or method (\w+)`)
)

// deletedHere tells whether a type error of a changed package is a use of
// a declaration that the change deleted from that same package: its
// original files declare the name and its current files do not. It
// returns the declaring file and the name to keep.
func (r *remover) deletedHere(n *load.Package, msg string) (file, name string, ok bool) {
	if m := undefinedRE.FindStringSubmatch(msg); m != nil {
		name = m[1]
	} else if m := noMemberRE.FindStringSubmatch(msg); m != nil {
		name = m[1] + "." + m[2]
	} else {
		return "", "", false
	}
	for _, f := range n.CompiledGoFiles {
		orig, ok := r.orig[f]
		if !ok {
			continue // unchanged: it still declares what it declared
		}
		if len(declIdents(f, orig, name)) > 0 && (r.deleted[f] || len(declIdents(f, r.current(f), name)) == 0) {
			return f, name, true
		}
	}
	return "", "", false
}

// declIdents returns the offsets of the identifiers declaring name (X,
// or T.M for a method or field of T) at the top level of a file.
func declIdents(filename string, src []byte, name string) []int {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	tf := fset.File(f.FileStart)
	owner, member, isMember := strings.Cut(name, ".")
	var out []int
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if !isMember && d.Recv == nil && d.Name.Name == name {
				out = append(out, tf.Offset(d.Name.Pos()))
			}
			if isMember && d.Recv != nil && len(d.Recv.List) == 1 && recvName(d.Recv.List[0].Type) == owner && d.Name.Name == member {
				out = append(out, tf.Offset(d.Name.Pos()))
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.ValueSpec:
					for _, id := range s.Names {
						if !isMember && id.Name == name {
							out = append(out, tf.Offset(id.Pos()))
						}
					}
				case *ast.TypeSpec:
					if !isMember && s.Name.Name == name {
						out = append(out, tf.Offset(s.Name.Pos()))
					}
					if st, ok := s.Type.(*ast.StructType); ok && isMember && s.Name.Name == owner {
						for _, fl := range st.Fields.List {
							for _, id := range fl.Names {
								if id.Name == member {
									out = append(out, tf.Offset(id.Pos()))
								}
							}
						}
					}
				}
			}
		}
	}
	return out
}

// recvName returns the name of a receiver's base type.
func recvName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// protectedGroups returns the edit groups that would delete a kept
// declaration of the file: they are dropped, whatever else they do.
func (r *remover) protectedGroups(name string, e *editor) map[int]bool {
	return r.groupsDeleting(name, e, r.keptIn[name])
}

// groupsDeleting returns the edit groups of e, editing the file name,
// that touch the declaring identifier of one of decls.
func (r *remover) groupsDeleting(name string, e *editor, decls []*keptDecl) map[int]bool {
	if len(decls) == 0 {
		return nil
	}
	src := r.current(name)
	var out map[int]bool
	for _, kd := range decls {
		for _, off := range declIdents(name, src, kd.name) {
			for _, x := range e.edits {
				if x.start <= off && off < x.end {
					if out == nil {
						out = make(map[int]bool)
					}
					out[x.group] = true
				}
			}
		}
	}
	return out
}

// reportKept turns the kept declarations into refused sites: each use the
// removal could not rewrite, and the declaration that stays for it.
func (r *remover) reportKept() {
	refusedAt := r.refusedLines()
	for _, kd := range r.kept {
		var where []string
		uses := kd.uses
		if found, ok := r.keptUses[keepKey(kd.file, kd.name)]; ok {
			// Found again in this pass's code, whose positions may
			// differ from the pass that found them first.
			uses = found
			sort.Slice(uses, func(i, j int) bool { return uses[i].Compare(uses[j]) < 0 })
		}
		for _, u := range uses {
			where = append(where, u.String())
			if refusedAt[lineKey(u.File, u.Line)] {
				continue // a site refused on its own (an override, a check)
			}
			r.out.Sites = append(r.out.Sites, Site{
				Flag: r.onlyTarget(), Pos: u, Kind: "use", Status: "refused",
				Reason: fmt.Sprintf("uses %s, which the removal would delete, in a way flagsweep does not rewrite: change this use by hand; %s stays until then", kd.desc, kd.desc),
			})
		}
		pos := diag.Position{File: r.p.Rel(kd.file)}
		if offs := declIdents(kd.file, r.current(kd.file), kd.name); len(offs) > 0 {
			src := r.current(kd.file)
			pos.Line = 1 + bytes.Count(src[:offs[0]], []byte{'\n'})
			pos.Column = offs[0] - (bytes.LastIndexByte(src[:offs[0]], '\n') + 1) + 1
		}
		reason := fmt.Sprintf("%s stays: still used at %s", kd.desc, strings.Join(where, ", "))
		// The declaration's own site, if round 0 counted it rewritten,
		// is not: it stays.
		found := false
		for i := range r.out.Sites {
			s := &r.out.Sites[i]
			if s.Status == "rewritten" && s.Pos.File == pos.File && s.Pos.Line == pos.Line {
				s.Status, s.Reason, found = "refused", reason, true
			}
		}
		if !found {
			r.out.Sites = append(r.out.Sites, Site{Flag: r.onlyTarget(), Pos: pos, Kind: "declaration", Status: "refused", Reason: reason})
		}
	}
}

// mapOffset maps an offset of a file's original text to the text as
// rewritten; false when the edits replaced or deleted what was there.
func (r *remover) mapOffset(name string, off int) (int, bool) {
	if r.deleted[name] {
		return 0, false
	}
	return r.mapFrom(name, 0, off)
}

// movePositions moves the sites round 0 reported, in original positions,
// to the code as rewritten. A refused site in code the removal deleted
// (a use in a branch that can no longer run) is no longer a site: it is
// dropped. A rewritten site keeps its original position: it says where the
// reference was.
//
// A test or case round 0 reported deleted whose deletion lost to another
// edit (resolve keeps the first of overlapping groups) is still there: its
// report goes.
func (r *remover) movePositions() {
	out := r.out.Sites[:0]
	for i, s := range r.out.Sites {
		if i < r.origSites && s.Kind == "test-unforced" && s.anchor.Line > 0 {
			// Reported only if the test or case around it survives.
			abs := filepath.Join(r.p.Root, filepath.FromSlash(s.anchor.File))
			if orig, ok := r.orig[abs]; ok {
				if off := offsetOf(orig, s.anchor.Line, s.anchor.Column); off >= 0 {
					if _, alive := r.mapOffset(abs, off); !alive {
						continue
					}
				}
			}
			out = append(out, s)
			continue
		}
		if i < r.origSites && s.Kind == "test-deleted" {
			abs := filepath.Join(r.p.Root, filepath.FromSlash(s.Pos.File))
			if orig, ok := r.orig[abs]; ok {
				if off := offsetOf(orig, s.Pos.Line, s.Pos.Column); off >= 0 {
					if _, alive := r.mapOffset(abs, off); alive {
						continue
					}
				}
			}
			out = append(out, s)
			continue
		}
		if i >= r.origSites || s.Status != "refused" || s.Pos.Line == 0 {
			out = append(out, s)
			continue
		}
		abs := filepath.Join(r.p.Root, filepath.FromSlash(s.Pos.File))
		orig, ok := r.orig[abs]
		if !ok {
			out = append(out, s) // an unchanged file: same position
			continue
		}
		off := offsetOf(orig, s.Pos.Line, s.Pos.Column)
		if off < 0 {
			out = append(out, s)
			continue
		}
		noff, alive := r.mapOffset(abs, off)
		if !alive {
			continue
		}
		cur := r.current(abs)
		s.Pos.Line = 1 + bytes.Count(cur[:noff], []byte{'\n'})
		s.Pos.Column = noff - (bytes.LastIndexByte(cur[:noff], '\n') + 1) + 1
		out = append(out, s)
	}
	r.out.Sites = out
}

// offsetOf returns the offset of a 1-based line and column, or -1.
func offsetOf(src []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	if off+col-1 > len(src) {
		return -1
	}
	return off + col - 1
}

// traceUnverified prints the change the verification refused on standard
// error when FLAGSWEEP_TRACE is set: a removal that does not type-check is
// a flagsweep bug, and its report needs the code that did not.
func (r *remover) traceUnverified() {
	if os.Getenv("FLAGSWEEP_TRACE") == "" {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(r.src)) {
		old, cur := string(r.orig[name]), string(r.src[name])
		if old != cur {
			rel := r.p.Rel(name)
			fmt.Fprint(os.Stderr, linediff.Unified("a/"+rel, "b/"+rel, old, cur))
		}
	}
}
