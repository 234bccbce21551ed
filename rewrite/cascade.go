package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/flagsweep/flagsweep/internal/pure"
	"golang.org/x/tools/go/types/typeutil"
)

// The cascade deletes what the removal made unused, to a fixed point:
// locals and imports the type checker reports as unused (the original
// compiled, so they are ours), and package-level declarations that were
// used before the change and are not any more.

var (
	unusedVarRE    = regexp.MustCompile(`^declared and not used: (\w+)$`)
	unusedImportRE = regexp.MustCompile(`^"([^"]+)" imported (?:as (\w+) )?and not used$`)
)

// unusedLocal deletes the declaration of a local the type checker reports
// unused: a pure initialisation goes; a call is kept as a statement when
// go vet accepts one, `_ = call` when vet wants the result used (see
// mustUse); any other initialisation with effects becomes `_ = expr`.
func (s *simplifier) unusedLocal(pos token.Pos) bool {
	var target *ast.Ident
	var stmt ast.Stmt
	var stack []ast.Node
	ast.Inspect(s.f.ast, func(n ast.Node) bool {
		if target != nil {
			return false
		}
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if id, ok := n.(*ast.Ident); ok && id.Pos() == pos {
			target = id
			for i := len(stack) - 1; i >= 0; i-- {
				if st, ok := stack[i].(ast.Stmt); ok {
					stmt = st
					break
				}
			}
			return false
		}
		stack = append(stack, n)
		return true
	})
	if target == nil || stmt == nil {
		return false
	}
	g := s.ed.newGroup()
	// In a select, `case n := <-ch:` with n unused is `case <-ch:`.
	if as, ok := stmt.(*ast.AssignStmt); ok && len(as.Lhs) == 1 && len(stack) > 0 {
		for i := len(stack) - 1; i >= 0; i-- {
			if cc, ok := stack[i].(*ast.CommClause); ok && cc.Comm == as {
				s.ed.add(g, s.f.off(as.Pos()), s.f.off(as.Rhs[0].Pos()), "")
				return true
			}
		}
	}
	switch st := stmt.(type) {
	case *ast.AssignStmt:
		if len(st.Lhs) == 1 {
			rhs := st.Rhs[0]
			switch {
			case s.pure(rhs) && s.dropWrites(g, target, st):
				start, end := s.f.deleteRange(st)
				s.ed.add(g, start, end, "")
			case isCall(rhs) && !s.mustUse(rhs):
				s.ed.add(g, s.f.off(st.Pos()), s.f.off(rhs.Pos()), "")
			default:
				s.ed.add(g, s.f.off(target.Pos()), s.f.off(target.End()), "_")
				s.ed.add(g, s.f.off(st.TokPos), s.f.off(st.TokPos)+2, "=")
			}
			return true
		}
		// One of several: it becomes _, and := becomes = when no new
		// variable is left.
		s.ed.add(g, s.f.off(target.Pos()), s.f.off(target.End()), "_")
		if st.Tok == token.DEFINE && !s.otherNew(st, target) {
			s.ed.add(g, s.f.off(st.TokPos), s.f.off(st.TokPos)+2, "=")
		}
		return true
	case *ast.DeclStmt:
		gd := st.Decl.(*ast.GenDecl)
		for _, sp := range gd.Specs {
			vs, ok := sp.(*ast.ValueSpec)
			if ok && len(vs.Names) > 1 && len(vs.Values) == 0 && s.dropWrites(g, target, st) {
				// One of several declared together (`var
				// DNSAutoAllocate, DNSCapture bool`, the first read
				// only where the flag folded): its name goes from the
				// list, with its writes.
				for i, id := range vs.Names {
					switch {
					case id != target:
					case i+1 < len(vs.Names):
						s.ed.add(g, s.f.off(id.Pos()), s.f.off(vs.Names[i+1].Pos()), "")
					default:
						s.ed.add(g, s.f.off(vs.Names[i-1].End()), s.f.off(id.End()), "")
					}
				}
				return true
			}
			if !ok || len(vs.Names) != 1 || vs.Names[0] != target {
				continue
			}
			// The spec goes with the writes (`var ( a T; b T )`, b
			// assigned in a setup closure only the deleted tests read):
			// the whole declaration when it is the only spec.
			if (len(vs.Values) == 0 || s.pure(vs.Values[0])) && s.dropWrites(g, target, st) {
				var node ast.Node = vs
				if len(gd.Specs) == 1 {
					node = st
				}
				start, end := s.f.deleteRange(node)
				s.ed.add(g, start, end, "")
				return true
			}
		}
		if s.info != nil && s.info.Defs[target] != nil && s.uses(target) > 0 {
			// Renamed _, the writes would name an undefined local;
			// left as it is, the verification names it.
			s.ed.edits = dropGroup(s.ed.edits, g)
			return false
		}
		s.ed.add(g, s.f.off(target.Pos()), s.f.off(target.End()), "_")
		return true
	case *ast.RangeStmt:
		if s.rangeDone[st] {
			return true
		}
		other := st.Value
		if st.Value == target {
			other = st.Key
		}
		if st.Key != nil && (other == nil || s.unusedVar(other)) {
			// Neither is used: for k, v := range x → for range x
			// (`for _ := range x` would declare nothing).
			if s.rangeDone == nil {
				s.rangeDone = make(map[*ast.RangeStmt]bool)
			}
			s.rangeDone[st] = true
			s.ed.add(g, s.f.off(st.Key.Pos()), s.f.off(st.X.Pos()), "range ")
			return true
		}
		switch {
		case st.Value == target:
			s.ed.add(g, s.f.off(st.Key.End()), s.f.off(st.Value.End()), "")
		case st.Key == target && st.Value == nil:
			// for k := range x → for range x
			s.ed.add(g, s.f.off(st.Key.Pos()), s.f.off(st.X.Pos()), "range ")
		default:
			s.ed.add(g, s.f.off(target.Pos()), s.f.off(target.End()), "_")
		}
		return true
	}
	return false
}

// dropWrites deletes the writes of a local whose declaration decl goes:
// "declared and not used" still allows assignments (`var mainline uint;
// if len(parents) > 1 { mainline = 1 }`), which would name it undefined.
// A write of a pure value goes, a call's stays as a statement (`_ = call`
// where vet wants its result), an increment goes, and in a tuple
// assignment the local becomes _. It reports false, and adds nothing,
// when a use is no write it knows (the type checker reported the local
// unused, so there should be none).
func (s *simplifier) dropWrites(g int, target *ast.Ident, decl ast.Stmt) bool {
	if s.info == nil {
		return true
	}
	obj := s.info.Defs[target]
	if obj == nil {
		return true
	}
	var writes []*ast.Ident
	for id, o := range s.info.Uses {
		if o == obj {
			writes = append(writes, id)
		}
	}
	if len(writes) == 0 {
		return true
	}
	type edit struct {
		start, end int
		text       string
	}
	var edits []edit
	for _, id := range writes {
		if id.Pos() < s.f.ast.FileStart || id.Pos() > s.f.ast.FileEnd {
			return false // in another file: another editor
		}
		var st ast.Stmt
		for _, n := range pathTo(s.f.ast, id) {
			if x, ok := n.(ast.Stmt); ok {
				st = x
			}
		}
		switch st := st.(type) {
		case *ast.IncDecStmt:
			if st.X != id {
				return false
			}
			start, end := s.f.deleteRange(st)
			edits = append(edits, edit{start, end, ""})
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				return false
			}
			k := -1
			for i, l := range st.Lhs {
				if l == id {
					k = i
				}
			}
			if k < 0 {
				return false
			}
			if len(st.Lhs) > 1 {
				edits = append(edits, edit{s.f.off(id.Pos()), s.f.off(id.End()), "_"})
				continue
			}
			rhs := st.Rhs[0]
			switch {
			case s.pure(rhs):
				// The only statement of an if that does nothing else
				// takes the if with it.
				var gone ast.Node = st
				if ifs := s.soleIn(st); ifs != nil {
					gone = ifs
				}
				start, end := s.f.deleteRange(gone)
				edits = append(edits, edit{start, end, ""})
			case isCall(rhs) && !s.mustUse(rhs) && st.Tok == token.ASSIGN:
				edits = append(edits, edit{s.f.off(st.Pos()), s.f.off(rhs.Pos()), ""})
			default:
				edits = append(edits, edit{s.f.off(st.Pos()), s.f.off(rhs.Pos()), "_ = "})
			}
		default:
			return false
		}
	}
	for _, e := range edits {
		s.ed.add(g, e.start, e.end, e.text)
	}
	return true
}

// soleIn returns the if statement whose body st alone is, when the if has
// no init, no else, a pure condition and no comment: it does nothing
// once st goes.
func (s *simplifier) soleIn(st ast.Stmt) *ast.IfStmt {
	path := pathTo(s.f.ast, st) // st's ancestors, outermost first
	if len(path) < 2 {
		return nil
	}
	body, ok := path[len(path)-1].(*ast.BlockStmt)
	if !ok || len(body.List) != 1 || body.List[0] != st {
		return nil
	}
	ifs, ok := path[len(path)-2].(*ast.IfStmt)
	if !ok || ifs.Body != body || ifs.Init != nil || ifs.Else != nil || !s.pure(ifs.Cond) || s.commentsIn(ifs) {
		return nil
	}
	return ifs
}

// unusedVar reports whether e is the blank identifier or a variable
// declared there and never used.
func (s *simplifier) unusedVar(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	if id.Name == "_" {
		return true
	}
	if s.info == nil {
		return false
	}
	obj := s.info.Defs[id]
	if obj == nil {
		return false
	}
	for _, o := range s.info.Uses {
		if o == obj {
			return false
		}
	}
	return true
}

// vetUsedResults are the functions whose result go vet's unusedresult
// check wants used (its default -funcs): a call of one standing alone as a
// statement fails vet, builds or not. Some have effects (slices.Delete
// moves elements), so their call stays, as `_ = call`.
var vetUsedResults = map[string]bool{
	"context.WithCancel": true, "context.WithDeadline": true, "context.WithTimeout": true, "context.WithValue": true,
	"errors.New": true, "fmt.Append": true, "fmt.Appendf": true, "fmt.Appendln": true, "fmt.Errorf": true,
	"fmt.Sprint": true, "fmt.Sprintf": true, "fmt.Sprintln": true, "sort.Reverse": true,
	"maps.All": true, "maps.Clone": true, "maps.Collect": true, "maps.Equal": true, "maps.EqualFunc": true,
	"maps.Keys": true, "maps.Values": true,
}

// mustUse reports a call whose result go vet wants used: one of
// vetUsedResults, any function of package slices (vet lists nearly all of
// them), or a String or Error method (vet's -stringmethods).
func (s *simplifier) mustUse(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || s.info == nil {
		return s.info == nil // without types, `_ =` is always vet-clean
	}
	fn, _ := typeutil.Callee(s.info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	sig := fn.Signature()
	if sig.Recv() != nil {
		res := sig.Results()
		return (fn.Name() == "String" || fn.Name() == "Error") && sig.Params().Len() == 0 &&
			res.Len() == 1 && types.Identical(res.At(0).Type(), types.Typ[types.String])
	}
	return vetUsedResults[fn.Pkg().Path()+"."+fn.Name()] || fn.Pkg().Path() == "slices" && sig.Results().Len() > 0
}

func isCall(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.CallExpr)
	return ok
}

// otherNew reports whether a := declares a new variable besides id.
func (s *simplifier) otherNew(st *ast.AssignStmt, id *ast.Ident) bool {
	for _, l := range st.Lhs {
		if l == id {
			continue
		}
		lid, ok := l.(*ast.Ident)
		if !ok || lid.Name == "_" {
			continue
		}
		if s.info != nil && s.info.Defs[lid] != nil || s.info == nil && s.declares[s.f.off(lid.Pos())] {
			return true
		}
	}
	return false
}

// unusedImports deletes the imports the type checker reports unused,
// declaration by declaration, so that a block losing all its imports goes
// whole (not `import ()`) and one left with a single import is written
// without parentheses, as a person would.
func (s *simplifier) unusedImports(paths map[string]bool) {
	if len(paths) == 0 {
		return
	}
	for _, d := range s.f.ast.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		var gone []ast.Spec
		var left []ast.Spec
		for _, spec := range gd.Specs {
			p, err := strconv.Unquote(spec.(*ast.ImportSpec).Path.Value)
			if err == nil && paths[p] {
				gone = append(gone, spec)
			} else {
				left = append(left, spec)
			}
		}
		if len(gone) == 0 {
			continue
		}
		g := s.ed.newGroup()
		switch {
		case len(left) == 0:
			start, end := s.f.deleteRange(gd)
			s.ed.add(g, start, end, "")
		case len(left) == 1 && gd.Lparen.IsValid() && !s.commentsIn(gd):
			s.ed.add(g, s.f.off(gd.Pos()), s.f.off(gd.End()), "import "+s.f.text(left[0]))
		default:
			for _, spec := range gone {
				start, end := s.f.deleteRange(spec)
				s.ed.add(g, start, end, "")
			}
		}
	}
}

// tidyImports writes an import block the removal left with one import
// as `import "path"`, as a person would.
func (s *simplifier) tidyImports(gd *ast.GenDecl) {
	if len(gd.Specs) != 1 || !gd.Lparen.IsValid() || s.commentsIn(gd) || !s.hot_(gd) {
		return
	}
	s.ed.add(s.ed.newGroup(), s.f.off(gd.Pos()), s.f.off(gd.End()), "import "+s.f.text(gd.Specs[0]))
}

// emptyGroup deletes a var, const or type block the removal emptied
// over several rounds (`var ()`: an unused error went in one, the
// re-exported handle in another), unless a comment is left inside.
func (s *simplifier) emptyGroup(gd *ast.GenDecl) {
	if len(gd.Specs) != 0 || !gd.Lparen.IsValid() || s.commentsIn(gd) || !s.hot_(gd) {
		return
	}
	start, end := s.f.deleteRange(gd)
	s.ed.add(s.ed.newGroup(), start, end, "")
}

// tidyGroup writes a package-level var block the removal left with one
// declaration without its parentheses, its doc comment above it, as a
// person would (OpenTelemetry Go's maintainers wrote `var ( Exemplars =
// …; CardinalityLimit = … )` as `var CardinalityLimit = …` once
// Exemplars went). A const block stays: flag names are declared in one
// to be added to (Flux kept `const ( CacheSecretsAndConfigMaps = … )`
// when OptimizedGitClones went). A block with a doc comment of its own,
// or comments other than the declaration's, stays too: which comment
// says what is the author's call.
func (s *simplifier) tidyGroup(gd *ast.GenDecl) {
	if len(gd.Specs) != 1 || !gd.Lparen.IsValid() || gd.Doc != nil || !s.hot_(gd) {
		return
	}
	spec, ok := gd.Specs[0].(*ast.ValueSpec)
	if !ok {
		return
	}
	// The removal must have deleted a declaration of the block, beside
	// the one left: an edit inside it (an entry of the map it
	// declares, Temporal's test-cluster overrides) leaves a block that
	// always held one declaration as its author wrote it.
	first := ast.Node(spec)
	if spec.Doc != nil {
		first = spec.Doc
	}
	if !hotIn(s.hot, s.f.off(gd.Lparen), s.f.off(first.Pos())) && !hotIn(s.hot, s.f.off(spec.End()), s.f.off(gd.Rparen)) {
		return
	}
	for _, cg := range s.f.ast.Comments {
		if cg.Pos() > gd.Lparen && cg.End() < gd.Rparen && cg != spec.Doc && cg != spec.Comment {
			return
		}
	}
	f := s.f
	start, end := f.off(spec.Pos()), f.off(spec.End())
	if spec.Doc != nil {
		start = f.off(spec.Doc.Pos())
	}
	if spec.Comment != nil {
		end = f.off(spec.Comment.End())
	}
	// One level less indentation for every line after the first (the
	// first starts after the block's indentation already).
	dedent := func(b []byte) string {
		return strings.ReplaceAll(string(b), "\n\t", "\n")
	}
	at := f.off(spec.Pos())
	text := dedent(f.src[start:at]) + gd.Tok.String() + " " + dedent(f.src[at:end])
	if raw := strings.Contains(string(f.src[at:end]), "`"); raw {
		return // a raw string's lines are its value: not re-indented
	}
	s.ed.add(s.ed.newGroup(), f.off(gd.Pos()), f.off(gd.End()), text)
}

// commentsIn reports whether a node holds comments.
func (s *simplifier) commentsIn(n ast.Node) bool {
	for _, cg := range s.f.ast.Comments {
		if cg.Pos() >= n.Pos() && cg.End() <= n.End() {
			return true
		}
	}
	return false
}

// syntacticUnusedImports finds imports a file without type information
// no longer refers to: no selector names the package.
func (s *simplifier) syntacticUnusedImports() {
	used := make(map[string]bool)
	ast.Inspect(s.f.ast, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	unused := make(map[string]bool)
	for _, imp := range s.f.ast.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := importName(imp, p)
		if name == "_" || name == "." || used[name] {
			continue
		}
		unused[p] = true
	}
	s.unusedImports(unused)
}

// syntacticUnusedLocals does for a file read by syntax alone what the
// type checker's "declared and not used" does for the others: a local
// declared with := or var in a function the removal changed, that no
// identifier resolves to any more (a deleted table case was its last
// use), is deleted or becomes _ (unusedLocal). Names are resolved with
// go/parser's scoping of the file (ast.Object): exact for locals, and a
// composite literal's key that may be a field is counted as a use, so
// the error is only ever to keep a local, never to delete a used one.
// The original compiled in its build, so a local found unused is one the
// removal left so.
func (s *simplifier) syntacticUnusedLocals() {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, s.f.name, s.f.src, 0)
	if err != nil {
		return
	}
	tf := fset.File(f.FileStart)
	// The file has no types: go/parser's resolution is the scoping
	// there is, and what its deprecation warns of (T{K: 0}) errs toward
	// counting a use.
	//lint:ignore SA1019 see above
	uses := make(map[*ast.Object]int)
	ast.Inspect(f, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj != nil && id.Obj.Kind == ast.Var {
			if decl, ok := id.Obj.Decl.(ast.Node); !ok || !declaresAt(decl, id) {
				uses[id.Obj]++
			}
		}
		return true
	})
	s.declares = make(map[int]bool)
	var unused []int
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || !hotIn(s.hot, tf.Offset(fd.Pos()), tf.Offset(fd.End())) {
			continue
		}
		guards := make(map[ast.Stmt]bool) // switch v := x.(type): v is per clause
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			if ts, ok := n.(*ast.TypeSwitchStmt); ok {
				guards[ts.Assign] = true
			}
			return true
		})
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			var ids []*ast.Ident
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE && !guards[n] {
					for _, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							ids = append(ids, id)
						}
					}
				}
			case *ast.ValueSpec:
				ids = n.Names
			}
			for _, id := range ids {
				if id.Name == "_" || id.Obj == nil || id.Obj.Decl != n {
					continue // := assigning a variable declared before
				}
				s.declares[tf.Offset(id.Pos())] = true
				if uses[id.Obj] == 0 {
					unused = append(unused, tf.Offset(id.Pos()))
				}
			}
			return true
		})
	}
	for _, off := range unused {
		s.unusedLocal(s.f.tf.Pos(off))
	}
}

// declaresAt reports whether id is a name decl declares (not a use).
func declaresAt(decl ast.Node, id *ast.Ident) bool {
	switch d := decl.(type) {
	case *ast.AssignStmt:
		return slices.Contains(d.Lhs, ast.Expr(id))
	case *ast.ValueSpec:
		return slices.Contains(d.Names, id)
	case *ast.Field:
		return slices.Contains(d.Names, id)
	}
	return false
}

func importName(imp *ast.ImportSpec, path string) string {
	if imp.Name != nil {
		return imp.Name.Name
	}
	base := path[strings.LastIndex(path, "/")+1:]
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		rest := strings.TrimSuffix(path, "/"+base)
		base = rest[strings.LastIndex(rest, "/")+1:]
	}
	return strings.TrimPrefix(base, "go-")
}

// objKey names a package-level object (or method) across rounds, whose
// objects differ: "func f", "method (T).m", "type T", "const c", "var v".
func objKey(obj types.Object) string {
	switch obj := obj.(type) {
	case *types.Func:
		if recv := obj.Signature().Recv(); recv != nil {
			t := recv.Type()
			t = deref(t)
			if n, ok := t.(*types.Named); ok {
				return "method (" + n.Obj().Name() + ")." + obj.Name()
			}
			return ""
		}
		return "func " + obj.Name()
	case *types.TypeName:
		return "type " + obj.Name()
	case *types.Const:
		return "const " + obj.Name()
	case *types.Var:
		if obj.IsField() {
			return ""
		}
		return "var " + obj.Name()
	}
	return ""
}

// useCounts counts, for each package-level object and method declared in
// files, the uses outside its own declaration.
func useCounts(info *types.Info, files []*ast.File) map[string]int {
	counts := make(map[string]int)
	for _, f := range files {
		for _, d := range f.Decls {
			for _, obj := range declObjects(info, d) {
				if k := objKey(obj); k != "" {
					counts[k] += 0
				}
			}
		}
	}
	type ownUse struct{ k, test string }
	var own []ownUse
	eachOuterUse(info, files, func(obj types.Object, d ast.Decl, f *ast.File) {
		if k := objKey(obj); k != "" && obj.Pkg() != nil {
			if _, declared := counts[k]; !declared || ownMethod(info, obj, d) {
				return // a type's own methods do not keep it alive
			}
			counts[k]++
			// (A generated test is never deleted: it is no function's own.)
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && slices.Contains(ownTestKeys(fd.Name.Name), k) && !ast.IsGenerated(f) {
				own = append(own, ownUse{k, fd.Name.Name})
			}
		}
	})
	for _, u := range own {
		// A test something names (t.Run("x", TestFoo)) is no
		// function's own: it cannot go with it.
		if counts["func "+u.test] == 0 {
			counts[u.k+inOwnTests]++ // see ownTestKeys
		}
	}
	return counts
}

// inOwnTests suffixes an object's key in useCounts to count its uses in
// its own tests (see ownTestKeys).
const inOwnTests = " in its own tests"

// ownTestKeys returns the keys (see objKey) of the unexported functions
// and methods a test function is named for, by the convention of gotests
// and most Go code: TestFoo and Test_foo test foo, TestT_m and TestT_M
// test T's method m (Flux's TestHelmReleaseReconciler_adoptLegacyRelease).
// When the removal leaves a function's own tests its only users, the
// function and those tests go (see onlyOwnTests), as a maintainer deletes
// them.
func ownTestKeys(test string) []string {
	rest := ""
	for _, p := range []string{"Test", "Benchmark"} {
		if r, ok := strings.CutPrefix(test, p); ok && isTestName("Test"+r) {
			rest = strings.TrimPrefix(r, "_")
			break
		}
	}
	if rest == "" {
		return nil
	}
	out := []string{"func " + lowerFirst(rest)}
	if recv, m, ok := strings.Cut(rest, "_"); ok && recv != "" && m != "" {
		out = append(out, "method ("+recv+")."+m, "method ("+recv+")."+lowerFirst(m), "method ("+lowerFirst(recv)+")."+lowerFirst(m))
	}
	return out
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// eachOuterUse calls use for every object an identifier of files uses,
// except in the top-level declaration declaring that object: uses inside
// an object's own declaration (recursion) do not keep it alive.
func eachOuterUse(info *types.Info, files []*ast.File, use func(obj types.Object, in ast.Decl, file *ast.File)) {
	for _, f := range files {
		for _, d := range f.Decls {
			own := make(map[types.Object]bool)
			for _, obj := range declObjects(info, d) {
				own[obj] = true
			}
			ast.Inspect(d, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					if obj := info.Uses[id]; obj != nil && !own[obj] {
						use(obj, d, f)
					}
				}
				return true
			})
		}
	}
}

// declObjects returns the objects a top-level declaration declares.
func declObjects(info *types.Info, d ast.Decl) []types.Object {
	var out []types.Object
	switch d := d.(type) {
	case *ast.FuncDecl:
		if obj := info.Defs[d.Name]; obj != nil {
			out = append(out, obj)
		}
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch spec := spec.(type) {
			case *ast.ValueSpec:
				for _, id := range spec.Names {
					if obj := info.Defs[id]; obj != nil {
						out = append(out, obj)
					}
				}
			case *ast.TypeSpec:
				if obj := info.Defs[spec.Name]; obj != nil {
					out = append(out, obj)
				}
			}
		}
	}
	return out
}

// unusedDecls deletes top-level declarations of this file that were used
// before the removal and are not now: unexported ones, and the exported
// ones the caller vouches for (the flag's own key constants and handles,
// mentioned nowhere else in the module); and the tests named for a
// function or method that goes (see ownTestKeys), which were all that
// still used it.
func (s *simplifier) unusedDecls(before, now map[string]int, exportedOK func(name string) bool, ifaceMethods map[string]bool) {
	for _, d := range s.f.ast.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			obj := s.info.Defs[d.Name]
			if obj == nil {
				continue
			}
			if d.Recv == nil {
				if tested := s.testedGone(obj.Pkg(), d.Name.Name, before, now, exportedOK, ifaceMethods); tested != "" {
					start, end := s.f.deleteRange(d)
					s.ed.add(s.ed.newGroup(), start, end, "")
					if s.testDeleted != nil {
						s.testDeleted(d, tested)
					}
					continue
				}
			}
			if !s.funcGoes(obj, d.Recv != nil, before, now, exportedOK, ifaceMethods) {
				continue
			}
			start, end := s.f.deleteRange(d)
			s.ed.add(s.ed.newGroup(), start, end, "")
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			var dead []ast.Spec
			for _, spec := range d.Specs {
				if s.specUnused(spec, before, now, exportedOK) {
					dead = append(dead, spec)
				}
			}
			if len(dead) == 0 {
				continue
			}
			g := s.ed.newGroup()
			if len(dead) == len(d.Specs) {
				start, end := s.f.deleteRange(d)
				s.ed.add(g, start, end, "")
				continue
			}
			for _, spec := range dead {
				start, end := s.f.deleteRange(spec)
				s.ed.add(g, start, end, "")
			}
		}
	}
}

// funcGoes reports whether unusedDecls deletes a function or method.
func (s *simplifier) funcGoes(obj types.Object, method bool, before, now map[string]int, exportedOK func(string) bool, ifaceMethods map[string]bool) bool {
	k := objKey(obj)
	if method && s.recvGoes(obj, before, now, exportedOK) {
		return true // no value of its type is left to call it
	}
	if !becameUnused(before, now, k) && !onlyOwnTests(before, now, k) || !deletableName(obj.Name(), exportedOK) || obj.Name() == "init" || obj.Name() == "main" || s.otherPlatforms[obj.Name()] {
		return false
	}
	// A method may satisfy an interface: an unexported one only the
	// package's own, an exported one any package's.
	return !method || !ifaceMethods[obj.Name()] && !obj.Exported()
}

// testedGone returns the name of the function or method of pkg that
// test is named for (see ownTestKeys) when unusedDecls deletes it.
func (s *simplifier) testedGone(pkg *types.Package, test string, before, now map[string]int, exportedOK func(string) bool, ifaceMethods map[string]bool) string {
	if pkg == nil || now["func "+test] > 0 {
		return "" // named elsewhere, it stays (see useCounts)
	}
	for _, k := range ownTestKeys(test) {
		if !onlyOwnTests(before, now, k) {
			continue
		}
		var obj types.Object
		method := false
		if name, ok := strings.CutPrefix(k, "func "); ok {
			obj = pkg.Scope().Lookup(name)
		} else if rest, ok := strings.CutPrefix(k, "method ("); ok {
			recv, m, _ := strings.Cut(rest, ").")
			if tn, ok := pkg.Scope().Lookup(recv).(*types.TypeName); ok {
				obj, _, _ = types.LookupFieldOrMethod(tn.Type(), true, pkg, m)
				method = true
			}
		}
		if fn, ok := obj.(*types.Func); ok && objKey(fn) == k && s.funcGoes(fn, method, before, now, exportedOK, ifaceMethods) {
			if method {
				return strings.TrimPrefix(k, "method ")
			}
			return fn.Name()
		}
	}
	return ""
}

// recvGoes reports whether the type of method m's receiver goes (see
// specUnused): named by nothing but its own methods any more, it takes
// every one of them with it, exported or not.
func (s *simplifier) recvGoes(m types.Object, before, now map[string]int, exportedOK func(string) bool) bool {
	recv := m.(*types.Func).Signature().Recv()
	if recv == nil {
		return false
	}
	n, ok := deref(recv.Type()).(*types.Named)
	if !ok || n.Obj().Pkg() != m.Pkg() || n.TypeParams().Len() > 0 {
		return false
	}
	return s.typeGoes(n.Obj(), before, now, exportedOK)
}

// typeGoes reports whether unusedDecls deletes the type obj names.
func (s *simplifier) typeGoes(obj types.Object, before, now map[string]int, exportedOK func(string) bool) bool {
	return becameUnused(before, now, objKey(obj)) && deletableName(obj.Name(), exportedOK) && !s.otherPlatforms[obj.Name()]
}

func (s *simplifier) specUnused(spec ast.Spec, before, now map[string]int, exportedOK func(string) bool) bool {
	switch spec := spec.(type) {
	case *ast.TypeSpec:
		obj := s.info.Defs[spec.Name]
		return obj != nil && s.typeGoes(obj, before, now, exportedOK)
	case *ast.ValueSpec:
		for _, id := range spec.Names {
			obj := s.info.Defs[id]
			if obj == nil || id.Name == "_" || !becameUnused(before, now, objKey(obj)) || !deletableName(obj.Name(), exportedOK) || s.otherPlatforms[id.Name] {
				return false
			}
		}
		for _, v := range spec.Values {
			if !s.pure(v) {
				return false
			}
		}
		return len(spec.Names) > 0
	}
	return false
}

func becameUnused(before, now map[string]int, k string) bool {
	return k != "" && before[k] > 0 && now[k] == 0
}

// onlyOwnTests reports an object the removal left used by its own tests
// alone (see ownTestKeys), that something else used before: a function
// only its tests ever called is not the removal's to judge.
func onlyOwnTests(before, now map[string]int, k string) bool {
	own := k + inOwnTests
	return k != "" && before[k] > before[own] && now[own] > 0 && now[k] == now[own]
}

func deletableName(name string, exportedOK func(string) bool) bool {
	return !token.IsExported(name) || exportedOK != nil && exportedOK(name)
}

// interfaceMethods lists the method names declared by the package's
// interfaces, which an unused-looking method may be satisfying. Only the
// package's own interfaces count: unusedDecls deletes unexported methods
// alone, and an unexported method name is never the same as one declared
// in another package, so no interface of another package can require it.
// (Walking imports would also meet indirect dependencies that type checks
// in other goroutines are still filling in; see load.Program.readExport.)
func interfaceMethods(pkg *types.Package) map[string]bool {
	out := make(map[string]bool)
	for _, name := range pkg.Scope().Names() {
		if tn, ok := pkg.Scope().Lookup(name).(*types.TypeName); ok {
			if it, ok := tn.Type().Underlying().(*types.Interface); ok {
				for i := range it.NumMethods() {
					out[it.Method(i).Name()] = true
				}
			}
		}
	}
	return out
}

// fileIsEmpty reports whether a file has nothing left but its package
// clause, imports and comments (and no package documentation).
func fileIsEmpty(f *ast.File) bool {
	if f.Doc != nil {
		return false
	}
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		return false
	}
	return true
}

// paramUses counts, for each parameter of each unexported function or
// method, its uses in the function's body: "f#i" ("T.m#i", see funcKey).
func paramUses(info *types.Info, files []*ast.File) map[string]int {
	counts := make(map[string]int)
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || token.IsExported(fd.Name.Name) {
				continue
			}
			i := 0
			for _, field := range fd.Type.Params.List {
				names := field.Names
				if len(names) == 0 {
					i++
					continue
				}
				for _, n := range names {
					key := fmt.Sprintf("%s#%d", funcKey(fd), i)
					i++
					v := info.Defs[n]
					if v == nil {
						continue
					}
					counts[key] += 0
					ast.Inspect(fd.Body, func(x ast.Node) bool {
						if id, ok := x.(*ast.Ident); ok && info.Uses[id] == v {
							counts[key]++
						}
						return true
					})
				}
			}
		}
	}
	return counts
}

// unusedParams removes a parameter the removal left unused from an
// unexported function that is only ever called directly, with the argument
// of every call, when those arguments are pure. One parameter per
// function a round: the next round sees the next.
//
// Unexported methods qualify too, when no interface of the package
// declares their name: only such an interface could require their
// signature (an unexported name is its package's own), and their calls
// keep their receivers.
func (r *remover) unusedParams(files []*ast.File, info *types.Info, src map[string][]byte, before, now map[string]int, ed map[string]*editor) {
	sfs, funcs := r.paramFuncs(files, info, src, true)
	for _, pf := range funcs {
		sf, fd, fn, params, fields := pf.sf, pf.fd, pf.fn, pf.params, pf.fields
		if fd.Recv == nil && r.chooserCalls(info, pf, sfs, before, now, ed) {
			continue
		}
		for i, p := range params {
			key := fmt.Sprintf("%s#%d", funcKey(fd), i)
			if p.Name == "_" || before[key] == 0 || now[key] != 0 {
				continue
			}
			calls, ok := directCalls(info, fn, sfs)
			if !ok {
				break
			}
			for _, c := range calls {
				if i >= len(c.call.Args) || !pure.Expr(info, c.call.Args[i]) {
					ok = false
				}
			}
			if !ok {
				break
			}
			g := r.nextGroup + 1
			r.nextGroup++
			e := r.editorFor(ed, sf.name)
			r.deleteParam(ed, sf, e, g, fd, fields[i], p, i, calls)
			break
		}
	}
}

// emptiedHelpers deletes the statements that only call an unexported
// function without results whose body the removal emptied — a test helper
// that only forced the flag (Jaeger's enableStructuredFilters(t), called
// from three files), a logger of the removed branch —, in every file of
// the package: the calls do nothing any more, and the function, left
// unused, goes in the next round like any declaration the change stopped
// using. Only when every use of the function is such a call (a statement,
// deferred or started) with arguments whose evaluation has no effect.
// Any unexported function qualifies, its parameters named or not (unlike
// paramFuncs): its signature does not change.
func (r *remover) emptiedHelpers(files []*ast.File, info *types.Info, src map[string][]byte, ed map[string]*editor) {
	sfs := r.srcFiles(files, src)
	for _, sf := range sfs {
		for _, d := range sf.ast.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Body == nil || fd.Name.IsExported() || fd.Name.Name == "init" || fd.Name.Name == "main" ||
				fd.Type.Results != nil && len(fd.Type.Results.List) > 0 ||
				!hotIn(r.hot[sf.name], sf.off(fd.Body.Pos()), sf.off(fd.Body.End())) || !onlyReturns(fd.Body) {
				continue
			}
			if fn, _ := info.Defs[fd.Name].(*types.Func); fn != nil {
				r.dropEmptiedCalls(info, fn, sfs, ed)
			}
		}
	}
}

// dropEmptiedCalls deletes the statements calling fn, a function left
// without effect, when every use of it is such a statement whose
// arguments have no effect either.
func (r *remover) dropEmptiedCalls(info *types.Info, fn *types.Func, sfs []*srcFile, ed map[string]*editor) {
	calls, ok := directCalls(info, fn, sfs)
	if !ok || len(calls) == 0 {
		return
	}
	stmts := make([]ast.Stmt, len(calls))
	for i, c := range calls {
		stmts[i] = callStmt(c.sf.ast, c.call)
		ok = ok && stmts[i] != nil && !slices.ContainsFunc(c.call.Args, func(a ast.Expr) bool {
			return !pure.ExprWith(info, a, func(c *ast.CallExpr) bool { return r.pureGetter(info, c) })
		})
	}
	if !ok {
		return
	}
	for i, c := range calls {
		e := r.editorFor(ed, c.sf.name)
		start, end := c.sf.deleteRange(stmts[i])
		e.add(e.newGroup(), start, end, "")
	}
}

// onlyReturns reports a body with no statement but bare returns.
func onlyReturns(b *ast.BlockStmt) bool {
	for _, st := range b.List {
		if ret, ok := st.(*ast.ReturnStmt); !ok || len(ret.Results) > 0 {
			return false
		}
	}
	return true
}

// chooserCalls rewrites each call of pf to the argument it chooses, when
// pf is a chooser (see choosers.go) the removal produced: one of the
// parameters it does not return was used before and is not now.
func (r *remover) chooserCalls(info *types.Info, pf paramFunc, sfs []*srcFile, before, now map[string]int, ed map[string]*editor) bool {
	sig := pf.fn.Type().(*types.Signature)
	chosen := chooserIndex(info, sig, pf.fd.Body)
	if chosen < 0 {
		return false
	}
	reduced := false
	for i := range pf.params {
		key := fmt.Sprintf("%s#%d", pf.fd.Name.Name, i)
		reduced = reduced || i != chosen && before[key] > 0 && now[key] == 0
	}
	sites, ok := directCalls(info, pf.fn, sfs)
	if !reduced || !ok || len(sites) == 0 {
		return false
	}
	calls := make([]*ast.CallExpr, len(sites))
	for i, c := range sites {
		calls[i] = c.call
	}
	if !chosenArgs(info, sig, chosen, calls, func(e ast.Expr) bool {
		return pure.ExprWith(info, e, func(c *ast.CallExpr) bool { return r.pureGetter(info, c) })
	}) {
		return false
	}
	g := r.nextGroup + 1
	r.nextGroup++
	for _, c := range sites {
		r.editorFor(ed, c.sf.name).add(g, c.sf.off(c.call.Pos()), c.sf.off(c.call.End()), c.sf.text(c.call.Args[chosen]))
	}
	return true
}

// A paramFunc is an unexported, non-generic, non-variadic function of
// the package whose parameters are all named: one whose parameters a
// removal may take out of its signature and its calls.
type paramFunc struct {
	sf     *srcFile
	fd     *ast.FuncDecl
	fn     *types.Func
	params []*ast.Ident
	fields []*ast.Field // the field declaring each parameter
}

// paramFuncs returns the package's files as srcFiles, and its paramFuncs;
// with methods, the unexported methods whose signature no interface of
// the package may require too (see unusedParams).
func (r *remover) paramFuncs(files []*ast.File, info *types.Info, src map[string][]byte, methods bool) ([]*srcFile, []paramFunc) {
	sfs := r.srcFiles(files, src)
	var required map[string]bool
	if methods {
		required = interfaceMethodNames(files)
	}
	// A function the package's files for other platforms or build tags
	// name may be called there, where no call is rewritten: its
	// signature stays.
	var other map[string]bool
	if len(sfs) > 0 {
		if u := r.unitOf[sfs[0].name]; u != nil {
			other = r.otherPlatformNames(u)
		}
	}
	var out []paramFunc
	for _, sf := range sfs {
		for _, d := range sf.ast.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || token.IsExported(fd.Name.Name) || fd.Type.TypeParams != nil || other[fd.Name.Name] {
				continue
			}
			if fd.Recv != nil && (!methods || required[fd.Name.Name] || recvTypeName(fd) == "") {
				continue
			}
			fn, _ := info.Defs[fd.Name].(*types.Func)
			if fn == nil || fn.Signature().Variadic() {
				continue
			}
			pf := paramFunc{sf: sf, fd: fd, fn: fn}
			for _, field := range fd.Type.Params.List {
				for _, n := range field.Names {
					pf.params = append(pf.params, n)
					pf.fields = append(pf.fields, field)
				}
			}
			if len(pf.params) == fn.Signature().Params().Len() { // else unnamed
				out = append(out, pf)
			}
		}
	}
	return sfs, out
}

// funcKey names a function declaration in the keys of paramUses and
// constArgs: its name, or Type.name for a method.
func funcKey(fd *ast.FuncDecl) string {
	if fd.Recv == nil {
		return fd.Name.Name
	}
	return recvTypeName(fd) + "." + fd.Name.Name
}

// recvTypeName returns the name of a method's receiver type, "" for a
// generic one.
func recvTypeName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) != 1 {
		return ""
	}
	t := fd.Recv.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if id, ok := ast.Unparen(t).(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// interfaceMethodNames returns the names of the methods every interface
// type written in the files declares: a method of the package with one
// of those names may be required by it.
func interfaceMethodNames(files []*ast.File) map[string]bool {
	names := make(map[string]bool)
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if it, ok := n.(*ast.InterfaceType); ok {
				for _, m := range it.Methods.List {
					for _, id := range m.Names {
						names[id.Name] = true
					}
				}
			}
			return true
		})
	}
	return names
}

// srcFiles returns a package's files, as checked in this round, as
// srcFiles.
func (r *remover) srcFiles(files []*ast.File, src map[string][]byte) []*srcFile {
	sfs := make([]*srcFile, len(files))
	for k, f := range files {
		name := r.prog.Fset.Position(f.FileStart).Filename
		sfs[k] = newSrcFile(r.prog.Fset, name, src[name], f)
	}
	return sfs
}

// deleteParam deletes parameter p (the i-th, declared in field) from
// fd's signature and the i-th argument of each of its calls, in group g.
func (r *remover) deleteParam(ed map[string]*editor, sf *srcFile, e *editor, g int, fd *ast.FuncDecl, field *ast.Field, p *ast.Ident, i int, calls []callSite) {
	deleteFromSignature(sf, e, g, fd.Type.Params, field, p)
	for _, c := range calls {
		deleteElems(c.sf, r.editorFor(ed, c.sf.name), g, c.call.Args, func(k int) bool { return k == i })
	}
}

// deleteFromSignature deletes parameter p, declared in field, from the
// parameter list params: the field with its separator when p is its only
// name, else the name alone.
func deleteFromSignature(sf *srcFile, e *editor, g int, params *ast.FieldList, field *ast.Field, p *ast.Ident) {
	if len(field.Names) == 1 {
		list := make([]ast.Expr, len(params.List))
		for k, f := range params.List {
			list[k] = &ast.BadExpr{From: f.Pos(), To: f.End()}
		}
		deleteElems(sf, e, g, list, func(k int) bool { return params.List[k] == field })
		return
	}
	names := make([]ast.Expr, len(field.Names))
	for k, n := range field.Names {
		names[k] = n
	}
	deleteElems(sf, e, g, names, func(k int) bool { return field.Names[k] == p })
}

// A callSite is a direct call of a function, with its file.
type callSite struct {
	call *ast.CallExpr
	sf   *srcFile
}

// directCalls returns every call of fn in the package's files, and false
// if fn is used otherwise (as a value: its signature must stay).
func directCalls(info *types.Info, fn *types.Func, files []*srcFile) ([]callSite, bool) {
	var calls []callSite
	ok := true
	for _, sf := range files {
		callees := make(map[*ast.Ident]*ast.CallExpr)
		ast.Inspect(sf.ast, func(n ast.Node) bool {
			if c, isCall := n.(*ast.CallExpr); isCall {
				switch fun := ast.Unparen(c.Fun).(type) {
				case *ast.Ident:
					callees[fun] = c
				case *ast.SelectorExpr:
					// x.m(…), a method called on its receiver; a method
					// expression (T.m)(x, …) takes the receiver among
					// its arguments, and is no direct call.
					if sel := info.Selections[fun]; sel == nil || sel.Kind() == types.MethodVal {
						callees[fun.Sel] = c
					}
				}
			}
			return true
		})
		ast.Inspect(sf.ast, func(n ast.Node) bool {
			id, isID := n.(*ast.Ident)
			if !isID || info.Uses[id] != fn {
				return true
			}
			c, isCall := callees[id]
			if !isCall || c.Ellipsis.IsValid() {
				ok = false
				return false
			}
			calls = append(calls, callSite{c, sf})
			return true
		})
	}
	return calls, ok
}
