package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/definitions"
	"github.com/flagsweep/flagsweep/definitions/godefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/scan"
	"golang.org/x/tools/go/types/typeutil"
)

// A stabilizing removal (Options.KeepDeclaration) rewrites the code as if
// the flag were constant, like any removal, but keeps its registration:
// registries whose convention is to announce a settled gate for a few
// releases before deleting it (the OpenTelemetry Collector's featuregate
// refuses to register a stable or deprecated gate without the version it
// goes in). The declaration's stage becomes the settled stage of the
// final value — the stage the configuration says is locked to that
// default (StageStable for on, StageDeprecated for off) —, the
// remove_with option is added when the declaration has none, and an
// unexported handle variable nothing reads any more becomes `_`, as
// linters would otherwise report it.

// stabilize rewrites the declaration of a handle (ref, a Declare) in
// place; it reports what it could not do as a refused site.
func (r *remover) stabilize(rf *refFile, e *editor, ref scan.Ref) {
	call := ref.Call
	src := r.stabilizeSource(rf, call)
	if src == nil {
		if regs, why := r.wrappedRegs(rf, call); why != "" {
			r.refuse(ref, why)
		} else if regs != nil {
			r.unwrap(rf, e, ref, regs)
		} else {
			r.refuse(ref, "--keep-declaration: no go_definitions constructor declares this flag, so flagsweep cannot tell its stages: change the declaration by hand")
		}
		return
	}
	g := e.newGroup()
	if !r.settle(rf, e, g, ref, call, src) {
		return
	}
	if isGeneratedGo(rf.sf.src) {
		// A generated registration keeps the generator's name, and
		// its source entry settles with it (settleGeneratedSources).
		if r.settledGenerated == nil {
			r.settledGenerated = make(map[string]string)
		}
		r.settledGenerated[ref.Flag] = settledStage(src, r.target(ref.Flag).Value)
	} else if !r.blankHandle(rf, e, ref) && stageless(src) {
		r.markDeprecated(rf, e, ref)
	}
	r.rewritten(ref)
}

// stageless reports whether a registry's declarations have no stage to
// settle (Temporal's settings: a name, a default and a description).
// Such a registry keeps a setting nobody reads any more so that
// configuration files naming it still parse: a stabilizing removal
// keeps the declaration, its default the final value, and marks it
// deprecated.
func stageless(d *config.GoDefinition) bool {
	_, ok := d.Args["stage"]
	return !ok && len(d.StageLocked) == 0
}

// settleDefault gives a stage-less declaration's default argument the
// final value, when it is a boolean constant saying otherwise: the
// setting is no longer read, and its declaration should not claim a
// behaviour the code no longer has (as a map of gates' entry, keepGate).
func (r *remover) settleDefault(rf *refFile, e *editor, g int, call *ast.CallExpr, src *config.GoDefinition, final bool) {
	i, ok := src.Args["default"]
	if !ok || i >= len(call.Args) {
		return
	}
	id, ok := ast.Unparen(call.Args[i]).(*ast.Ident)
	if !ok || (id.Name != "true" && id.Name != "false") || id.Name == strconv.FormatBool(final) {
		return
	}
	e.add(g, rf.sf.off(id.Pos()), rf.sf.off(id.End()), strconv.FormatBool(final))
}

// markDeprecated adds a "Deprecated:" paragraph to the doc comment of
// the variable a kept stage-less declaration initialises, unless it has
// one: Go's convention for an identifier kept only for compatibility,
// which linters (staticcheck's SA1019) turn into a warning at any new
// use, so the setting is not read again by mistake.
func (r *remover) markDeprecated(rf *refFile, e *editor, ref scan.Ref) {
	spec, ok := parentOf(rf.sf.ast, ref.Call).(*ast.ValueSpec)
	if !ok || len(spec.Names) != 1 || spec.Names[0].Name == "_" {
		return
	}
	gd, _ := parentOf(rf.sf.ast, spec).(*ast.GenDecl)
	doc := specDoc(gd, spec)
	if doc != nil && strings.Contains(doc.Text(), "Deprecated:") {
		return
	}
	line := fmt.Sprintf("// Deprecated: %s is no longer read: the code runs as if %s were %t.", spec.Names[0].Name, ref.Flag, r.target(ref.Flag).Value)
	src := rf.sf.src
	g := e.newGroup()
	if doc != nil {
		start := rf.sf.off(doc.Pos())
		indent := lineIndent(src, start)
		end := rf.sf.off(doc.End())
		e.add(g, end, end, "\n"+indent+"//\n"+indent+line)
		return
	}
	at := rf.sf.off(spec.Pos())
	if gd != nil && !gd.Lparen.IsValid() {
		at = rf.sf.off(gd.Pos())
	}
	indent := lineIndent(src, at)
	at -= len(indent)
	e.add(g, at, at, indent+line+"\n")
}

// specDoc returns the doc comment of spec, in gd (nil when unknown): its
// own, or for a lone spec without parentheses the declaration's.
func specDoc(gd *ast.GenDecl, spec *ast.ValueSpec) *ast.CommentGroup {
	if spec.Doc == nil && gd != nil && !gd.Lparen.IsValid() {
		return gd.Doc
	}
	return spec.Doc
}

// lineIndent returns the blanks before offset at on its line.
func lineIndent(src []byte, at int) string {
	start := at
	for start > 0 && (src[start-1] == ' ' || src[start-1] == '\t') {
		start--
	}
	return string(src[start:at])
}

// settle gives one registration the settled stage of the final value and
// the version it goes in, in edit group g. It reports what it cannot do as
// a refused site, drops g and returns false.
func (r *remover) settle(rf *refFile, e *editor, g int, ref scan.Ref, call *ast.CallExpr, src *config.GoDefinition) bool {
	final := r.target(ref.Flag).Value
	refuse := func(why string) bool {
		e.edits = dropGroup(e.edits, g)
		r.refuse(ref, why)
		return false
	}
	if stageless(src) {
		r.settleDefault(rf, e, g, call, src, final)
		return true
	}
	settled := settledStage(src, final)
	i, ok := src.Args["stage"]
	if settled == "" || !ok || i >= len(call.Args) {
		return refuse(fmt.Sprintf("--keep-declaration: the configuration names no stage locked %s (stages: {Name: {default: %t, locked: true}}): change the declaration by hand", onOff(final), final))
	}
	stageExpr := ast.Unparen(call.Args[i])
	var stageID *ast.Ident
	qualifier := ""
	switch x := stageExpr.(type) {
	case *ast.Ident:
		stageID = x
	case *ast.SelectorExpr:
		stageID = x.Sel
		if q, ok := x.X.(*ast.Ident); ok {
			qualifier = q.Name + "."
		}
	}
	if stageID == nil {
		return refuse(fmt.Sprintf("--keep-declaration: the stage %s is not a constant's name: change the declaration by hand", rf.sf.text(stageExpr)))
	}
	if stageID.Name != settled {
		e.add(g, rf.sf.off(stageID.Pos()), rf.sf.off(stageID.End()), settled)
	}
	// (rf.info is set: stabilizeSource found the constructor through it.)
	if opts := src.OptionsFor("remove_with"); len(opts) > 0 && !slices.ContainsFunc(opts, func(o config.FuncName) bool { return godefs.Option(rf.info, call, o) != nil }) {
		opt := declaredOption(rf.info, call, opts)
		if r.opts.RemoveWith == "" {
			return refuse(fmt.Sprintf("--keep-declaration: a settled gate needs the version it goes in (%s): give --remove-with VERSION", opt.Name))
		}
		// Beside the from-version, as the collector's maintainers
		// write it (WithRegisterFromVersion, then
		// WithRegisterToVersion), or else after the stage.
		after := call.Args[i]
		for _, m := range src.OptionsFor("milestone") {
			if c := godefs.Option(rf.info, call, m); c != nil {
				after = c
				break
			}
		}
		r.addArgument(rf, e, g, call, after, fmt.Sprintf("%s%s(%s)", qualifier, opt.Name, strconv.Quote(r.opts.RemoveWith)))
	}
	return true
}

// declaredOption returns the first of an option's names (OptionsFor)
// that the package of the constructor call declares, as the code builds
// against it: the featuregate of early 2023 has WithRegisterRemovalVersion
// and not yet WithRegisterToVersion. It returns the first name when the
// package cannot tell (another package's option, no types).
func declaredOption(info *types.Info, call *ast.CallExpr, opts []config.FuncName) config.FuncName {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil || fn.Pkg() == nil {
		return opts[0]
	}
	for _, o := range opts {
		if o.Pkg == fn.Pkg().Path() && o.Recv == "" && fn.Pkg().Scope().Lookup(o.Name) != nil {
			return o
		}
	}
	return opts[0]
}

// A wrappedReg is a registration a handle wraps, with the go definition
// declaring it.
type wrappedReg struct {
	call *ast.CallExpr
	src  *config.GoDefinition
}

// wrappedRegs returns the registrations a configured handle's
// constructor call wraps (its name argument and its aliases:, each a
// registration of a go_definitions constructor), when those are all its
// arguments. It returns nil when call is no such wrapper, and a reason
// to refuse when it is one flagsweep cannot unwrap.
func (r *remover) wrappedRegs(rf *refFile, call *ast.CallExpr) ([]wrappedReg, string) {
	if rf.info == nil {
		return nil, ""
	}
	fn, ok := typeutil.Callee(rf.info, call).(*types.Func)
	if !ok {
		return nil, ""
	}
	full := config.TrimTypeParams(fn.FullName())
	for _, h := range r.p.Config.AllHandles() {
		if !h.Constructor.Matches(full) || h.Name >= len(call.Args) {
			continue
		}
		var regs []wrappedReg
		for i, arg := range call.Args {
			if i != h.Name && !slices.Contains(h.Aliases, i) {
				return nil, fmt.Sprintf("--keep-declaration: %s wraps the registration with other arguments (%s): unwrap it by hand", fn.Name(), rf.sf.text(arg))
			}
			inner, ok := ast.Unparen(arg).(*ast.CallExpr)
			src := (*config.GoDefinition)(nil)
			if ok {
				src = r.stabilizeSource(rf, inner)
			}
			if src == nil {
				return nil, fmt.Sprintf("--keep-declaration: %s's argument %s is not a registration flagsweep knows the stages of: unwrap it by hand", fn.Name(), rf.sf.text(arg))
			}
			regs = append(regs, wrappedReg{inner, src})
		}
		return regs, ""
	}
	return nil, ""
}

// unwrap stabilizes a handle that wraps its registrations (Jaeger's
// renamed gate, var G = NewRenamedGate(reg.MustRegister("new", …),
// reg.MustRegister("old", …))): each registration stays, settled, as a
// blank variable of its own,
//
//	var (
//		_ = reg.MustRegister("new", StageStable, …)
//		_ = reg.MustRegister("old", StageStable, …)
//	)
//
// The wrapper goes: it served the gate's life (a rename, a lifecycle),
// and a settled gate has none — a wrapper may even refuse a settled
// stage (NewRenamedGate panics on one). The wrapped registrations are
// written one per line, as gofmt lays out a call with many; so are the
// variables of a group. If code left for a human still names the
// wrapper, the verification keeps it, and this whole edit with it.
func (r *remover) unwrap(rf *refFile, e *editor, ref scan.Ref, regs []wrappedReg) {
	call := ref.Call
	spec, ok := parentOf(rf.sf.ast, call).(*ast.ValueSpec)
	var gd *ast.GenDecl
	if ok {
		gd, _ = parentOf(rf.sf.ast, spec).(*ast.GenDecl)
	}
	if gd == nil || gd.Lparen.IsValid() || len(spec.Names) != 1 || len(spec.Values) != 1 || spec.Type != nil {
		r.refuse(ref, "--keep-declaration: the handle wrapping its registrations is declared in a var group: unwrap it by hand")
		return
	}
	fset := rf.sf.fset
	prevLine := fset.Position(call.Lparen).Line
	for _, reg := range regs {
		if fset.Position(reg.call.Pos()).Line == prevLine {
			r.refuse(ref, "--keep-declaration: the handle's registrations are not each on lines of their own: unwrap it by hand")
			return
		}
		prevLine = fset.Position(reg.call.End()).Line
	}
	g := e.newGroup()
	for _, reg := range regs {
		if !r.settle(rf, e, g, ref, reg.call, reg.src) {
			return
		}
	}
	src := rf.sf.src
	e.add(g, rf.sf.off(spec.Names[0].Pos()), rf.sf.off(call.Lparen)+1, "(")
	for _, reg := range regs {
		at := rf.sf.off(reg.call.Pos())
		e.add(g, at, at, "_ = ")
		end := rf.sf.off(reg.call.End())
		for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
			end++
		}
		if end < len(src) && src[end] == ',' {
			e.add(g, end, end+1, "")
		}
	}
	r.rewritten(ref)
}

// stabilizeSource returns the constructor go definition the call is
// declared by.
func (r *remover) stabilizeSource(rf *refFile, call *ast.CallExpr) *config.GoDefinition {
	var full string
	if rf.info != nil {
		if fn, ok := typeutil.Callee(rf.info, call).(*types.Func); ok {
			full = config.TrimTypeParams(fn.FullName())
		}
	}
	for _, d := range r.p.Config.AllGoDefinitions() {
		if d.Kind == "constructor" && full != "" && d.Constructor.Matches(full) {
			return &d
		}
	}
	return nil
}

// settledStage returns the stage the definition locks to value, if any.
func settledStage(d *config.GoDefinition, value bool) string {
	var names []string
	for name, locked := range d.StageLocked {
		if on, ok := d.StageDefaults[name]; locked && ok && on == value {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// addArgument adds an argument to a call after the argument after (the
// last one when nil), in the call's layout: on a line of its own,
// indented like after, when that is on its own line.
func (r *remover) addArgument(rf *refFile, e *editor, g int, call *ast.CallExpr, after ast.Expr, text string) {
	last := call.Args[len(call.Args)-1]
	if after != nil {
		last = after
	}
	src := rf.sf.src
	end := rf.sf.off(last.End())
	lastStart := rf.sf.off(last.Pos())
	lineStart := lastStart
	for lineStart > 0 && src[lineStart-1] != '\n' {
		lineStart--
	}
	indent := src[lineStart:lastStart]
	ownLine := true
	for _, c := range indent {
		if c != ' ' && c != '\t' {
			ownLine = false
		}
	}
	if !ownLine {
		e.add(g, end, end, ", "+text)
		return
	}
	if last != call.Args[len(call.Args)-1] {
		// Between two arguments: after the comma ending after.
		at := end
		for at < len(src) && src[at] != ',' {
			at++
		}
		e.add(g, at+1, at+1, "\n"+string(indent)+text+",")
		return
	}
	// After the trailing comma, if the call has one.
	at := end
	for at < len(src) && (src[at] == ' ' || src[at] == '\t') {
		at++
	}
	if at < len(src) && src[at] == ',' {
		e.add(g, at+1, at+1, "\n"+string(indent)+text+",")
		return
	}
	e.add(g, end, end, ",\n"+string(indent)+text)
}

// blankHandle renames an unexported handle variable to _ when the
// removal leaves no use of it: the registration stays for its effect.
// An exported one is the package's API and keeps its name, unless the
// package is internal: then every package that may import it lies in the
// repository, and the verification sees them all. Uses left for a human
// keep the name: the verification's keep-and-retry drops this edit group
// then, as for any declaration still used.
//
// It reports whether it renamed the variable.
func (r *remover) blankHandle(rf *refFile, e *editor, ref scan.Ref) bool {
	if rf.info == nil {
		return false
	}
	spec, ok := parentOf(rf.sf.ast, ref.Call).(*ast.ValueSpec)
	if !ok || len(spec.Names) != 1 || len(spec.Values) != 1 || ast.Unparen(spec.Values[0]) != ref.Call {
		return false
	}
	name := spec.Names[0]
	if name.Name == "_" || name.IsExported() && (ref.Pkg == nil || !internalPath(ref.Pkg.PkgPath)) {
		return false
	}
	if ref.Pkg != nil {
		for _, a := range r.handleAliases() {
			if a.handle == strings.TrimSuffix(ref.Pkg.PkgPath, "_test")+"."+name.Name {
				return false // re-exported (pipelines.AllowNoPipelines): still read
			}
		}
	}
	e.add(e.newGroup(), rf.sf.off(name.Pos()), rf.sf.off(name.End()), "_")
	return true
}

// stabilizedSpans returns the byte ranges of the declarations a
// stabilizing removal keeps in a file's current source: calls with a
// removed flag's key among their arguments, with the variable they
// initialise (and, for a variable's registration, the constant of its
// file giving it its key); entries of a map of gates and their key
// constants. The safety net does not count them as names left behind.
func (r *remover) stabilizedSpans(abs string, src []byte) [][2]int {
	if !r.opts.KeepDeclaration {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), abs, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	// A kept registration's doc comment stays with it (the "Deprecated:"
	// paragraph markDeprecated wrote names the flag too).
	docs := make(map[*ast.ValueSpec]*ast.CommentGroup)
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				if doc := specDoc(gd, vs); doc != nil {
					docs[vs] = doc
				}
			}
		}
	}
	keys := make(map[string]bool)
	gateConsts := make(map[string]bool) // key constants of kept gate entries
	for _, t := range r.opts.Targets {
		keys[strconv.Quote(t.Name)] = true
		for _, k := range r.keysOf(t.Name) {
			keys[strconv.Quote(k)] = true // a wrapped registration's other name
		}
		if f := r.p.Flag(t.Name); f != nil {
			for _, g := range f.Go {
				if g.Kind == "gate" && g.File == abs && g.KeyConst != "" {
					gateConsts[g.KeyConst] = true
				}
			}
		}
	}
	// Constants of this file holding a key (const LocalhostID =
	// "svc.localhost"): a kept registration naming one keeps it too.
	keyConsts := make(map[string]*ast.ValueSpec)
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.CONST {
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				if len(vs.Names) == 1 && len(vs.Values) == 1 {
					if lit, ok := vs.Values[0].(*ast.BasicLit); ok && lit.Kind == token.STRING && keys[lit.Value] {
						keyConsts[vs.Names[0].Name] = vs
					}
				}
			}
		}
	}
	aliases := make(map[string]bool) // this file's handle aliases
	for _, a := range r.handleAliases() {
		if r.prog.Fset.Position(a.v.Pos()).Filename == abs {
			aliases[a.v.Name()] = true
		}
	}
	var spans [][2]int
	base := int(f.FileStart)
	ast.Inspect(f, func(n ast.Node) bool {
		var call *ast.CallExpr
		node := n
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			// A kept entry of a map of gates (see keepGate).
			if id, ok := n.Key.(*ast.Ident); ok && gateConsts[id.Name] {
				spans = append(spans, [2]int{int(n.Pos()) - base, int(n.End()) - base})
				return false
			}
		case *ast.ValueSpec:
			if len(n.Names) == 1 && gateConsts[n.Names[0].Name] {
				spans = append(spans, [2]int{int(n.Pos()) - base, int(n.End()) - base})
				return false // its key constant
			}
			if len(n.Names) == 1 && aliases[n.Names[0].Name] {
				spans = append(spans, [2]int{int(n.Pos()) - base, int(n.End()) - base})
				return false // a handle alias, kept with the handle
			}
			if len(n.Values) == 1 {
				call, _ = ast.Unparen(n.Values[0]).(*ast.CallExpr)
			}
		case *ast.CallExpr:
			call = n
		}
		if call == nil {
			return true
		}
		start := node.Pos()
		if vs, ok := node.(*ast.ValueSpec); ok && docs[vs] != nil {
			start = docs[vs].Pos()
		}
		for _, a := range call.Args {
			if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING && keys[lit.Value] {
				spans = append(spans, [2]int{int(start) - base, int(node.End()) - base})
				return false
			}
			// Only a registration initialising a variable: a call merely
			// passing the constant (an override left for a human) is no
			// declaration, and the net must see it.
			if _, isSpec := node.(*ast.ValueSpec); !isSpec {
				continue
			}
			if id, ok := a.(*ast.Ident); ok && keyConsts[id.Name] != nil {
				spans = append(spans, [2]int{int(start) - base, int(node.End()) - base})
				vs := keyConsts[id.Name]
				spans = append(spans, [2]int{int(vs.Pos()) - base, int(vs.End()) - base})
				return false
			}
		}
		return true
	})
	return spans
}

// keepGate settles an entry of a map of gates (map[string]bool{X: true})
// that a stabilizing removal keeps: its value becomes the final one, the
// gate's default now that the code no longer reads it — Flux's convention
// for a gate it stops honouring (AdoptLegacyReleases: false, "ignored"
// from v1.5.0). The key constant stays with it.
func (r *remover) keepGate(ed map[string]*editor, name string, g *definitions.GoDecl) {
	src := r.current(g.File)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, g.File, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return
	}
	var kv *ast.KeyValueExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if x, ok := n.(*ast.KeyValueExpr); ok && kv == nil {
			if id, ok := x.Key.(*ast.Ident); ok && id.Name == g.KeyConst {
				kv = x
			}
		}
		return kv == nil
	})
	if kv == nil {
		return
	}
	final := strconv.FormatBool(r.target(name).Value)
	sf := newSrcFile(fset, g.File, src, f)
	if id, ok := ast.Unparen(kv.Value).(*ast.Ident); ok && id.Name == final {
		return
	}
	e := r.editorFor(ed, g.File)
	e.add(e.newGroup(), sf.off(kv.Value.Pos()), sf.off(kv.Value.End()), final)
	p := fset.Position(kv.Pos())
	r.out.Sites = append(r.out.Sites, Site{
		Flag: name, Pos: diag.Position{File: r.p.Rel(g.File), Line: p.Line, Column: p.Column},
		Kind: "declaration", Via: g.Kind, Status: "rewritten",
		Reason: "kept (--keep-declaration), its default now " + final + ", the value the code was settled to",
	})
}

// internalPath reports whether an import path has an internal element,
// so that only packages rooted at its parent may import it.
func internalPath(path string) bool {
	for _, el := range strings.Split(path, "/") {
		if el == "internal" {
			return true
		}
	}
	return false
}
