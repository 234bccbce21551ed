package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/load"
)

// Dead exported API. The cascade deletes unexported declarations the
// removal left unused, package by package. An exported function, type,
// constant or variable cannot be judged from its package alone: another
// package may use it. But when the removal deleted its last use — the
// flag chose between a legacy implementation in a helper package and a
// new one, and the legacy one is now called by nothing but its own
// tests — leaving it is leaving dead code a maintainer deletes with the
// flag (GitLab Runner's ShellEscapeLegacy, its constants and its tests).
//
// An exported package-level object of the module is deleted when
//
//   - the removal made it unused in some package that used it (its use
//     count there went from some to none): a declaration nothing ever
//     used is not the removal's to judge;
//   - no Go file of the module names it any more (eachUse, the rule that
//     deletes key constants), except test functions (Test, Benchmark,
//     Fuzz, Example) of its own directory that name, of their package's
//     declarations, only such dead ones: they test the dead code alone,
//     and go with it, each named in the report;
//   - it is not declared in a generated file, it is not a method, and
//     deleting it cannot change another declaration (a constant of a
//     group using iota or implicit repetition stays);
//   - the configuration does not keep the module's exported API
//     (keep_unused_exported: a library others import).
//
// Its declarations for other platforms — the same name declared in a file
// of its package the build excludes here (apiTwin) — go with it: the
// go command shows one at a time, and eachUse has looked for uses of the
// name in the excluded files too.
//
// Soundness rests on the same checks as every deletion: eachUse reads
// every file that can name the object (lookedFor widens a narrowed
// listing to the whole module), and verification type-checks every
// package importing a changed one.

// apiObj is a package-level exported object of the module, by its
// declaring file and name: the key survives rounds, whose objects differ.
type apiObj struct {
	file, name string
}

// apiUses counts, in a unit's files, the uses of exported package-level
// objects declared in the module's Go files, outside the using
// declaration's own objects (recursion).
func (r *remover) apiUses(info *types.Info, files []*ast.File) map[apiObj]int {
	counts := make(map[apiObj]int)
	eachOuterUse(info, files, func(obj types.Object, d ast.Decl, _ *ast.File) {
		if !obj.Exported() || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
			return
		}
		if ownMethod(info, obj, d) {
			return // a type's own methods do not keep it alive
		}
		file := r.prog.Fset.Position(obj.Pos()).Filename
		if strings.HasPrefix(file, r.p.Root+string(filepath.Separator)) && !strings.HasSuffix(file, "_test.go") {
			counts[apiObj{file, obj.Name()}]++
		}
	})
	return counts
}

// apiBaseline records a unit's uses of the module's exported objects as
// the original code has them; the package must have been checked.
func (r *remover) apiBaseline(u *load.Package) {
	if _, ok := r.apiBase[u]; ok || u.TypesInfo == nil {
		return
	}
	r.apiBase[u] = r.apiUses(u.TypesInfo, u.Syntax)
}

// apiUnused adds to the candidates the exported objects a unit used
// before the removal and uses no more.
func (r *remover) apiUnused(u *load.Package, info *types.Info, files []*ast.File) {
	base, ok := r.apiBase[u]
	if !ok || r.p.Config.KeepUnusedExported {
		return
	}
	now := r.apiUses(info, files)
	for k, n := range base {
		// A function checking flags (a wrapper such as isEnabled(ctx,
		// key)) is the flag system's too.
		if n > 0 && now[k] == 0 && !r.flagLibrary(k.file) && !r.checkFuncs()[r.pkgPathOf(k.file)+"."+k.name] {
			r.deadAPI[k] = true
		}
	}
}

// deleteDeadAPI deletes the candidates nothing uses any more, with the
// test functions that test them alone (see the comment above). A
// candidate still used stays a candidate: a later round may delete its
// last use.
func (r *remover) deleteDeadAPI(ed map[string]*editor) {
	if len(r.deadAPI) == 0 || r.opts.KeepDeclaration || r.p.Config.KeepUnusedExported {
		return
	}
	r.gutted()
	cands := slices.SortedFunc(maps.Keys(r.deadAPI), func(a, b apiObj) int { return strings.Compare(a.file+"\x00"+a.name, b.file+"\x00"+b.name) })
	r.declsOf = make(map[string]map[string]bool) // the round's text
	dead := make(map[string]map[string]bool)     // dir → names
	for _, c := range cands {
		d := filepath.Dir(c.file)
		if dead[d] == nil {
			dead[d] = make(map[string]bool)
		}
		dead[d][c.name] = true
	}
	// Decide first, then edit: a declaration group whose every spec goes
	// goes whole, in one edit group with the tests of all of them.
	type parsed struct {
		fset *token.FileSet
		f    *ast.File
		src  []byte
	}
	files := make(map[string]*parsed)
	var groups []*apiGroup
	byGen := make(map[*ast.GenDecl]*apiGroup)
	for _, c := range cands {
		if r.deleted[c.file] {
			delete(r.deadAPI, c)
			continue
		}
		pf, ok := files[c.file]
		if !ok {
			src := r.current(c.file)
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, c.file, src, parser.ParseComments|parser.SkipObjectResolution)
			if err != nil || ast.IsGenerated(f) || r.isGenerated(r.p.Rel(c.file)) {
				f = nil
			}
			pf = &parsed{fset, f, src}
			files[c.file] = pf
		}
		if pf.f == nil {
			delete(r.deadAPI, c)
			continue
		}
		decl, gen := apiDecl(pf.f, c.name)
		if decl == nil {
			delete(r.deadAPI, c) // gone already, or not one we delete
			continue
		}
		tests := make(map[string][]string) // file → test functions
		var twins []apiTwin
		var methods []apiMethod
		if _, ok := decl.(*ast.TypeSpec); ok {
			methods = r.typeMethods(filepath.Dir(c.file), c.name)
		}
		ok = true
		r.eachUse(c.name, c.file, pf.fset, decl, func(file string, off int) bool {
			if tw, found := r.twinDecl(file, off, c); found {
				twins = append(twins, tw)
				return true
			}
			for _, m := range methods {
				if m.file == file && m.start <= off && off < m.end {
					return true // its own method: it goes with it
				}
			}
			name := r.deadTest(file, off, filepath.Dir(c.file), dead[filepath.Dir(c.file)])
			if name == "" {
				ok = false
				return false
			}
			if !slices.Contains(tests[file], name) {
				tests[file] = append(tests[file], name)
			}
			return true
		})
		if !ok || r.linkedUse(c.name) {
			continue
		}
		delete(r.deadAPI, c)
		r.apiFiles[c.file] = true
		for _, tw := range twins {
			r.apiFiles[tw.file] = true
			groups = append(groups, &apiGroup{file: tw.file, sf: tw.sf, decls: []ast.Node{tw.decl}, names: []string{c.name}})
		}
		var g *apiGroup
		if gen != nil {
			g = byGen[gen]
		}
		if g == nil {
			g = &apiGroup{file: c.file, sf: newSrcFile(pf.fset, c.file, pf.src, pf.f), gen: gen}
			groups = append(groups, g)
			if gen != nil {
				byGen[gen] = g
			}
		}
		g.add(c.name, decl, tests)
		// The type's methods go with it, in its edit group: no value
		// of the type is left to call them.
		for _, m := range methods {
			if m.file == c.file {
				g.methods = append(g.methods, m.decl)
				continue
			}
			r.apiFiles[m.file] = true
			groups = append(groups, &apiGroup{file: m.file, sf: m.sf, methods: []ast.Node{m.decl}, with: g})
		}
	}
	// Test functions that tested several dead declarations go once, in
	// the edit group of the first: the groups sharing one become one.
	claimed := make(map[string]int) // file\x00test → edit group
	for _, ag := range groups {
		e := r.editorFor(ed, ag.file)
		g := -1
		if ag.with != nil {
			g = ag.with.group
		}
		for file, fns := range ag.tests {
			for fn := range fns {
				if cg, ok := claimed[file+"\x00"+fn]; ok && g < 0 {
					g = cg
				}
			}
		}
		if g < 0 {
			g = e.newGroup()
		}
		ag.group = g
		for _, d := range ag.methods {
			start, end := ag.sf.deleteRange(d)
			e.add(g, start, end, "")
		}
		if len(ag.decls) == 0 {
			continue // another file's methods of a type
		}
		if ag.gen != nil && len(ag.decls) == len(ag.gen.Specs) {
			start, end := ag.sf.deleteRange(ag.gen)
			e.add(g, start, end, "")
		} else {
			for _, d := range ag.decls {
				start, end := ag.sf.deleteRange(d)
				e.add(g, start, end, "")
			}
		}
		for file, fns := range ag.tests {
			for fn := range fns {
				if _, ok := claimed[file+"\x00"+fn]; ok {
					delete(fns, fn)
					continue
				}
				claimed[file+"\x00"+fn] = g
			}
		}
		r.deleteTests(ed, g, ag)
		if u := r.unitOf[ag.file]; u != nil {
			r.ensureBaseline(u)
		}
	}
}

// An apiTwin is the declaration of a dead candidate's name in another
// file of its package that the build excludes: the same function for
// another platform (process_group_unix.go and process_group_windows.go).
// The go command never shows both at once, but a maintainer deleting
// one deletes the other; its own uses were looked for like the
// candidate's (eachUse reads excluded files too).
type apiTwin struct {
	file string
	sf   *srcFile
	decl ast.Node
}

// twinDecl returns the twin declared at off in file, if the name there is
// a declaration deleteDeadAPI may delete (apiDecl) in a non-test file of
// the candidate's directory that no loaded package compiles.
func (r *remover) twinDecl(file string, off int, c apiObj) (apiTwin, bool) {
	if off < 0 || file == c.file || filepath.Dir(file) != filepath.Dir(c.file) || strings.HasSuffix(file, "_test.go") || r.unitOf[file] != nil || !r.excluded(file) {
		return apiTwin{}, false
	}
	src := r.current(file)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil || ast.IsGenerated(f) || r.isGenerated(r.p.Rel(file)) {
		return apiTwin{}, false
	}
	decl, gen := apiDecl(f, c.name)
	if decl == nil || gen != nil && len(gen.Specs) > 1 {
		return apiTwin{}, false
	}
	var name *ast.Ident
	switch d := decl.(type) {
	case *ast.FuncDecl:
		name = d.Name
	case *ast.TypeSpec:
		name = d.Name
	case *ast.ValueSpec:
		name = d.Names[0]
	}
	if fset.File(f.FileStart).Offset(name.Pos()) != off {
		return apiTwin{}, false
	}
	if gen != nil {
		decl = gen // the group of one spec goes whole
	}
	return apiTwin{file, newSrcFile(fset, file, src, f), decl}, true
}

// excluded reports a Go file some package of the program lists as
// ignored: its build constraints exclude it here.
func (r *remover) excluded(file string) bool {
	r.ignoredFiles()
	return r.ignored[file]
}

// ignoredFiles returns the Go files the packages of the program list as
// ignored (excluded by build constraints here), each once, in the order
// the packages list them.
func (r *remover) ignoredFiles() []string {
	if r.ignored == nil {
		r.ignored = make(map[string]bool)
		for _, n := range r.prog.Packages {
			for _, f := range n.IgnoredFiles {
				if !r.ignored[f] && strings.HasSuffix(f, ".go") {
					r.ignored[f] = true
					r.ignoredList = append(r.ignoredList, f)
				}
			}
		}
	}
	return r.ignoredList
}

// An apiGroup is what deleteDeadAPI deletes in one edit group: a
// declaration, or the specs of one declaration group, with the test
// functions that tested them alone.
type apiGroup struct {
	file  string
	sf    *srcFile
	gen   *ast.GenDecl // the group the specs are in; nil for a function or a lone spec
	decls []ast.Node
	names []string
	tests map[string]map[string]string // file → test function → what it tested
	// methods are the methods of a type among decls declared in this
	// file, which go with it; a group of another file's methods alone
	// (no decls) goes in the edit group of the type's, with.
	methods []ast.Node
	with    *apiGroup
	group   int // the edit group, once given
}

// An apiMethod is a method of a dead type, found by typeMethods.
type apiMethod struct {
	file       string
	sf         *srcFile
	decl       *ast.FuncDecl
	start, end int // the declaration's offsets in the file
}

// typeMethods returns the methods declared for the type name in the
// non-test Go files of dir the build includes (an excluded file's twin
// methods would keep naming it, and eachUse then finds them a use).
func (r *remover) typeMethods(dir, name string) []apiMethod {
	var out []apiMethod
	entries, _ := os.ReadDir(dir)
	for _, en := range entries {
		file := filepath.Join(dir, en.Name())
		if en.IsDir() || !strings.HasSuffix(file, ".go") || strings.HasSuffix(file, "_test.go") || r.deleted[file] || r.unitOf[file] == nil {
			continue
		}
		src := r.current(file)
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, file, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil || ast.IsGenerated(f) || r.isGenerated(r.p.Rel(file)) {
			continue
		}
		var sf *srcFile
		tf := fset.File(f.FileStart)
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && recvTypeName(fd) == name {
				if sf == nil {
					sf = newSrcFile(fset, file, src, f)
				}
				out = append(out, apiMethod{file, sf, fd, tf.Offset(fd.Pos()), tf.Offset(fd.End())})
			}
		}
	}
	return out
}

// ownMethod reports whether d is a method of the type obj names: a use
// of a type in its own methods (a receiver, a conversion) does not keep
// it alive, since without another no value of it exists to call them.
func ownMethod(info *types.Info, obj types.Object, d ast.Decl) bool {
	fd, ok := d.(*ast.FuncDecl)
	if !ok || fd.Recv == nil {
		return false
	}
	if _, ok := obj.(*types.TypeName); !ok || recvTypeName(fd) != obj.Name() {
		return false
	}
	m := info.Defs[fd.Name]
	return m != nil && m.Pkg() == obj.Pkg()
}

func (g *apiGroup) add(name string, decl ast.Node, tests map[string][]string) {
	g.decls = append(g.decls, decl)
	g.names = append(g.names, name)
	if g.tests == nil {
		g.tests = make(map[string]map[string]string)
	}
	for file, fns := range tests {
		if g.tests[file] == nil {
			g.tests[file] = make(map[string]string)
		}
		for _, fn := range fns {
			if _, ok := g.tests[file][fn]; !ok {
				g.tests[file][fn] = name
			}
		}
	}
}

// deleteTests deletes an apiGroup's test functions in edit group g, each
// named in the report.
func (r *remover) deleteTests(ed map[string]*editor, g int, ag *apiGroup) {
	files := make([]string, 0, len(ag.tests))
	for file := range ag.tests {
		files = append(files, file)
	}
	sort.Strings(files)
	for _, file := range files {
		src := r.current(file)
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, file, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		sf := newSrcFile(fset, file, src, f)
		e := r.editorFor(ed, file)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			tested, ok := ag.tests[file][fd.Name.Name]
			if !ok {
				continue
			}
			start, end := sf.deleteRange(fd)
			e.add(g, start, end, "")
			p := fset.Position(fd.Pos())
			r.out.Sites = append(r.out.Sites, Site{
				Flag: r.onlyTarget(), Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column},
				Kind: "test-deleted", Via: "test function " + fd.Name.Name, Status: "rewritten",
				Reason: "it tested " + tested + " alone, which nothing uses now",
			})
		}
	}
}

// gutted makes candidates of the constants left in a file a dead-API
// deletion edited, when constants are all that is left: the file was an
// implementation the removal left unused (shell_escape_legacy.go and its
// character constants), and a constant nothing ever used does not make
// what is left of it worth keeping. Each still goes only if nothing
// names it. A function or type left is code someone may call from
// outside the module; it stays.
func (r *remover) gutted() {
	for file := range r.apiFiles {
		if r.deleted[file] || r.flagLibrary(file) {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), file, r.current(file), parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		var names []string
		all := true
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if ok && gd.Tok == token.IMPORT {
				continue
			}
			if !ok || gd.Tok != token.CONST {
				all = false
				break
			}
			for _, spec := range gd.Specs {
				for _, id := range spec.(*ast.ValueSpec).Names {
					all = all && id.IsExported()
					names = append(names, id.Name)
				}
			}
		}
		if !all {
			continue
		}
		for _, n := range names {
			r.deadAPI[apiObj{file, n}] = true
		}
	}
}

// apiDecl finds the top-level declaration of name that deleteDeadAPI may
// delete: a function, or a type, constant or variable declared alone in
// its spec, with the declaration group holding it (nil for a function).
// A constant of a group that uses iota or repeats an implicit value is
// not one: deleting it would change the others.
func apiDecl(f *ast.File, name string) (decl ast.Node, gen *ast.GenDecl) {
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == name && name != "main" && name != "init" {
				return d, nil
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch spec := spec.(type) {
				case *ast.TypeSpec:
					if spec.Name.Name != name {
						continue
					}
				case *ast.ValueSpec:
					if len(spec.Names) != 1 || spec.Names[0].Name != name {
						continue
					}
					if d.Tok == token.CONST && implicitConsts(d) {
						return nil, nil
					}
				default:
					continue
				}
				return spec, d
			}
		}
	}
	return nil, nil
}

// implicitConsts reports a constant group whose values depend on their
// place in it: iota, or a spec repeating the one before.
func implicitConsts(d *ast.GenDecl) bool {
	for _, spec := range d.Specs {
		vs := spec.(*ast.ValueSpec)
		if len(vs.Values) == 0 {
			return true
		}
		found := false
		for _, v := range vs.Values {
			ast.Inspect(v, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Name == "iota" {
					found = true
				}
				return !found
			})
		}
		if found {
			return true
		}
	}
	return false
}

// deadTest returns the name of the test function of dir (Test, Benchmark,
// Fuzz, Example) holding the use at off in file, when every declaration
// of its package that it names is among dead; "" otherwise.
func (r *remover) deadTest(file string, off int, dir string, dead map[string]bool) string {
	if off < 0 || filepath.Dir(file) != dir || !strings.HasSuffix(file, "_test.go") {
		return ""
	}
	src := r.current(file)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.SkipObjectResolution)
	if err != nil {
		return ""
	}
	tf := fset.File(f.FileStart)
	var fn *ast.FuncDecl
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && tf.Offset(fd.Pos()) <= off && off < tf.Offset(fd.End()) {
			fn = fd
		}
	}
	if fn == nil || fn.Recv != nil || fn.Body == nil || !isTestFunc(fn.Name.Name) {
		return ""
	}
	decls := r.pkgDecls(dir)
	// In the package's own test files its declarations are bare names;
	// in an external test package (x_test), pkg.Name.
	qual := ""
	if strings.HasSuffix(f.Name.Name, "_test") {
		qual = strings.TrimSuffix(f.Name.Name, "_test")
	}
	// Names that can be the package's declarations: pkg.Name in an
	// external test; in an internal one every identifier but a
	// selector's field or method (a local shadowing a declaration makes
	// the test look less dead, never more).
	sels := make(map[*ast.Ident]bool)
	var names []string
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			sels[n.Sel] = true
			if x, ok := n.X.(*ast.Ident); ok && qual != "" && x.Name == qual {
				names = append(names, n.Sel.Name)
			}
		case *ast.Ident:
			if qual == "" && !sels[n] {
				names = append(names, n.Name)
			}
		}
		return true
	})
	for _, name := range names {
		if decls[name] && !dead[name] {
			return ""
		}
	}
	return fn.Name.Name
}

// isTestFunc reports a name the go command runs as a test, benchmark,
// fuzz test or example.
func isTestFunc(name string) bool {
	if name == "TestMain" {
		return false
	}
	for _, p := range []string{"Test", "Benchmark", "Fuzz", "Example"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// isTestName reports the name of a test function as go test sees one:
// Test followed by nothing or by a character that is not a lower-case
// letter — and not TestMain, which runs the package's tests (Flux's
// runs them once per set of gates: deleting it for a gate map forcing
// the removed value deleted the whole suite's setup).
func isTestName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	if !ok || name == "TestMain" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !unicode.IsLower(r)
}

// isBenchmarkName reports a name go test runs as a benchmark.
func isBenchmarkName(name string) bool {
	rest, ok := strings.CutPrefix(name, "Benchmark")
	r, _ := utf8.DecodeRuneInString(rest)
	return ok && (rest == "" || !unicode.IsLower(r))
}

// pkgDecls returns the names a directory's non-test Go files declare at
// package level, as they are now.
func (r *remover) pkgDecls(dir string) map[string]bool {
	if out, ok := r.declsOf[dir]; ok {
		return out
	}
	out := make(map[string]bool)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || r.deleted[name] {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, r.current(name), parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					out[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch spec := spec.(type) {
					case *ast.TypeSpec:
						out[spec.Name.Name] = true
					case *ast.ValueSpec:
						for _, id := range spec.Names {
							out[id.Name] = true
						}
					}
				}
			}
		}
	}
	r.declsOf[dir] = out
	return out
}

// ensureBaseline records what the cascade compares against for a unit
// the removal reaches only through what it deleted (the package of a
// dead exported function): its own declarations' uses in the original
// code.
func (r *remover) ensureBaseline(u *load.Package) {
	if _, ok := r.baseline[u]; ok {
		return
	}
	if err := r.prog.Check(u); err != nil || len(u.TypeErrors) > 0 {
		return
	}
	r.setBaseline(u)
}

// setBaseline records a checked unit's baselines.
func (r *remover) setBaseline(u *load.Package) {
	r.baseline[u] = useCounts(u.TypesInfo, u.Syntax)
	r.paramBaseline[u] = paramUses(u.TypesInfo, u.Syntax)
	r.constArgBaseline[u] = constArgs(u.TypesInfo, u.Syntax)
	r.caseFieldBaseline[u] = caseFieldReads(u.TypesInfo, u.Syntax)
	r.apiBaseline(u)
}

// vendored reports a directory holding a copy of another project's code.
func vendored(rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if part == "third_party" || part == "vendor" {
			return true
		}
	}
	return false
}

// flagLibrary reports whether a file is in a package of the flag system
// (see config.FlagPackage): the accessors, overrides and registries a
// removal stops using serve the flags to come.
func (r *remover) flagLibrary(file string) bool {
	dir := filepath.Dir(file)
	if v, ok := r.flagLib[dir]; ok {
		return v
	}
	rel := r.p.Rel(dir)
	// A copy of another project's code (third_party/, vendor/) is not
	// the module's to prune either.
	v := r.p.Config.FlagPackage(r.pkgPathOf(file), rel) || vendored(rel)
	r.flagLib[dir] = v
	return v
}

// pkgPathOf returns the import path of the package of a module file.
func (r *remover) pkgPathOf(file string) string {
	if u := r.unitOf[file]; u != nil {
		return strings.TrimSuffix(u.PkgPath, "_test")
	}
	if r.scan.Tree != nil {
		return r.scan.Tree.ImportPath(r.p.Rel(filepath.Dir(file)))
	}
	return ""
}

// linkedUse reports whether a module nested in the project that builds
// against this one's code (load.LinkedModules) has a Go file containing
// name as a word: its packages are no pattern's, and verification does
// not reach them, so what they may name stays.
func (r *remover) linkedUse(name string) bool {
	return len(r.linkedFiles(name)) > 0
}

// linkedFiles returns the Go files of the linked modules (see linkedUse)
// that contain name as a word, sorted. A word is no use yet: the caller
// that confirms one records the module (linkedNaming) — OpenTelemetry
// Go's exporter modules say x.Observability of their own x package.
func (r *remover) linkedFiles(name string) []string {
	if r.linkedSrc == nil {
		r.linkedDirs, r.linkedSrc = load.LinkedSources(r.p.Root)
		for f, src := range r.opts.linkedNew {
			if _, ok := r.linkedSrc[f]; !ok {
				continue
			}
			if src == nil { // the linked removal deleted it
				delete(r.linkedSrc, f)
			} else {
				r.linkedSrc[f] = src
			}
		}
	}
	var out []string
	for f, src := range r.linkedSrc {
		if containsWord(src, name) {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}

// linkedNaming records the linked module of file, which names what the
// removal would delete: a removal there may rewrite that use (see
// removeLinked).
func (r *remover) linkedNaming(file string) {
	best := ""
	for _, d := range r.linkedDirs {
		if strings.HasPrefix(file, d+string(filepath.Separator)) && len(d) > len(best) {
			best = d
		}
	}
	if best == "" {
		return
	}
	if r.out.linked == nil {
		r.out.linked = make(map[string]bool)
	}
	r.out.linked[best] = true
}
