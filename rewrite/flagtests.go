package rewrite

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/scan"
)

// handleTests deletes the tests of the removed handles themselves: a test
// function of the handle's own package named for it (TestExemplars for
// Exemplars, or TestExemplars_key), which hands the handle around as a
// value (`assertEnabled(Exemplars)`, `Exemplars.Key()`), tests the flag's
// plumbing — its variable's name, its parsing — and nothing the removal
// keeps. A maintainer deletes it with the handle; flagsweep refused every
// use in it and so kept the handle alive. A test that also names another
// variable of the handle's type (a second feature) tests more than the
// flag and stays, its uses refused as before.
//
// It returns the references inside the deleted functions: they go with
// them.
func (r *remover) handleTests(ed map[string]*editor) map[*flagrefs.Ref]bool {
	gone := make(map[*flagrefs.Ref]bool)
	funcs := make(map[*ast.FuncDecl]bool)
	for _, ref := range r.refs {
		if ref.Kind != flagrefs.Use || ref.Handle == nil || r.keepFlags[ref.Flag] || !strings.HasSuffix(ref.Pos.File, "_test.go") {
			continue
		}
		rf := r.refFile(ref)
		if rf == nil || rf.info == nil {
			continue
		}
		fd := enclosingFunc(rf, ref.Node)
		if fd == nil || !funcs[fd] && !r.handleTest(rf, ref.Pkg.PkgPath, fd, ref.Handle) {
			continue
		}
		if !funcs[fd] {
			funcs[fd] = true
			e := r.editorFor(ed, rf.sf.name)
			start, end := rf.sf.deleteRange(fd)
			e.add(e.newGroup(), start, end, "")
			r.testDeleted(rf, ref.Flag, "test function "+fd.Name.Name, fd)
			r.out.Sites[len(r.out.Sites)-1].Reason = "it tests the removed flag's handle " + ref.Handle.Name()
		}
	}
	if len(funcs) == 0 {
		return nil
	}
	for _, ref := range r.refs {
		for fd := range funcs {
			if ref.File != nil && ref.File.Pos() <= fd.Pos() && fd.End() <= ref.File.End() &&
				fd.Pos() <= ref.Node.Pos() && ref.Node.End() <= fd.End() {
				gone[ref.Ref] = true
			}
		}
	}
	return gone
}

// defaultStateTests deletes the tests of a default the removal changes.
// A flag removed against its default (off, removed as on) changes what
// every test that left it alone ran with; a test named for the flag in
// its default state — TestSearchFilesOnFeatureFlagDisabled for
// FilesSearch, removed as on — tested the behaviour that is gone, and
// maintainers delete it with the flag (Mattermost did). The name must
// hold every word of the flag's name and end with the state removed
// (Disabled or Off for a flag removed as on; Enabled or On for one
// removed as off); the test must force nothing itself (an override is
// handled as one), and nothing may name it. Only test files naming the
// flag are read: a test of a default sits beside the tests forcing the
// other value.
func (r *remover) defaultStateTests(ed map[string]*editor) {
	states := map[bool][]string{true: {"disabled", "off"}, false: {"enabled", "on"}}
	files := make(map[*refFile]bool)
	var order []*refFile
	for _, ref := range r.refs {
		if !strings.HasSuffix(ref.Pos.File, "_test.go") {
			continue
		}
		if rf := r.refFile(ref); rf != nil && rf.info != nil && !files[rf] {
			files[rf] = true
			order = append(order, rf)
		}
	}
	near := r.testFilesNear(files)
	for _, t := range r.opts.Targets {
		f := r.p.Flag(t.Name)
		subject := words(t.Name)
		if f == nil || len(subject) == 0 {
			continue
		}
		// The checks fold even when the declaration stays for a
		// human (keepFlags): the cases of the ended state go.
		for _, rf := range append(order, near...) {
			r.stateCases(ed, rf, t)
		}
		if f.DefaultEnabled == t.Value || r.keepFlags[t.Name] {
			continue
		}
		for _, rf := range order {
			for _, d := range rf.sf.ast.Decls {
				fd, ok := d.(*ast.FuncDecl)
				if !ok || fd.Recv != nil || fd.Body == nil || !isTestName(fd.Name.Name) {
					continue
				}
				name := wordsOf(strings.TrimPrefix(fd.Name.Name, "Test"), true)
				if len(name) == 0 || !slices.Contains(states[t.Value], name[len(name)-1]) {
					continue
				}
				// The state must be the flag's: the name says so
				// (FeatureFlagDisabled) or spells the flag itself
				// (TestFilesSearchDisabled), not just its words
				// (TestMetricsDisabled, of a config option, for a
				// flag named Metrics); or a comment in the test
				// names the flag (TestNewBSPDisabled: "Do not set
				// OTEL_GO_X_OBSERVABILITY").
				named := containsAll(name, subject) &&
					(slices.ContainsFunc(name, func(w string) bool { return w == "feature" || w == "flag" || w == "gate" }) ||
						strings.Contains(compact(fd.Name.Name), compact(t.Name)))
				if !named && !commentNames(rf.sf.ast, fd, t.Name) {
					continue
				}
				if r.refsWithin(rf, fd) || usedElsewhere(rf.info, fd) {
					continue
				}
				e := r.editorFor(ed, rf.sf.name)
				start, end := rf.sf.deleteRange(fd)
				e.add(e.newGroup(), start, end, "")
				r.testDeleted(rf, t.Name, "test function "+fd.Name.Name, fd)
				r.out.Sites[len(r.out.Sites)-1].Reason = fmt.Sprintf("it tested the flag at its default (%s), which the removal changes", onOff(f.DefaultEnabled))
			}
		}
	}
}

// commentNames reports whether a comment inside fd's body names the
// flag: its name not continued by a letter or digit on either side, so
// that an environment variable holding it counts ("Do not set
// OTEL_GO_X_OBSERVABILITY" names OBSERVABILITY) and a longer name does
// not (OTEL_GO_X_OBSERVABILITYX).
func commentNames(f *ast.File, fd *ast.FuncDecl, flag string) bool {
	for _, cg := range f.Comments {
		if cg.Pos() < fd.Body.Lbrace || cg.End() > fd.Body.Rbrace {
			continue
		}
		text := cg.Text()
		for i := 0; ; {
			j := strings.Index(text[i:], flag)
			if j < 0 {
				break
			}
			start, end := i+j, i+j+len(flag)
			if (start == 0 || !isAlnum(text[start-1])) && (end == len(text) || !isAlnum(text[end])) {
				return true
			}
			i = start + 1
		}
	}
	return false
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// stateCases deletes the table cases named for the flag in the state the
// removal ends — "combined routes disabled" for CombinedRoutes removed as
// on — that force nothing themselves. Such a case got its state some way
// flagsweep does not follow (a map of gates it builds without the key,
// whose read is false; a default), tested what is gone, and would fail
// or test nothing now; Kong's maintainers delete it with the gate. The
// name must spell the flag's words in order, followed by the state (with
// only "feature", "gate", "flag", "is", "mode", "set" or "to" between —
// "setting disable-home-env-overwrite to false"): a case that
// merely holds the words ("routes disabled for combined services") is
// not about the flag. Unlike a test function of a default (above), the
// flag's default does not matter: a table's case says which state it
// runs in. A table whose every case would go is left alone.
func (r *remover) stateCases(ed map[string]*editor, rf *refFile, t Target) {
	var lists []*ast.CompositeLit
	ast.Inspect(rf.sf.ast, func(n ast.Node) bool {
		if lit, ok := n.(*ast.CompositeLit); ok && (isCaseList(rf.info, lit) || rf.info == nil && len(lit.Elts) > 0 && caseListSyntax(lit, lit.Elts[0])) {
			lists = append(lists, lit)
		}
		return true
	})
	for _, lit := range lists {
		var named []ast.Expr
		for _, el := range lit.Elts {
			if namesState(wordsOf(caseTitle(el), true), t.Name, !t.Value) && !r.refsWithin(rf, el) && !r.casesDone[el] {
				named = append(named, el)
			}
		}
		if len(named) == 0 || len(named) == len(lit.Elts) || r.tableRunner(rf, lit) == nil {
			continue
		}
		r.editorFor(ed, rf.sf.name) // the drops are applied through it
		r.dropFrom(lit, lit.Elts, named...)
		for _, el := range named {
			r.caseDeleted(rf, t.Name, el)
			r.out.Sites[len(r.out.Sites)-1].Reason = fmt.Sprintf("it tested the flag %s, a state the removal ends", onOff(!t.Value))
		}
	}
}

// testFilesNear returns the test files, not among have, of the
// directories whose code the removal rewrites: a table of a flag's states
// may force it through a form flagsweep was not told about (a ConfigMap's
// string keys), beside the code reading it. A file the scan type-checked
// comes with its types; one it did not need (it names no flag) is read
// by syntax, if this platform's build includes it — its edits are
// type-checked with the package's tests all the same.
func (r *remover) testFilesNear(have map[*refFile]bool) []*refFile {
	dirs := make(map[string]bool)
	for _, ref := range r.refs {
		if !ref.Syntactic && !strings.HasSuffix(ref.Pos.File, "_test.go") {
			dirs[filepath.Dir(r.prog.Fset.Position(ref.Node.Pos()).Filename)] = true
		}
	}
	if r.refFiles == nil {
		r.refFiles = make(map[string]*refFile)
	}
	seen := make(map[string]bool)
	for rf := range have {
		seen[rf.sf.name] = true
	}
	checked := make(map[string]*refFile)
	for _, p := range r.scan.Packages {
		if p.TypesInfo == nil {
			continue
		}
		for _, f := range p.Syntax {
			name := r.prog.Fset.Position(f.FileStart).Filename
			if strings.HasSuffix(name, "_test.go") && dirs[filepath.Dir(name)] && checked[name] == nil {
				src, ok := p.Src[name]
				if !ok {
					var err error
					if src, err = os.ReadFile(name); err != nil {
						continue
					}
				}
				checked[name] = &refFile{sf: newSrcFile(r.prog.Fset, name, src, f), info: p.TypesInfo}
			}
		}
	}
	var out []*refFile
	for _, dir := range slices.Sorted(maps.Keys(dirs)) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, de := range entries {
			name := filepath.Join(dir, de.Name())
			if de.IsDir() || !strings.HasSuffix(name, "_test.go") || seen[name] || r.deleted[name] {
				continue
			}
			rf := r.refFiles[name]
			if rf == nil {
				rf = checked[name]
			}
			if rf == nil {
				if ok, err := build.Default.MatchFile(dir, de.Name()); err != nil || !ok {
					continue
				}
				src, err := os.ReadFile(name)
				if err != nil {
					continue
				}
				f, err := parser.ParseFile(r.prog.Fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
				if err != nil || ast.IsGenerated(f) {
					continue
				}
				rf = &refFile{sf: newSrcFile(r.prog.Fset, name, src, f)}
			}
			if ast.IsGenerated(rf.sf.ast) {
				continue
			}
			r.refFiles[name] = rf
			if _, ok := r.orig[name]; !ok {
				r.orig[name] = rf.sf.src
			}
			out = append(out, rf)
		}
	}
	return out
}

// namesState reports whether a name's words spell the flag's words in
// order, then the state on (true) or off, with at most the words a flag
// is called by between. The state comes two ways:
//
//   - an adjective, "enabled" or "disabled", says what the flag's feature
//     is: "creds init disabled" is DisableCredsInit on, "combined routes
//     disabled" CombinedRoutes off;
//   - a value, "true", "false", "on" or "off", is the flag's own, so the
//     name must spell all of it: "disable-home-env-overwrite to false" is
//     DisableHomeEnvOverwrite off, "home env overwrite false" says nothing
//     of it. "on" and "off" count only at the end ("combined routes on
//     ingress" is no state).
//
// A polarity word before the flag's words must be the flag's own: for
// EnableX, "disable x false" is not read.
func namesState(name []string, flag string, on bool) bool {
	subject := words(flag)
	if len(subject) == 0 {
		return false
	}
	own := ""
	if all := wordsOf(flag, true); len(all) > 0 {
		own = polarityWords[all[0]]
	}
	for i := 0; i+len(subject) <= len(name); i++ {
		j, ok := spells(name, i, subject)
		if !ok {
			continue
		}
		pre := ""
		if i > 0 {
			pre = polarityWords[name[i-1]]
		}
		if pre != "" && pre != own {
			continue
		}
		for j < len(name) && stateBetween[name[j]] {
			j++
		}
		if j == len(name) {
			continue
		}
		w := name[j]
		if v, ok := stateAdjectives[w]; ok {
			if own == "disable" {
				v = !v // the feature disabled: the flag disabling it on
			}
			if v == on {
				return true
			}
			continue
		}
		if v, ok := stateValues[w]; ok && (w != "on" && w != "off" || j == len(name)-1) && pre == own && v == on {
			return true
		}
	}
	return false
}

// The words of namesState: polarity words (a flag named Enable… or
// Disable…), the feature's state, the flag's value, and the words a
// flag is called by between its name and its state.
var (
	polarityWords   = map[string]string{"enable": "enable", "enabled": "enable", "disable": "disable", "disabled": "disable"}
	stateAdjectives = map[string]bool{"disabled": false, "enabled": true}
	stateValues     = map[string]bool{"off": false, "false": false, "on": true, "true": true}
	stateBetween    = map[string]bool{"feature": true, "gate": true, "flag": true, "is": true, "mode": true, "set": true, "to": true}
)

// spells reports whether the name's words from i spell the flag's
// (non-generic) words, each the same or abbreviated by it, the generic
// words the flag's name leaves out allowed between them
// ("running-in-environment-with-injected-sidecars" for
// RunningInEnvWithInjectedSidecars); end is the index after the last.
func spells(name []string, i int, subject []string) (end int, ok bool) {
	k := i
	for n, w := range subject {
		for n > 0 && k < len(name) && !abbreviates(name[k], w) && (genericWords[name[k]] || len(name[k]) < 2) {
			k++
		}
		if k >= len(name) || !abbreviates(name[k], w) {
			return 0, false
		}
		k++
	}
	return k, true
}

// abbreviates reports whether a name's word n is the flag's word w or
// what a short w (three or four letters) abbreviates: the flag
// DisableWorkingDirOverwrite, the case "disable-working-directory-overwrite".
func abbreviates(n, w string) bool {
	return n == w || len(w) >= 3 && len(w) <= 4 && strings.HasPrefix(n, w)
}

// refsWithin reports whether a reference of the removal lies in n.
func (r *remover) refsWithin(rf *refFile, n ast.Node) bool {
	for _, ref := range r.refs {
		if ref.File == rf.sf.ast && n.Pos() <= ref.Node.Pos() && ref.Node.End() <= n.End() {
			return true
		}
	}
	return false
}

// usedElsewhere reports whether anything names the function fd declares.
func usedElsewhere(info *types.Info, fd *ast.FuncDecl) bool {
	obj := info.Defs[fd.Name]
	for _, o := range info.Uses {
		if o == obj {
			return true
		}
	}
	return false
}

// compact is a name in lower case without separators: fast_path and
// TestFastPath_Off both hold "fastpath".
func compact(s string) string {
	return strings.ToLower(strings.NewReplacer("_", "", "-", "", ".", "", "/", "").Replace(s))
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// handleTest reports whether fd is the test of handle h: a test function
// of h's package (internal or external test) named Test<h> or
// Test<h>_<anything>, naming no other package-level variable of h's type.
func (r *remover) handleTest(rf *refFile, pkgPath string, fd *ast.FuncDecl, h *types.Var) bool {
	name := fd.Name.Name
	want := "Test" + strings.ToUpper(h.Name()[:1]) + h.Name()[1:]
	if fd.Recv != nil || fd.Body == nil || name != want && !strings.HasPrefix(name, want+"_") {
		return false
	}
	if h.Pkg() == nil || strings.TrimSuffix(pkgPath, "_test") != h.Pkg().Path() {
		return false
	}
	other := false
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || other {
			return !other
		}
		v, ok := rf.info.Uses[id].(*types.Var)
		if ok && v != h && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() && types.Identical(v.Type(), h.Type()) {
			other = true
		}
		return true
	})
	return !other
}

// flagSubtest unwraps the subtest an override of the final value set up,
// when the subtest is named for the flag's state:
//
//	t.Run("OTEL_GO_X_EXEMPLAR=true", func(t *testing.T) {
//		t.Setenv("OTEL_GO_X_EXEMPLAR", "true")
//		…
//	})
//
// The override went; the name describes a state that no longer varies,
// and its sibling forcing the other value went too. The subtest's header
// becomes `if true {`, which the cascade splices into the test (or keeps
// as a block when names would collide), as maintainers do. Its body then
// runs on the test's t, so the subtest's function must take t under the
// name of the t it is run on, and do nothing scoped to a subtest: call
// t.Parallel, return, defer, or register cleanups, environment variables
// or skips on its t (each would reach past the subtest's end), unless it
// ends the function running it anyway.
func (r *remover) flagSubtest(rf *refFile, e *editor, g int, ref scan.Ref) {
	info := rf.info
	st := parentStmt(rf.sf.ast, ref.Node)
	if info == nil || st == nil {
		return
	}
	path := pathTo(rf.sf.ast, st)
	if len(path) < 4 {
		return
	}
	body, _ := path[len(path)-1].(*ast.BlockStmt)
	lit, _ := path[len(path)-2].(*ast.FuncLit)
	run, _ := path[len(path)-3].(*ast.CallExpr)
	es, _ := path[len(path)-4].(*ast.ExprStmt)
	if body == nil || lit == nil || run == nil || es == nil || !isSubtest(run) || run.Args[1] != lit || len(path) < 5 {
		return
	}
	name, ok := run.Args[0].(*ast.BasicLit)
	if !ok || !r.namesFlag([]byte(name.Value), ref) {
		return
	}
	recv, ok := run.Fun.(*ast.SelectorExpr).X.(*ast.Ident)
	params := lit.Type.Params.List
	if !ok || len(params) != 1 || len(params[0].Names) != 1 || params[0].Names[0].Name != recv.Name {
		return
	}
	outer, inner := info.Uses[recv], info.Defs[params[0].Names[0]]
	if outer == nil || inner == nil || !types.Identical(outer.Type(), inner.Type()) {
		return
	}
	if parallelCall(lit.Body, lit.Type.Params) != nil {
		return
	}
	if !endsFunc(path[len(path)-5], es) && scopedToSubtest(info, lit.Body, st, inner) {
		return
	}
	if collides(info, lit, path[len(path)-5]) {
		// Spliced, its locals would clash with the block's: a bare
		// block would do, but no maintainer writes one. It stays a
		// subtest.
		return
	}
	e.add(g, rf.sf.off(run.Pos()), rf.sf.off(lit.Body.Lbrace)+1, "if true {")
	e.add(g, rf.sf.off(lit.Body.Rbrace), rf.sf.off(run.End()), "}")
}

// namesFlag reports whether text names the flag of ref: its name, its
// handle's, or the text of the key it was forced by.
func (r *remover) namesFlag(text []byte, ref scan.Ref) bool {
	names := []string{ref.Flag}
	if ref.Handle != nil {
		names = append(names, ref.Handle.Name())
	}
	if k, ok := ast.Unparen(ref.Key).(*ast.BasicLit); ok {
		if s, err := strconv.Unquote(k.Value); err == nil {
			names = append(names, s)
		}
	}
	for _, n := range names {
		if n != "" && mentionsFlag(text, n) {
			return true
		}
	}
	return false
}

// endsFunc reports whether st is the last statement of block, a
// function's body.
func endsFunc(block ast.Node, st ast.Stmt) bool {
	b, ok := block.(*ast.BlockStmt)
	return ok && len(b.List) > 0 && b.List[len(b.List)-1] == st
}

// scopedToSubtest reports whether body, but for the override that goes, does something that ends with the
// subtest running it: a return or defer of its own (not of a function
// literal inside it), or a call on t that lasts until t's test ends
// (Cleanup, Setenv, Chdir, the skips).
func scopedToSubtest(info *types.Info, body *ast.BlockStmt, override ast.Stmt, t types.Object) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if n == ast.Node(override) {
			return false // it goes
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			// Its returns and defers are its own; its calls on t
			// are looked at below all the same.
			ast.Inspect(n.Body, func(m ast.Node) bool {
				if call, ok := m.(*ast.CallExpr); ok && tCall(info, call, t) {
					found = true
				}
				return !found
			})
			return false
		case *ast.ReturnStmt, *ast.DeferStmt:
			found = true
		case *ast.CallExpr:
			if tCall(info, n, t) {
				found = true
			}
		}
		return !found
	})
	return found
}

// tCall reports a call on t of a method whose effect lasts until t's
// test ends.
func tCall(info *types.Info, call *ast.CallExpr, t types.Object) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok || info.Uses[id] != t {
		return false
	}
	switch sel.Sel.Name {
	case "Cleanup", "Setenv", "Chdir", "Skip", "Skipf", "SkipNow", "Parallel", "Context":
		return true
	}
	return false
}

// collides reports whether a name the function literal declares at its
// top level (its parameters aside) is also written in block outside it.
func collides(info *types.Info, lit *ast.FuncLit, block ast.Node) bool {
	scope := info.Scopes[lit.Type]
	if scope == nil {
		return true
	}
	names := make(map[string]bool)
	for _, n := range scope.Names() {
		if obj := scope.Lookup(n); obj != nil && obj.Pos() > lit.Body.Lbrace {
			names[n] = true
		}
	}
	if len(names) == 0 {
		return false
	}
	found := false
	ast.Inspect(block, func(n ast.Node) bool {
		if n == ast.Node(lit) || found {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && names[id.Name] {
			found = true
		}
		return true
	})
	return found
}
