package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/definitions"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/pure"
	"github.com/flagsweep/flagsweep/scan"
	"golang.org/x/tools/go/types/typeutil"
)

// refFile is a file holding references, as round 0 sees it.
type refFile struct {
	sf   *srcFile
	info *types.Info // nil for files excluded by build constraints
}

// round0 turns each reference to a removed flag into edits: a check
// becomes its constant, a handle declaration goes, a test override is
// removed (or, when it forced the removed value, the test case with it), a
// feature-set argument is dropped.
func (r *remover) round0(ed map[string]*editor) {
	featureSets := make(map[*ast.CallExpr][]scan.Ref)
	// A flag whose code still reads it somewhere (a check left for a
	// human) keeps its tests' overrides, which force what that read sees:
	// dropping one that forced the final value would hand the read the
	// flag's default instead. So the references outside test files that
	// are not overrides come first; the rest follow in source order,
	// where an override deleting a test registers its edits before the
	// checks inside it (outer edits win: see resolve).
	isTest := func(ref scan.Ref) bool {
		return strings.HasSuffix(r.prog.Fset.Position(ref.Node.Pos()).Filename, "_test.go")
	}
	//
	// Among the rest, the overrides forcing the removed value come first:
	// they delete the test or case around them, which must win over the
	// edits inside it (a sibling override of the final value before it in
	// the source, a check after it).
	rank := func(ref scan.Ref) int {
		switch {
		case ref.Kind != flagrefs.Override && !isTest(ref):
			return 0
		case ref.Kind == flagrefs.Override && r.forcesRemoved(ref):
			return 1
		}
		return 2
	}
	refs := slices.Clone(r.refs)
	sort.SliceStable(refs, func(i, j int) bool { return rank(refs[i]) < rank(refs[j]) })
	stillRead := make(map[string]string)
	r.stillRead = stillRead
	r.stillHeld = make(map[holderKey]string)
	r.templateRefs(stillRead)
	r.forcedVars = make(map[*types.Var]bool)
	r.refusedIn = make(map[*ast.FuncDecl]bool)
	r.folded = make(map[ast.Expr]bool)
	r.getterCallsKept = make(map[*ast.CallExpr]bool)
	// Fields holding a value of the flag go first, with their bindings:
	// their deletion must win over the edits inside the bindings.
	r.boundChecks = r.checksInBindings()
	r.holderFields(ed)
	var handleTests map[*flagrefs.Ref]bool
	if !r.opts.KeepDeclaration {
		handleTests = r.handleTests(ed)
	}
	r.defaultStateTests(ed)
	getters := r.getterDecls(ed)
	r.flagParams(ed, refs)
	gone := make(map[*flagrefs.Ref]bool)
	var getterReads []scan.Ref
	each := func(ref scan.Ref) {
		rf := r.refFile(ref)
		if rf == nil {
			return
		}
		if r.boundChecks[ref.Ref] != nil {
			gone[ref.Ref] = true
			return // goes with the binding holding it: see holderFields
		}
		if handleTests[ref.Ref] {
			gone[ref.Ref] = true
			return // goes with the handle's own test: see handleTests
		}
		e := ed[rf.sf.name]
		t := r.target(ref.Flag)
		before := len(r.out.Sites)
		switch ref.Kind {
		case flagrefs.Check:
			r.check(rf, e, ref, t.Value != ref.Negated)
			if refusedSince(r.out.Sites[before:]) == "" && !r.getterCallsKept[ref.Call] {
				r.folded[ref.Node] = t.Value != ref.Negated
			}
		case flagrefs.Declare:
			if ref.Via == flagrefs.ViaHolder {
				return // a field holding the flag: see goDeclarations
			}
			if r.opts.KeepDeclaration {
				r.stabilize(rf, e, ref)
				return
			}
			if r.keepFlags[ref.Flag] {
				// Code left for a human (behind a build tag) names
				// the handle: it stays until that code changes.
				site := r.site(ref, "refused", "the handle stays: code left for a human still names it")
				site.Kind = "declaration"
				r.out.Sites = append(r.out.Sites, site)
				return
			}
			r.declare(rf, e, ref)
		case flagrefs.Override:
			if ref.Unset {
				r.unset(rf, ref, t.Value)
				return
			}
			if r.heldWrite(ref) {
				// It goes with the field (see goDeclarations); a
				// helper's forcing write is named.
				r.forcedOutsideTests(rf, ref, t.Value)
				return
			}
			r.override(rf, ed, ref, t.Value)
			r.mapCasesLeavingOut(rf, ref, t.Value)
		case flagrefs.FeatureSet:
			featureSets[ref.Call] = append(featureSets[ref.Call], ref)
		case flagrefs.Use:
			switch {
			case ref.Holder != nil && isFunc(ref.Holder.Type()):
				r.refuse(ref, fmt.Sprintf("%s hands the flag's property on (to be called elsewhere), which flagsweep does not follow: change this use by hand", rf.sf.text(ref.Node)))
			case ref.Via == flagrefs.ViaProperty && ref.Holder == nil && ref.Handle == nil:
				r.refuse(ref, fmt.Sprintf("%s obtains the flag's property and hands it on (to be called elsewhere), which flagsweep does not follow: change this use by hand", rf.sf.text(ref.Node)))
			case ref.Holder != nil:
				r.refuse(ref, fmt.Sprintf("%s holds the flag's value, and this use (a write of another value, its address taken) is not one flagsweep rewrites: change it by hand", rf.sf.text(ref.Node)))
			case ref.Handle == nil && isCall(ref.Node):
				// X = atomic.NewBool(env.Register(…).Get()).
				r.refuse(ref, fmt.Sprintf("%s reads the flag and hands its value to code flagsweep does not follow: change this use by hand", rf.sf.text(ref.Node)))
			case ref.Handle == nil:
				r.refuse(ref, fmt.Sprintf("%s is used in a way flagsweep does not rewrite (its address taken, or assigned with other values): change this use by hand", rf.sf.text(ref.Node)))
			case r.gateCaseField(rf, e, ref, t.Value):
			case r.handleFactory(rf, e, ref, t.Value):
			case r.requirement(rf, e, ref, t.Value):
			default:
				// The verification keeps the handle this use needs.
				why := r.propertyHandedOn(rf, ref)
				if why == "" {
					why = fmt.Sprintf("the handle %s is used as a value, which no configured form describes: change this use by hand; %s stays until then%s", ref.Handle.Name(), ref.Handle.Name(), overrideHint(rf, ref))
				}
				r.refuse(ref, why)
			}
		}
		if ref.Kind == flagrefs.Override && refusedSince(r.out.Sites[before:]) != "" {
			if fd := enclosingFunc(rf, ref.Node); fd != nil {
				r.refusedIn[fd] = true
			}
		}
		if ref.Kind == flagrefs.Override && ref.Call != nil && rf.info != nil && refusedSince(r.out.Sites[before:]) != "" {
			// ctx := feature.WithOverride(ctx, X, false), refused:
			// what ctx carries is still forced, so the checks reading
			// it must stay too (see check).
			if as, ok := parentOf(rf.sf.ast, ref.Call).(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
				if id, ok := as.Lhs[0].(*ast.Ident); ok {
					if v, ok := rf.info.ObjectOf(id).(*types.Var); ok {
						r.forcedVars[v] = true
					}
				}
			}
		}
		if (ref.Kind == flagrefs.Check || ref.Kind == flagrefs.Use) && !strings.HasSuffix(rf.sf.name, "_test.go") {
			if at := refusedSince(r.out.Sites[before:]); at != "" && !r.deadUnder(rf, ref.Node) && !namesOnly(rf, ref) {
				if stillRead[ref.Flag] == "" {
					stillRead[ref.Flag] = at
				}
				if ref.Holder != nil && r.stillHeld[r.holderKey(ref.Holder)] == "" {
					r.stillHeld[r.holderKey(ref.Holder)] = at
				}
			}
		}
	}
	for _, ref := range refs {
		if ref.Gets != "" && pendingRead(getters, ref) {
			getterReads = append(getterReads, ref)
			continue // after the calls: see finishGetters
		}
		each(ref)
	}
	for _, ref := range r.finishGetters(ed, getters, gone, getterReads) {
		each(ref)
	}
	r.keyUses(ed)
	r.applyDrops(ed)
	for call, refs := range featureSets {
		rf := r.refFile(refs[0])
		r.featureSet(rf, ed[rf.sf.name], call, refs)
	}
	r.goDeclarations(ed)
}

// overrideHint suggests the configuration that would make a use of a
// handle an override, when it looks like one: the handle and a boolean
// constant among a call's arguments (testcore.WithDynamicConfig(X,
// true)). Most such uses are a project's own test helper, which one line
// of configuration describes.
func overrideHint(rf *refFile, ref scan.Ref) string {
	if rf.info == nil {
		return ""
	}
	if h := mapKeyHint(rf, ref); h != "" {
		return h
	}
	call, ok := parentOf(rf.sf.ast, ref.Node).(*ast.CallExpr)
	if !ok || call.Ellipsis.IsValid() {
		return ""
	}
	fn := callee(rf.info, call)
	if fn == nil {
		return ""
	}
	flag, value := -1, -1
	for i, a := range call.Args {
		if a == ref.Node {
			flag = i
		} else if tv, ok := rf.info.Types[a]; ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && value < 0 {
			value = i
		}
	}
	if flag < 0 || value < 0 {
		return ""
	}
	key := "func"
	if fn.Signature().Recv() != nil {
		key = "method"
	}
	return fmt.Sprintf(" (if %s forces the flag, describe it in %s: test_overrides: [{%s: %s, flag: %d, value: %d}])", fn.Name(), config.FileName, key, fn.FullName(), flag, value)
}

// mapKeyHint suggests map_key_type for a map entry keyed by the
// handle's key (dynamicconfig.X.Key(): false, in a map of settings tests
// start a cluster with).
func mapKeyHint(rf *refFile, ref scan.Ref) string {
	path := pathTo(rf.sf.ast, ref.Node)
	// The handle, its method, the call: X.Key() as an entry's key.
	if len(path) < 4 {
		return ""
	}
	sel, ok1 := path[len(path)-1].(*ast.SelectorExpr)
	call, ok2 := path[len(path)-2].(*ast.CallExpr)
	kv, ok3 := path[len(path)-3].(*ast.KeyValueExpr)
	lit, ok4 := path[len(path)-4].(*ast.CompositeLit)
	if !ok1 || !ok2 || !ok3 || !ok4 || sel.X != ref.Node || call.Fun != sel || kv.Key != call {
		return ""
	}
	t := rf.info.TypeOf(lit)
	if t == nil {
		return ""
	}
	mt, ok := t.Underlying().(*types.Map)
	if !ok {
		return ""
	}
	if tv, ok := rf.info.Types[kv.Value]; !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return ""
	}
	return fmt.Sprintf(" (if maps keyed by %s force flags, describe them in %s: test_overrides: [{map_key_type: %s}])", types.TypeString(mt.Key(), nil), config.FileName, types.TypeString(mt.Key(), nil))
}

// propertyHandedOn explains a handle's use that obtains its property
// (handles: properties:) and hands it to a call
// (NewInterceptor(…, settings.X.Get(dc), …)): the callee keeps it where
// flagsweep does not follow, unlike a struct field it is stored in. Empty
// for any other use.
func (r *remover) propertyHandedOn(rf *refFile, ref scan.Ref) string {
	sel, ok := parentOf(rf.sf.ast, ref.Node).(*ast.SelectorExpr)
	if !ok || sel.X != ref.Node {
		return ""
	}
	property := false
	for _, h := range r.p.Config.Handles {
		property = property || slices.Contains(h.Properties, sel.Sel.Name)
	}
	get, ok := parentOf(rf.sf.ast, sel).(*ast.CallExpr)
	if !property || !ok || get.Fun != sel {
		return ""
	}
	call, ok := parentOf(rf.sf.ast, get).(*ast.CallExpr)
	if !ok || !slices.Contains(call.Args, ast.Expr(get)) {
		return ""
	}
	return fmt.Sprintf("%s hands the flag's property to %s, which keeps it where flagsweep does not follow: change this use by hand; %s stays until then", rf.sf.text(get), rf.sf.text(call.Fun), ref.Handle.Name())
}

// enclosingFunc returns the function declaration holding n.
func enclosingFunc(rf *refFile, n ast.Node) *ast.FuncDecl {
	for _, p := range pathTo(rf.sf.ast, n) {
		if fd, ok := p.(*ast.FuncDecl); ok {
			return fd
		}
	}
	return nil
}

// namesOnly reports a use of a handle that only names the flag: a method
// call returning a string (X.ID() in an error message) reads nothing of
// its state, so it is no read the flag's overrides must stay for — a
// test forcing the removed value still goes, while the use itself keeps
// the handle.
func namesOnly(rf *refFile, ref scan.Ref) bool {
	if ref.Kind != flagrefs.Use || rf.info == nil {
		return false
	}
	path := pathTo(rf.sf.ast, ref.Node)
	if len(path) < 2 {
		return false
	}
	sel, ok := path[len(path)-1].(*ast.SelectorExpr)
	if !ok || sel.X != ref.Node {
		return false
	}
	call, ok := path[len(path)-2].(*ast.CallExpr)
	if !ok || call.Fun != ast.Expr(sel) {
		return false
	}
	return isStringType(rf.info.TypeOf(call))
}

func isStringType(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

// deadUnder reports whether n lies in code that a check folded before
// it kills: the branch of an if the constant does not take, or the right
// operand of a && or || the left decides. A read left for a human there
// goes with that code (the site is dropped with it), so it is no read
// the flag's overrides must stay for: Jaeger's query service names its
// gate's ID in the error it returns while the gate is off.
func (r *remover) deadUnder(rf *refFile, n ast.Node) bool {
	path := pathTo(rf.sf.ast, n)
	for i, p := range path {
		var child ast.Node = n
		if i+1 < len(path) {
			child = path[i+1]
		}
		switch p := p.(type) {
		case *ast.IfStmt:
			if v, ok := r.foldedValue(p.Cond); ok && (child == p.Body && !v || child == p.Else && v) {
				return true
			}
		case *ast.BinaryExpr:
			if v, ok := r.foldedValue(p.X); ok && child == p.Y && (p.Op == token.LAND && !v || p.Op == token.LOR && v) {
				return true
			}
		}
	}
	return false
}

// foldedValue evaluates a condition whose checks round 0 folded, as far
// as they decide it.
func (r *remover) foldedValue(e ast.Expr) (value, ok bool) {
	e = ast.Unparen(e)
	if v, ok := r.folded[e]; ok {
		return v, true
	}
	switch e := e.(type) {
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			v, ok := r.foldedValue(e.X)
			return !v, ok
		}
	case *ast.BinaryExpr:
		x, xok := r.foldedValue(e.X)
		y, yok := r.foldedValue(e.Y)
		switch e.Op {
		case token.LAND:
			if xok && !x || yok && !y {
				return false, true
			}
			return true, xok && yok
		case token.LOR:
			if xok && x || yok && y {
				return true, true
			}
			return false, xok && yok
		}
	}
	return false, false
}

// refusedSince returns the file of the first refused site of sites, if
// any. (Its line would be the original code's, which a reader of the
// rewritten code cannot use; the site itself is reported too.)
func refusedSince(sites []Site) string {
	for _, s := range sites {
		if s.Status == "refused" {
			return s.Pos.File
		}
	}
	return ""
}

// forcedBy returns the variable a refused override set (the context a
// check is given) that the call reads, if any.
func (r *remover) forcedBy(rf *refFile, call *ast.CallExpr) string {
	if rf.info == nil || len(r.forcedVars) == 0 {
		return ""
	}
	name := ""
	for _, a := range call.Args {
		ast.Inspect(a, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && name == "" {
				if v, ok := rf.info.Uses[id].(*types.Var); ok && r.forcedVars[v] {
					name = id.Name
				}
			}
			return name == ""
		})
	}
	return name
}

// forcesRemoved reports an override forcing a constant other than its
// flag's final value.
func (r *remover) forcesRemoved(ref scan.Ref) bool {
	rf := r.refFile(ref)
	if rf == nil {
		return false
	}
	v, ok, _ := overrideValue(rf, ref)
	return ok && v != r.target(ref.Flag).Value && !isRestore(rf, ref.Node)
}

// goDeclarations deletes the Go declarations of the removed flags: a map
// entry or registry element goes from its literal (a handle's variable
// goes with the handle's Declare reference), and the constant naming the
// flag goes once nothing mentions it. A declaration in a generated file is
// left, and listed for regeneration.
func (r *remover) goDeclarations(ed map[string]*editor) {
	declared := make(map[string]bool)
	for _, ref := range r.refs {
		if ref.Kind == flagrefs.Declare && ref.Via != flagrefs.ViaHolder {
			declared[ref.Flag] = true
		}
	}
	for _, t := range r.opts.Targets {
		f := r.p.Flag(t.Name)
		if f == nil {
			continue
		}
		for _, g := range f.Go {
			r.goDeclaration(ed, t.Name, g, declared[t.Name])
		}
	}
}

func isFunc(t types.Type) bool {
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// A boundCheck is a check in the binding of a holder field.
type boundCheck struct {
	check, binding scan.Ref
	done           bool
}

// checksInBindings returns the checks inside the binding of a field
// holding the flag's value (FeatureFlags{X: gates.Enabled(F)}): they go
// with the binding, or stay with it, so they are not rewritten alone.
func (r *remover) checksInBindings() map[*flagrefs.Ref]*boundCheck {
	var bindings []scan.Ref
	for _, ref := range r.refs {
		if ref.Holder != nil && ref.Kind == flagrefs.Override && ref.Value == nil && !ref.Unset {
			bindings = append(bindings, ref)
		}
	}
	if len(bindings) == 0 {
		return nil
	}
	out := make(map[*flagrefs.Ref]*boundCheck)
	for _, ref := range r.refs {
		// A property accessor's call (a Use) in a binding goes with it,
		// as a check does.
		if ref.Kind != flagrefs.Check && (ref.Kind != flagrefs.Use || ref.Via != flagrefs.ViaProperty) {
			continue
		}
		for _, b := range bindings {
			if b.Key.Pos() <= ref.Node.Pos() && ref.Node.End() <= b.Key.End() && r.prog.Fset.File(b.Key.Pos()) == r.prog.Fset.File(ref.Node.Pos()) {
				out[ref.Ref] = &boundCheck{check: ref, binding: b}
			}
		}
	}
	return out
}

// unset reports a struct literal that leaves out a field holding the
// flag's value, when the flag stays on: what it is given ran with the
// flag off and now runs with it on (Kong's tests built parser.FeatureFlags
// without CombinedServiceRoutes, and their expectations changed with the
// removal). It is kept, and named, like a table case leaving its field
// unset.
func (r *remover) unset(rf *refFile, ref scan.Ref, final bool) {
	if !final {
		return
	}
	// A table's case: named by its key, or the first string it holds.
	what, tableCase := "the literal", false
	lit, _ := ref.Node.(*ast.CompositeLit)
	kv, _ := parentOf(rf.sf.ast, ref.Node).(*ast.KeyValueExpr)
	switch {
	case lit != nil && lit.Type != nil:
		what = rf.sf.text(lit.Type) + "{…}"
	case kv != nil && kv.Value == ref.Node:
		if r.casesDone[kv] {
			return // deleted
		}
		what, tableCase = caseName(rf, kv), true
	case lit != nil && caseString(lit) != nil:
		if r.casesDone[lit] {
			return // deleted
		}
		what, tableCase = caseName(rf, lit), true
	}
	// Another literal, in a test storing the field itself in the same
	// function (New(Config{…}) then i.cfg.X = tc.x), runs with what it
	// stores: that store is the override the removal follows.
	path := pathTo(rf.sf.ast, ref.Node)
	for i := len(path) - 1; i >= 0 && !tableCase; i-- {
		if _, ok := path[i].(*ast.FuncLit); !ok {
			if _, ok := path[i].(*ast.FuncDecl); !ok {
				continue
			}
		}
		fn := path[i]
		for _, o := range r.refs {
			// The holder as seen from its package or its test variant:
			// one field, two objects.
			if o.Holder != nil && o.Kind == flagrefs.Override && !o.Unset && o.Pos.File == ref.Pos.File &&
				r.prog.Fset.Position(o.Holder.Pos()) == r.prog.Fset.Position(ref.Holder.Pos()) &&
				rf.sf.off(fn.Pos()) <= rf.sf.off(o.Node.Pos()) && rf.sf.off(o.Node.End()) <= rf.sf.off(fn.End()) {
				return
			}
		}
		break
	}
	p := rf.sf.fset.Position(ref.Node.Pos())
	r.out.Sites = append(r.out.Sites, Site{
		Flag: ref.Flag, Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column},
		Kind: "test-unforced", Via: what + " leaves " + ref.Holder.Name() + " unset", Status: "rewritten",
	})
}

// heldWrite reports a write of a field holding the flag's property that
// goes with the field, not on its own: the binding (cfg.X =
// settings.X.Get(c)) anywhere, and any write outside tests. Deleting one
// while the field stays would leave the field nil, a panic at its first
// call; see holderFields.
func (r *remover) heldWrite(ref scan.Ref) bool {
	if ref.Holder == nil || ref.Kind != flagrefs.Override || ref.Unset {
		return false
	}
	return ref.Value == nil || !strings.HasSuffix(r.prog.Fset.Position(ref.Node.Pos()).Filename, "_test.go")
}

// excludedWrites reports whether every mention of field in the files the
// build excludes here (see excludedNaming) is an entry of a struct literal
// of the field's type — named T{…} in its package, pkg.T{…} elsewhere,
// or &… — giving it the final value (`GitLabRegistry: true`): such an
// entry says what the field now always holds, and goes with the field.
// It returns those entries, to delete with the field. Anything else (a
// read, another value, a literal syntax cannot tie to the type) is left
// for a human, and the field stays: ok is false.
func (r *remover) excludedWrites(field *types.Var, final bool) (entries []excludedEntry, ok bool) {
	if field.Pkg() == nil {
		return nil, false
	}
	owner := fieldOwner(field)
	if owner == nil {
		return nil, false
	}
	path := strings.TrimSuffix(field.Pkg().Path(), "_test")
	dir := filepath.Dir(r.prog.Fset.Position(field.Pos()).Filename)
	want := strconv.FormatBool(final)
	for _, file := range r.excludedNamers(field) {
		src := r.current(file)
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, file, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, false
		}
		sf := newSrcFile(fset, file, src, f)
		quals := importNames(file, src, path, field.Pkg().Name())
		local := filepath.Dir(file) == dir
		// Every identifier spelling the name must be a deletable
		// entry's key.
		keys := make(map[*ast.Ident]bool)
		ast.Inspect(f, func(x ast.Node) bool {
			lit, ok := x.(*ast.CompositeLit)
			if !ok || lit.Type == nil {
				return true
			}
			t := lit.Type
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
			}
			named := false
			switch t := t.(type) {
			case *ast.Ident:
				named = local && t.Name == owner.Name()
			case *ast.SelectorExpr:
				x, ok := t.X.(*ast.Ident)
				named = ok && quals[x.Name] && t.Sel.Name == owner.Name()
			}
			if !named {
				return true
			}
			for _, el := range lit.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				key, ok := kv.Key.(*ast.Ident)
				if !ok || key.Name != field.Name() {
					continue
				}
				if v, ok := kv.Value.(*ast.Ident); ok && v.Name == want {
					keys[key] = true
					entries = append(entries, excludedEntry{sf, lit, kv})
				}
			}
			return true
		})
		ok := true
		ast.Inspect(f, func(x ast.Node) bool {
			if id, isID := x.(*ast.Ident); isID && id.Name == field.Name() && !keys[id] {
				ok = false
			}
			return ok
		})
		if !ok {
			return nil, false
		}
	}
	return entries, true
}

// An excludedEntry is a struct literal's entry in a file read by syntax
// alone, to delete with the field it sets (excludedWrites).
type excludedEntry struct {
	sf  *srcFile
	lit *ast.CompositeLit
	kv  ast.Expr
}

// fieldOwner returns the named struct type field is a field of, when it
// is declared at package level.
func fieldOwner(field *types.Var) *types.TypeName {
	scope := field.Pkg().Scope()
	for _, name := range scope.Names() {
		tn, ok := scope.Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		st, ok := tn.Type().Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for f := range st.Fields() {
			if f == field {
				return tn
			}
		}
	}
	return nil
}

// excludedNaming returns the first Go file of the module, excluded by
// build constraints here, that may name field: one of its package, or of
// a package importing it, holding its name as a word. Such a file is read
// by syntax alone (Runner's `//go:build !integration` unit tests, with
// build_tags: [integration]): a literal setting the field there is not
// seen as a write, and verification, which checks the configured build,
// would not see it break.
func (r *remover) excludedNaming(field types.Object) string {
	if files := r.excludedNamers(field); len(files) > 0 {
		return r.p.Rel(files[0])
	}
	return ""
}

// excludedNamers returns the Go files of the module the build excludes
// here that may name field: of its package, or importing it, holding its
// name as a word; each once, in the order the packages list them.
func (r *remover) excludedNamers(field types.Object) []string {
	if field.Pkg() == nil {
		return nil
	}
	path := strings.TrimSuffix(field.Pkg().Path(), "_test")
	dir := filepath.Dir(r.prog.Fset.Position(field.Pos()).Filename)
	var out []string
	for _, f := range r.ignoredFiles() {
		if r.deleted[f] || !r.ownFile(f) {
			continue
		}
		src := r.current(f)
		if containsWord(src, field.Name()) && (filepath.Dir(f) == dir || importNames(f, src, path, field.Pkg().Name()) != nil) {
			out = append(out, f)
		}
	}
	return out
}

// refuseHanded marks the holder a binding that stays hands on as it is
// (params.X = f.x, x: x) as touched by a site left for a human: it must
// stay too, and so must the parameter or field it is given in turn, or
// the binding would name what went.
func (r *remover) refuseHanded(w scan.Ref) {
	if w.Kind != flagrefs.Override || w.Value != nil || w.Unset {
		return
	}
	rf := r.refFile(w)
	if rf == nil || rf.info == nil {
		return
	}
	var id *ast.Ident
	switch v := ast.Unparen(w.Key).(type) { // a binding's Key is the value it stores
	case *ast.Ident:
		id = v
	case *ast.SelectorExpr:
		id = v.Sel
	}
	if id == nil {
		return
	}
	if v, ok := rf.info.Uses[id].(*types.Var); ok && v != w.Holder {
		if r.refusedHolders == nil {
			r.refusedHolders = make(map[holderKey]bool)
		}
		r.refusedHolders[r.holderKey(v)] = true
	}
}

// holderFields deletes the fields holding a removed flag's property (one
// more declaration of it, see flagrefs/properties.go) and, in the same
// edit group, the writes that go with them: if the field must stay (code
// left for a human still uses it, or the verification finds a use), its
// writes stay too, and it keeps its value.
func (r *remover) holderFields(ed map[string]*editor) {
	var holders []scan.Ref
	for _, ref := range r.refs {
		if ref.Kind == flagrefs.Declare && ref.Via == flagrefs.ViaHolder {
			holders = append(holders, ref)
		}
	}
	key := r.holderKey
	writes := make(map[holderKey][]scan.Ref)
	for _, ref := range r.refs {
		if r.heldWrite(ref) {
			writes[key(ref.Holder)] = append(writes[key(ref.Holder)], ref)
		}
	}
	done := make(map[holderKey]bool)
	for _, ref := range holders {
		rf := r.refFile(ref)
		var field *ast.Field
		var sig *ast.FuncDecl // the function declaring a parameter holder
		if rf != nil {
			for _, n := range pathTo(rf.sf.ast, ref.Node) {
				if fd, ok := n.(*ast.FuncDecl); ok {
					sig = fd
				}
				if fl, ok := n.(*ast.Field); ok && (len(fl.Names) == 1 || ref.Holder.Kind() == types.ParamVar) {
					field = fl
				}
			}
		}
		if ref.Holder.Kind() != types.ParamVar {
			sig = nil
		} else if sig == nil {
			field = nil
		}
		k := key(ref.Holder)
		var excludedEntries []excludedEntry
		excludedOK := true
		switch {
		case field == nil || done[k]:
		case sig != nil:
			// A call in a file the build excludes here would keep
			// passing the argument.
			if rf.info == nil {
				excludedOK = false
			} else if fn, ok := rf.info.Defs[sig.Name].(*types.Func); !ok || r.excludedNaming(fn) != "" {
				excludedOK = false
			}
		default:
			excludedEntries, excludedOK = r.excludedWrites(ref.Holder, r.target(ref.Flag).Value)
		}
		switch {
		case field == nil || done[k]:
			continue
		case !excludedOK:
			r.refuse(ref, fmt.Sprintf("%s stays: %s names it, and is excluded by build constraints here (not type-checked: its literals and reads are not rewritten); remove it by hand", ref.Holder.Name(), r.excludedNaming(ref.Holder)))
		case r.keepHolders[k]:
			r.refuse(ref, fmt.Sprintf("%s stays, with what it is given: code left for a human uses it", ref.Holder.Name()))
		default:
			done[k] = true
			r.goneFields = append(r.goneFields, ref.Holder.Name())
			if r.goneHolders == nil {
				r.goneHolders = make(map[holderKey]bool)
			}
			r.goneHolders[k] = true
			e := r.editorFor(ed, rf.sf.name)
			g := e.newGroup()
			if sig != nil {
				deleteFromSignature(rf.sf, e, g, sig.Type.Params, field, ref.Node.(*ast.Ident))
				r.reshape(rf.info.Defs[sig.Name].(*types.Func), ref.Holder, ref.Flag)
			} else {
				start, end := rf.sf.deleteRange(field)
				e.add(g, start, end, "")
			}
			for _, x := range excludedEntries {
				deleteElems(x.sf, r.editorFor(ed, x.sf.name), g, x.lit.Elts, func(i int) bool { return x.lit.Elts[i] == x.kv })
			}
			r.rewritten(ref)
			gone := make(map[*flagrefs.Ref]bool)
			for _, w := range writes[k] {
				gone[w.Ref] = true
				wrf := r.refFile(w)
				ok := wrf != nil
				switch {
				case !ok:
				case w.Lit != nil:
					// Not through dropFrom: its deletions come
					// later, in a group of their own.
					deleteElems(wrf.sf, r.editorFor(ed, wrf.sf.name), g, w.Lit.Elts, func(i int) bool { return w.Lit.Elts[i] == w.Node })
				default:
					ok = r.dropOverride(wrf, r.editorFor(ed, wrf.sf.name), g, w)
				}
				if ok {
					r.rewritten(w)
				} else {
					r.refuse(w, "cannot tell how to remove this write: remove it by hand")
				}
			}
			delete(writes, k)
			for _, ref := range r.refs {
				if bc := r.boundChecks[ref.Ref]; bc != nil && gone[bc.binding.Ref] {
					r.rewritten(bc.check)
					bc.done = true
				}
			}
		}
	}
	// The checks in bindings that stay, stay with them.
	for _, ref := range r.refs {
		if bc := r.boundChecks[ref.Ref]; bc != nil && !bc.done {
			r.refuse(bc.check, fmt.Sprintf("gives its value to %s, which stays: it stays with it", bc.binding.Holder.Name()))
		}
	}
	// Writes of a field that does not go stay with it.
	for _, ws := range writes {
		for _, w := range ws {
			if !done[key(w.Holder)] {
				r.refuse(w, fmt.Sprintf("%s stays, and so does what it is given", w.Holder.Name()))
				r.refuseHanded(w)
			}
		}
	}
}

// goDeclaration deletes one Go declaration of a removed flag.
func (r *remover) goDeclaration(ed map[string]*editor, name string, g *definitions.GoDecl, declared bool) {
	pos := diag.Position{File: r.p.Rel(g.File)}
	if g.External {
		return // a dependency's declaration: the project only stops using it
	}
	if r.opts.KeepDeclaration {
		// A stabilized one stays (see stabilize.go), settled.
		if g.Kind == "gate" && !g.Generated {
			r.keepGate(ed, name, g)
		}
		return
	}
	if g.Generated {
		if _, ok := r.generatedSource(name, g); !ok {
			r.out.Generated = append(r.out.Generated, Site{Flag: name, Pos: pos, Kind: "declaration", Status: "generated", Reason: "generated file: regenerate it"})
			return
		}
		// Its generator's source entry goes too (see finish): the
		// generated declaration goes as the generator would drop it.
	}
	if r.keepFlags[name] {
		if src := r.current(g.File); g.Start <= len(src) {
			pos.Line = 1 + bytes.Count(src[:g.Start], []byte{'\n'})
			pos.Column = g.Start - (bytes.LastIndexByte(src[:g.Start], '\n') + 1) + 1
		}
		r.out.Sites = append(r.out.Sites, Site{Flag: name, Pos: pos, Kind: "declaration", Via: g.Kind, Status: "refused",
			Reason: "the flag's declaration stays: code left for a human still names the flag"})
		return
	}
	if at := r.stillRead[name]; g.Kind == "field" && at != "" {
		// Code left for a human reads the field (a template, by
		// reflection): it stays, with the writes giving its value.
		if src := r.current(g.File); g.Start <= len(src) {
			pos.Line = 1 + bytes.Count(src[:g.Start], []byte{'\n'})
			pos.Column = g.Start - (bytes.LastIndexByte(src[:g.Start], '\n') + 1) + 1
		}
		r.out.Sites = append(r.out.Sites, Site{Flag: name, Pos: pos, Kind: "declaration", Via: g.Kind, Status: "refused",
			Reason: fmt.Sprintf("the field stays: %s still reads it, left for a human", at)})
		return
	}
	if g.KeyConst != "" {
		r.exported = append(r.exported, exportedDecl{file: g.File, name: g.KeyConst})
	}
	if g.Kind == "constructor" && declared {
		return // the handle's declaration goes with it
	}
	if g.Kind == "const" {
		// The typed key constant is the whole declaration: it goes,
		// as a key constant does, once nothing names it.
		return
	}
	src := r.current(g.File)
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, g.File, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return
	}
	sf := newSrcFile(fset, g.File, src, file)
	e := r.editorFor(ed, g.File)
	site := Site{Flag: name, Pos: pos, Kind: "declaration", Via: g.Kind, Status: "rewritten"}
	if !r.deleteDecl(sf, e, g) {
		site.Status, site.Reason = "refused", "cannot find the declaration to delete: delete it by hand"
	}
	r.out.Sites = append(r.out.Sites, site)
}

// deleteDecl deletes the node spanning [g.Start, g.End): an element of a
// composite literal, or a var spec.
func (r *remover) deleteDecl(sf *srcFile, e *editor, g *definitions.GoDecl) bool {
	done := false
	ast.Inspect(sf.ast, func(n ast.Node) bool {
		if done {
			return false
		}
		switch n := n.(type) {
		case *ast.CompositeLit:
			for i, el := range n.Elts {
				if sf.off(el.Pos()) == g.Start && sf.off(el.End()) == g.End {
					deleteElems(sf, e, e.newGroup(), n.Elts, func(k int) bool { return k == i })
					done = true
					return false
				}
			}
		case *ast.StructType:
			for _, field := range n.Fields.List {
				if sf.off(field.Pos()) == g.Start && sf.off(field.End()) == g.End {
					start, end := sf.deleteRange(field)
					e.add(e.newGroup(), start, end, "")
					done = true
					return false
				}
			}
		case *ast.GenDecl:
			for _, spec := range n.Specs {
				if sf.off(spec.Pos()) == g.Start && sf.off(spec.End()) == g.End {
					node := ast.Node(spec)
					if len(n.Specs) == 1 {
						node = n
					}
					start, end := sf.deleteRange(node)
					e.add(e.newGroup(), start, end, "")
					done = true
					return false
				}
			}
		}
		return true
	})
	return done
}

// check replaces a check with its value.
func (r *remover) check(rf *refFile, e *editor, ref scan.Ref, value bool) {
	call := ref.Call
	lit := boolText(value)
	if call == nil {
		switch {
		case ref.Via == flagrefs.ViaField:
			r.fieldRead(rf, e, ref, lit)
		case r.gateMap(ref.Flag):
			r.gateRead(rf, e, ref, lit)
		case r.forcedMapRead(rf, e, ref, value):
			r.rewritten(ref)
		default:
			r.checkRead(rf, ref)
		}
		return
	}
	if v := r.forcedBy(rf, call); v != "" {
		r.refuse(ref, fmt.Sprintf("reads %s, which an override left for a human forces: this check stays with it", v))
		return
	}
	if ref.Wrapper != nil && ref.Wrapper.Choose {
		r.choose(rf, e, ref, value)
		return
	}
	if ref.Wrapper != nil && !ref.Wrapper.Direct && !r.opts.Aggressive {
		r.refuse(ref, fmt.Sprintf("%s does more than return the check: replace the call by hand, or pass --aggressive", ref.Describe()))
		return
	}
	if x := r.impureOperand(rf, ref); x != nil && !r.opts.Aggressive {
		if ref.Getter {
			// The call stays, and so does the getter it calls,
			// returning the constant (see getterdecls.go): nothing
			// is left for a human.
			r.getterCallsKept[ref.Call] = true
			return
		}
		r.refuse(ref, fmt.Sprintf("removing the check would drop %s, %s", rf.sf.text(x), r.effects(rf.info, x)))
		return
	}
	if rf.info != nil {
		switch t := rf.info.TypeOf(call).(type) {
		case *types.Basic:
			if t.Info()&types.IsBoolean == 0 {
				r.refuse(ref, fmt.Sprintf("%s returns %s, not a bool", ref.Describe(), t))
				return
			}
		case *types.Tuple:
			if flagrefs.IsSubscription(rf.info.TypeOf(call.Fun)) {
				if r.subscriptionCheck(rf, e, ref, lit) {
					r.rewritten(ref)
				}
				return
			}
			if r.tupleCheck(rf, e, ref, lit) {
				r.rewritten(ref)
			}
			return
		default:
			r.refuse(ref, fmt.Sprintf("%s returns %s, not a bool: rewrite the use of its result by hand", ref.Describe(), types.TypeString(t, types.RelativeTo(nil))))
			return
		}
	}
	e.add(e.newGroup(), rf.sf.off(call.Pos()), rf.sf.off(call.End()), lit)
	r.rewritten(ref)
}

// fieldRead replaces a read of a config struct's field flag with its
// value, when what holds the struct is pure to evaluate (cfg.Flags.X, not
// load().Flags.X).
func (r *remover) fieldRead(rf *refFile, e *editor, ref scan.Ref, lit string) {
	if ref.Holder != nil && (ref.Holder.Kind() == types.ParamVar || ref.Holder.Kind() == types.PackageVar) {
		// A bool parameter, or a package variable (X, pkg.X),
		// holding the flag's value: nothing to drop with the read.
		e.add(e.newGroup(), rf.sf.off(ref.Node.Pos()), rf.sf.off(ref.Node.End()), lit)
		r.rewritten(ref)
		return
	}
	sel, ok := ref.Node.(*ast.SelectorExpr)
	if !ok {
		r.refuse(ref, "cannot find the field read")
		return
	}
	if !r.droppable(rf, ref, sel.X) {
		return
	}
	g := e.newGroup()
	if guard := r.nilGuard(rf, ref, sel); guard != nil {
		// `p == nil || ` goes with the read it guarded.
		e.add(g, rf.sf.off(guard.X.Pos()), rf.sf.off(guard.Y.Pos()), "")
	}
	e.add(g, rf.sf.off(sel.Pos()), rf.sf.off(sel.End()), lit)
	r.rewritten(ref)
}

// nilGuard returns the guard of a field flag read through an optional
// section of the configuration, `p == nil || !p.F` or `p != nil && p.F`
// (Traefik's `c.Experimental == nil || !c.Experimental.HTTP3`): an absent
// section meant the flag at its default, which the guard's branch
// already says. With the flag constant, absent or present alike, the
// guard goes with the read: the expression becomes the read's, folded.
// Only when the guard's own value is the guarded read's at the flag's
// default, the read is all the right operand does, and p is pure;
// nil otherwise.
func (r *remover) nilGuard(rf *refFile, ref scan.Ref, sel *ast.SelectorExpr) *ast.BinaryExpr {
	f := r.p.Flag(ref.Flag)
	if f == nil || rf.info == nil {
		return nil
	}
	// The right operand: the read, or its negation.
	var operand ast.Node = sel
	negated := false
	for {
		switch p := parentOf(rf.sf.ast, operand).(type) {
		case *ast.ParenExpr:
			operand = p
			continue
		case *ast.UnaryExpr:
			if p.Op == token.NOT && !negated {
				operand, negated = p, true
				continue
			}
		}
		break
	}
	b, ok := parentOf(rf.sf.ast, operand).(*ast.BinaryExpr)
	if !ok || b.Y != operand {
		return nil
	}
	cmp, ok := ast.Unparen(b.X).(*ast.BinaryExpr)
	if !ok {
		return nil
	}
	if id, isID := ast.Unparen(cmp.Y).(*ast.Ident); !isID || id.Name != "nil" || rf.info.Uses[id] != types.Universe.Lookup("nil") {
		return nil
	}
	if rf.sf.text(cmp.X) != rf.sf.text(sel.X) || !r.isPure(rf.info, cmp.X) {
		return nil
	}
	// The operand's value at the flag's default, where the guard
	// stands for it: true after ||, false after &&.
	atDefault := f.DefaultEnabled != negated
	switch {
	case b.Op == token.LOR && cmp.Op == token.EQL && atDefault:
	case b.Op == token.LAND && cmp.Op == token.NEQ && !atDefault:
	default:
		return nil
	}
	return b
}

// droppable reports whether x, what a read reads from (cfg.Flags,
// r.features), may be dropped with it: it is pure, or --aggressive says
// so; else the read is refused.
func (r *remover) droppable(rf *refFile, ref scan.Ref, x ast.Expr) bool {
	if r.opts.Aggressive || rf.info == nil || r.isPure(rf.info, x) {
		return true
	}
	r.refuse(ref, fmt.Sprintf("removing the read would drop %s, %s", rf.sf.text(x), r.effects(rf.info, x)))
	return false
}

// gateMap reports whether a flag is declared as an entry of a map of
// gates (a "map: bool" definition): then reading any map[K]bool at its
// key reads the flag, the declared map or a copy handed on.
func (r *remover) gateMap(flag string) bool {
	d := r.p.Flag(flag)
	if d == nil {
		return false
	}
	for _, g := range d.Go {
		if g.Kind == "gate" || g.Kind == "const" {
			return true
		}
	}
	return false
}

// gateRead replaces a read of a map of gates at the flag's key with the
// flag's value: r.features[OptimizedClones] becomes true, and the
// comma-ok form `v, ok := r.features[OptimizedClones]` goes, v's uses
// becoming the value and ok's true — the map held the gate wherever it
// was not a test's own map, and tests forcing it are overrides. The map
// expression must be pure to drop.
func (r *remover) gateRead(rf *refFile, e *editor, ref scan.Ref, lit string) {
	ix, ok := ref.Node.(*ast.IndexExpr)
	if !ok {
		r.refuse(ref, "cannot find the map read")
		return
	}
	if !r.droppable(rf, ref, ix.X) {
		return
	}
	switch st := parentStmt(rf.sf.ast, ix).(type) {
	case *ast.AssignStmt:
		if len(st.Lhs) == 2 && len(st.Rhs) == 1 && ast.Unparen(st.Rhs[0]) == ix {
			if r.pairCheck(rf, e, ref, st, lit, "true") {
				r.rewritten(ref)
			}
			return
		}
	case *ast.DeclStmt:
		if gd, ok := st.Decl.(*ast.GenDecl); ok && len(gd.Specs) == 1 {
			if vs, ok := gd.Specs[0].(*ast.ValueSpec); ok && len(vs.Names) == 2 {
				r.refuse(ref, fmt.Sprintf("var %s, %s = %s: write it as := to have it rewritten", vs.Names[0].Name, vs.Names[1].Name, rf.sf.text(ix)))
				return
			}
		}
	}
	e.add(e.newGroup(), rf.sf.off(ix.Pos()), rf.sf.off(ix.End()), lit)
	r.rewritten(ref)
}

// checkRead handles a read of a flag's forced state from a map of
// overrides (tc.featureGates[features.X] in a table test). It is not the
// flag's value: a case that leaves X out reads false whatever the gate's
// default, and the test's own logic depends on that. Once X is constant,
// the cases that forced it on and those that left it out can only be told
// apart by hand, so the read is left for a human.
func (r *remover) checkRead(rf *refFile, ref scan.Ref) {
	text := rf.sf.text(ref.Node)
	r.refuse(ref, fmt.Sprintf("%s reads the state a test case forced, not the flag: with the flag gone, rewrite it by hand (cases that left the flag out read false)", text))
}

// choose replaces a call of a chooser (a function returning one of two
// arguments by the flag) with the argument it chooses.
func (r *remover) choose(rf *refFile, e *editor, ref scan.Ref, value bool) {
	call, w := ref.Call, ref.Wrapper
	i := w.Off
	if value {
		i = w.On
	}
	if i >= len(call.Args) || call.Ellipsis.IsValid() {
		r.refuse(ref, fmt.Sprintf("cannot find the argument %s chooses", ref.Describe()))
		return
	}
	chosen := call.Args[i]
	for _, a := range call.Args {
		if a != chosen && a != ref.Key && !pure.Expr(rf.info, a) && !r.opts.Aggressive {
			r.refuse(ref, fmt.Sprintf("removing the call would drop %s, which has side effects: rewrite it by hand, or pass --aggressive", rf.sf.text(a)))
			return
		}
	}
	text := rf.sf.text(chosen)
	switch ast.Unparen(chosen).(type) {
	case *ast.BinaryExpr, *ast.KeyValueExpr:
		text = "(" + text + ")"
	}
	e.add(e.newGroup(), rf.sf.off(call.Pos()), rf.sf.off(call.End()), text)
	r.rewritten(ref)
}

// impureOperand names an argument (other than the key) or receiver of the
// call whose evaluation has effects, which dropping the call would lose.
func (r *remover) impureOperand(rf *refFile, ref scan.Ref) ast.Expr {
	call := ref.Call
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		isPkg := false
		if rf.info != nil {
			_, isPkg = rf.info.Uses[identOf(sel.X)].(*types.PkgName)
		} else if id, ok := sel.X.(*ast.Ident); ok {
			isPkg = id.Name != "" // an import name or a variable: both pure
		}
		if !isPkg && !r.isPure(rf.info, sel.X) {
			return sel.X
		}
	}
	for _, a := range call.Args {
		if a.Pos() <= ref.Key.Pos() && ref.Key.End() <= a.End() {
			continue // the key, or the call it passes through
		}
		if !r.isPure(rf.info, a) {
			return a
		}
	}
	return nil
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}

// tupleCheck handles the SDK shape `on, err := client.BoolVariation(…)`:
// on becomes the constant, err becomes nil (the SDK call that could fail
// is gone), and the statement goes.
func (r *remover) tupleCheck(rf *refFile, e *editor, ref scan.Ref, lit string) bool {
	st, ok := parentStmt(rf.sf.ast, ref.Call).(*ast.AssignStmt)
	if !ok || len(st.Rhs) != 1 || ast.Unparen(st.Rhs[0]) != ref.Call || len(st.Lhs) != 2 {
		r.refuse(ref, fmt.Sprintf("%s returns several values: only `v, err := …` is rewritten automatically", ref.Describe()))
		return false
	}
	return r.pairCheck(rf, e, ref, st, lit, "nil")
}

// subscriptionCheck rewrites `v, cancel := sub(cb)`, a call of a
// subscription to the flag (see flagrefs.IsSubscription): with the flag
// constant, v is the constant, the callback is never called, and cancel
// has nothing to cancel. v's uses become the constant; cancel's calls
// (`cancel()`, `defer cancel()`) go, and any other use of it becomes a
// no-op, func() {}: kept in a field (r.cancel = cancel), it is a field
// holding nothing to call, which goes with its calls (see
// fieldHolders). Never nil: a nil cancel panics when called.
func (r *remover) subscriptionCheck(rf *refFile, e *editor, ref scan.Ref, lit string) bool {
	st, ok := parentStmt(rf.sf.ast, ref.Call).(*ast.AssignStmt)
	if !ok || len(st.Rhs) != 1 || ast.Unparen(st.Rhs[0]) != ref.Call || len(st.Lhs) != 2 {
		r.refuse(ref, fmt.Sprintf("%s subscribes to the flag: only `v, cancel := …` is rewritten automatically", rf.sf.text(ref.Call)))
		return false
	}
	if r.pairShape(rf, st) {
		return r.pairCheck(rf, e, ref, st, lit, noopFunc)
	}
	// v, p.cancel = sub(cb), v declared before: the two values are
	// given as they are (the cancel field stays, a no-op — see
	// fieldHolders for the one that goes).
	e.add(e.newGroup(), rf.sf.off(ref.Call.Pos()), rf.sf.off(ref.Call.End()), lit+", "+noopFunc)
	return true
}

// pairShape reports whether pairCheck can rewrite st: two variables,
// the first declared there (or _), neither assigned again.
func (r *remover) pairShape(rf *refFile, st *ast.AssignStmt) bool {
	for i, l := range st.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return false
		}
		if id.Name == "_" {
			continue
		}
		v, isNew := rf.info.Defs[id].(*types.Var)
		if !isNew || v == nil {
			if i == 0 {
				return false
			}
			continue
		}
		if _, written := usesOf(rf.sf.ast, rf.info, v, st); written {
			return false
		}
	}
	return true
}

// noopFunc is the function doing nothing, in Go: a cancel with nothing
// to cancel.
const noopFunc = "func() {}"

// pairCheck rewrites `v, x := <check>`, the check giving two values: the
// statement goes, v's uses become lit and x's second (nil for an error,
// true for a comma-ok map read of a gate the map always held).
func (r *remover) pairCheck(rf *refFile, e *editor, ref scan.Ref, st *ast.AssignStmt, lit, second string) bool {
	info := rf.info
	g := e.newGroup()
	var uses []edit
	assignErr := ""
	for i, l := range st.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			r.refuse(ref, "the result is assigned to something other than variables")
			return false
		}
		if id.Name == "_" {
			continue
		}
		text := lit
		if i == 1 {
			text = second
		}
		v, isNew := info.Defs[id].(*types.Var)
		if !isNew || v == nil {
			if i == 0 {
				r.refuse(ref, fmt.Sprintf("%s is assigned elsewhere too: rewrite by hand", id.Name))
				return false
			}
			assignErr = id.Name + " = " + second
			continue
		}
		ids, written := usesOf(rf.sf.ast, info, v, st)
		if written {
			r.refuse(ref, fmt.Sprintf("%s is assigned again later: rewrite by hand", id.Name))
			return false
		}
		for _, u := range ids {
			if text == noopFunc {
				// cancel(): calling a no-op does nothing.
				if call, ok := parentOf(rf.sf.ast, u).(*ast.CallExpr); ok && call.Fun == ast.Expr(u) && callStmt(rf.sf.ast, call) != nil {
					start, end := rf.sf.deleteRange(callStmt(rf.sf.ast, call))
					uses = append(uses, edit{start: start, end: end})
					continue
				}
			}
			uses = append(uses, edit{start: rf.sf.off(u.Pos()), end: rf.sf.off(u.End()), text: text})
		}
	}
	if assignErr != "" {
		e.add(g, rf.sf.off(st.Pos()), rf.sf.off(st.End()), assignErr)
	} else {
		start, end := rf.sf.deleteRange(st)
		e.add(g, start, end, "")
	}
	for _, u := range uses {
		e.add(g, u.start, u.end, u.text)
	}
	return true
}

// usesOf returns the uses of v in file (outside decl), and whether v is
// written anywhere but in decl.
func usesOf(f *ast.File, info *types.Info, v *types.Var, decl ast.Node) (uses []*ast.Ident, written bool) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n == decl {
				return true
			}
			for _, l := range n.Lhs {
				if id, ok := ast.Unparen(l).(*ast.Ident); ok && info.ObjectOf(id) == v {
					written = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && info.ObjectOf(id) == v {
				written = true
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.ObjectOf(id) == v {
				written = true
			}
		case *ast.Ident:
			if info.Uses[n] == v {
				uses = append(uses, n)
			}
		}
		return true
	})
	return uses, written
}

// parentStmt returns the innermost statement enclosing n.
func parentStmt(f *ast.File, n ast.Node) ast.Stmt {
	path := pathTo(f, n)
	for i := len(path) - 1; i >= 0; i-- {
		if st, ok := path[i].(ast.Stmt); ok {
			return st
		}
	}
	return nil
}

// pathTo returns the nodes from the file down to (not including) n.
func pathTo(f *ast.File, target ast.Node) []ast.Node {
	var stack, found []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if n == target {
			found = append([]ast.Node(nil), stack...)
			return false
		}
		if n.Pos() > target.End() || n.End() < target.Pos() {
			return false
		}
		stack = append(stack, n)
		return true
	})
	return found
}

// declare deletes a handle's declaration.
func (r *remover) declare(rf *refFile, e *editor, ref scan.Ref) {
	path := pathTo(rf.sf.ast, ref.Call)
	for i := len(path) - 1; i >= 0; i-- {
		switch n := path[i].(type) {
		case *ast.ValueSpec:
			if len(n.Names) != 1 {
				r.refuse(ref, "the handle is declared together with other variables: delete it by hand")
				return
			}
			gd := path[i-1].(*ast.GenDecl)
			node := ast.Node(n)
			if len(gd.Specs) == 1 {
				node = gd
			}
			start, end := rf.sf.deleteRange(node)
			e.add(e.newGroup(), start, end, "")
			r.rewritten(ref)
			return
		case *ast.AssignStmt:
			if ref.Handle == nil {
				// Not a handle's one assignment (the variable is
				// assigned elsewhere too, or its address taken):
				// deleting it would leave the variable nil where it
				// is still used.
				for _, lhs := range n.Lhs {
					if !isBlank(lhs) {
						r.refuse(ref, fmt.Sprintf("the handle is assigned to %s, which is also given other values: delete it by hand", rf.sf.text(lhs)))
						return
					}
				}
			}
			start, end := rf.sf.deleteRange(n)
			e.add(e.newGroup(), start, end, "")
			r.rewritten(ref)
			return
		}
	}
	r.refuse(ref, "the handle is created outside a declaration: delete it by hand")
}

// constBoolArg returns the value of a constant boolean argument.
func constBoolArg(info *types.Info, e ast.Expr) (value, ok bool) {
	if info == nil {
		id, isID := ast.Unparen(e).(*ast.Ident)
		if isID && (id.Name == "true" || id.Name == "false") {
			return id.Name == "true", true
		}
		return false, false
	}
	tv, found := info.Types[e]
	if !found || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return false, false
	}
	return constant.BoolVal(tv.Value), true
}

// removeOverride deletes an override call: a statement goes, a value
// becomes the override's first argument (the context it decorated), and
// `ctx = ctx` that would leave goes too.
func (r *remover) removeOverride(rf *refFile, e *editor, g int, call *ast.CallExpr) bool {
	if st := errorChecked(rf, call); st != nil {
		start, end := rf.sf.deleteRange(st)
		e.add(g, start, end, "")
		return true
	}
	if as, check := errorCheckedNext(rf, call); as != nil {
		for _, st := range []ast.Stmt{as, check} {
			start, end := rf.sf.deleteRange(st)
			e.add(g, start, end, "")
		}
		return true
	}
	switch parent := parentOf(rf.sf.ast, call).(type) {
	case *ast.ExprStmt:
		start, end := rf.sf.deleteRange(parent)
		e.add(g, start, end, "")
		return true
	case *ast.DeferStmt:
		// defer os.Unsetenv(key): the restore goes with what it restored.
		start, end := rf.sf.deleteRange(parent)
		e.add(g, start, end, "")
		return true
	case *ast.AssignStmt:
		if len(parent.Lhs) == 1 && isBlank(parent.Lhs[0]) {
			// _ = feature.WithOverride(ctx, X, v): nothing else.
			start, end := rf.sf.deleteRange(parent)
			e.add(g, start, end, "")
			return true
		}
		if len(call.Args) == 0 {
			return false
		}
		base := rf.sf.text(call.Args[0])
		if parent.Tok == token.ASSIGN && len(parent.Lhs) == 1 && rf.sf.text(parent.Lhs[0]) == base {
			start, end := rf.sf.deleteRange(parent)
			e.add(g, start, end, "")
			return true
		}
		if parent.Tok == token.DEFINE && len(parent.Lhs) == 1 && rf.sf.text(parent.Lhs[0]) == base && onlyShadows(rf, parent, call) {
			start, end := rf.sf.deleteRange(parent)
			e.add(g, start, end, "")
			return true
		}
	}
	if len(call.Args) == 0 {
		return false
	}
	if rf.info != nil && !types.Identical(rf.info.TypeOf(call), rf.info.TypeOf(call.Args[0])) {
		return false
	}
	e.add(g, rf.sf.off(call.Pos()), rf.sf.off(call.End()), rf.sf.text(call.Args[0]))
	return true
}

// onlyShadows reports whether `ctx := override(ctx, …)` may simply go,
// leaving the uses of the inner ctx to the outer one. Inside the inner
// one's scope the outer one cannot be named, so only one thing tells them
// apart: a later assignment to the inner one, which would reach the
// outer variable. Then the caller leaves `ctx := ctx`, which keeps the two
// apart.
func onlyShadows(rf *refFile, as *ast.AssignStmt, call *ast.CallExpr) bool {
	if rf.info == nil {
		return false
	}
	inner, _ := rf.info.Defs[identOf(as.Lhs[0])].(*types.Var)
	outer, _ := rf.info.Uses[identOf(call.Args[0])].(*types.Var)
	if inner == nil || outer == nil || inner == outer || !types.Identical(inner.Type(), outer.Type()) {
		return false
	}
	_, written := usesOf(rf.sf.ast, rf.info, inner, as)
	return !written
}

// noErrorCheck reports whether c is testify's NoError or Nil (require's
// or assert's) whose arguments, but for the override call itself, are
// pure: a check of an error and nothing else.
func noErrorCheck(rf *refFile, c *ast.CallExpr, call *ast.CallExpr) bool {
	fn, _ := typeutil.Callee(rf.info, c).(*types.Func)
	if fn == nil || fn.Pkg() == nil || !strings.HasPrefix(fn.Pkg().Path(), "github.com/stretchr/testify/") || fn.Name() != "NoError" && fn.Name() != "Nil" {
		return false
	}
	for _, a := range c.Args {
		if a != ast.Expr(call) && !pure.Expr(rf.info, a) {
			return false
		}
	}
	return true
}

// errorCheckedNext returns an override's `err := reg.Set(id, v)` and the
// statement right after it checking that error and nothing else
// (`require.NoError(t, err)`, assert's, Nil, or `if err != nil { … }`
// without an else), when the error is read nowhere else: the two go
// with the override.
func errorCheckedNext(rf *refFile, call *ast.CallExpr) (as *ast.AssignStmt, check ast.Stmt) {
	if rf.info == nil || !isErrorType(rf.info.TypeOf(call)) {
		return nil, nil
	}
	path := pathTo(rf.sf.ast, call)
	if len(path) < 3 {
		return nil, nil
	}
	as, ok := path[len(path)-1].(*ast.AssignStmt)
	block, inBlock := path[len(path)-2].(*ast.BlockStmt)
	if !ok || !inBlock || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != call {
		return nil, nil
	}
	id, _ := as.Lhs[0].(*ast.Ident)
	if id == nil || id.Name == "_" {
		return nil, nil
	}
	errVar, _ := rf.info.Defs[id].(*types.Var)
	i := slices.Index(block.List, ast.Stmt(as))
	if errVar == nil || i < 0 || i+1 >= len(block.List) {
		return nil, nil
	}
	next := block.List[i+1]
	// The error is read by next alone, until a later statement of the
	// block redeclares it (got, err := Decode(…)), which declares it
	// anew once this one is gone.
	redeclared := token.NoPos
	for _, st := range block.List[i+2:] {
		if a, ok := st.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
			for _, l := range a.Lhs {
				if lid, ok := l.(*ast.Ident); ok && rf.info.Uses[lid] == errVar {
					redeclared = a.Pos()
				}
			}
		}
		if redeclared.IsValid() {
			break
		}
	}
	readByNext := false
	other := false
	ast.Inspect(block, func(n ast.Node) bool { // its scope
		x, ok := n.(*ast.Ident)
		if !ok || x == id || rf.info.Uses[x] != errVar {
			return true
		}
		switch {
		case next.Pos() <= x.Pos() && x.End() <= next.End():
			readByNext = true
		case redeclared.IsValid() && x.Pos() >= redeclared:
		default:
			other = true
		}
		return true
	})
	if !readByNext || other {
		return nil, nil // the error is read elsewhere too
	}
	switch st := next.(type) {
	case *ast.ExprStmt:
		if c, ok := ast.Unparen(st.X).(*ast.CallExpr); ok && noErrorCheck(rf, c, nil) {
			return as, st
		}
	case *ast.IfStmt:
		// if err != nil { t.Fatal(err) }: its condition reads the
		// error alone.
		if st.Init != nil || st.Else != nil || !pure.Expr(rf.info, st.Cond) {
			return nil, nil
		}
		if b, ok := ast.Unparen(st.Cond).(*ast.BinaryExpr); ok && b.Op == token.NEQ {
			if x, ok := ast.Unparen(b.X).(*ast.Ident); ok && rf.info.Uses[x] == errVar {
				return as, st
			}
		}
	}
	return nil, nil
}

// errorChecked returns the statement that does nothing but run an override
// returning an error and check that error, so that it goes with the
// override: `require.NoError(t, reg.Set(id, v))` (or assert's, or Nil),
// `_ = reg.Set(id, v)`, and `if err := reg.Set(id, v); err != nil { … }`
// without an else, whose condition reads only err.
func errorChecked(rf *refFile, call *ast.CallExpr) ast.Stmt {
	if rf.info == nil || !isErrorType(rf.info.TypeOf(call)) {
		return nil
	}
	path := pathTo(rf.sf.ast, call)
	if len(path) < 2 {
		return nil
	}
	switch p := path[len(path)-1].(type) {
	case *ast.CallExpr:
		st, ok := path[len(path)-2].(*ast.ExprStmt)
		if !ok || ast.Unparen(st.X) != p || !noErrorCheck(rf, p, call) {
			return nil
		}
		return st
	case *ast.AssignStmt:
		if len(p.Lhs) != 1 || len(p.Rhs) != 1 {
			return nil
		}
		id, ok := p.Lhs[0].(*ast.Ident)
		if !ok {
			return nil
		}
		if id.Name == "_" {
			return p
		}
		ifs, ok := path[len(path)-2].(*ast.IfStmt)
		if !ok || ifs.Init != p || ifs.Else != nil || p.Tok != token.DEFINE {
			return nil
		}
		errVar := rf.info.Defs[id]
		onlyErr := true
		ast.Inspect(ifs.Cond, func(n ast.Node) bool {
			if x, ok := n.(*ast.Ident); ok {
				if v, isVar := rf.info.Uses[x].(*types.Var); isVar && v != errVar {
					onlyErr = false
				}
			}
			if _, ok := n.(*ast.CallExpr); ok {
				onlyErr = false
			}
			return onlyErr
		})
		if errVar == nil || !onlyErr {
			return nil
		}
		return ifs
	}
	return nil
}

func isErrorType(t types.Type) bool {
	return t != nil && types.Identical(t, types.Universe.Lookup("error").Type())
}

func parentOf(f *ast.File, n ast.Node) ast.Node {
	path := pathTo(f, n)
	if len(path) == 0 {
		return nil
	}
	return path[len(path)-1]
}

// isSubtest reports t.Run(name, func(t *testing.T) {…}).
func isSubtest(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Run" || len(call.Args) != 2 {
		return false
	}
	_, ok = call.Args[1].(*ast.FuncLit)
	return ok
}
