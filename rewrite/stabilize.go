package rewrite

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strconv"

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
		r.refuse(ref, "--keep-declaration: no go_definitions constructor declares this flag, so flagsweep cannot tell its stages: change the declaration by hand")
		return
	}
	final := r.target(ref.Flag).Value
	settled := settledStage(src, final)
	i, ok := src.Args["stage"]
	if settled == "" || !ok || i >= len(call.Args) {
		r.refuse(ref, fmt.Sprintf("--keep-declaration: the configuration names no stage locked %s (stages: {Name: {default: %t, locked: true}}): change the declaration by hand", onOff(final), final))
		return
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
		r.refuse(ref, fmt.Sprintf("--keep-declaration: the stage %s is not a constant's name: change the declaration by hand", rf.sf.text(stageExpr)))
		return
	}
	g := e.newGroup()
	if stageID.Name != settled {
		e.add(g, rf.sf.off(stageID.Pos()), rf.sf.off(stageID.End()), settled)
	}
	// (rf.info is set: stabilizeSource found the constructor through it.)
	if opt, ok := src.Options["remove_with"]; ok && godefs.Option(rf.info, call, opt) == nil {
		if r.opts.RemoveWith == "" {
			e.edits = dropGroup(e.edits, g)
			r.refuse(ref, fmt.Sprintf("--keep-declaration: a settled gate needs the version it goes in (%s): give --remove-with VERSION", opt.Name))
			return
		}
		r.addArgument(rf, e, g, call, fmt.Sprintf("%s%s(%s)", qualifier, opt.Name, strconv.Quote(r.opts.RemoveWith)))
	}
	r.blankHandle(rf, e, ref)
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

// addArgument appends an argument to a call, in its layout: on a line of
// its own, indented like the last argument, when that is on its own line.
func (r *remover) addArgument(rf *refFile, e *editor, g int, call *ast.CallExpr, text string) {
	last := call.Args[len(call.Args)-1]
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
// (An exported one is the package's API and keeps its name.) Uses left
// for a human keep the name: the verification's keep-and-retry drops this
// edit group then, as for any declaration still used.
func (r *remover) blankHandle(rf *refFile, e *editor, ref scan.Ref) {
	if rf.info == nil {
		return
	}
	spec, ok := parentOf(rf.sf.ast, ref.Call).(*ast.ValueSpec)
	if !ok || len(spec.Names) != 1 || len(spec.Values) != 1 || ast.Unparen(spec.Values[0]) != ref.Call {
		return
	}
	name := spec.Names[0]
	if name.Name == "_" || name.IsExported() {
		return
	}
	e.add(e.newGroup(), rf.sf.off(name.Pos()), rf.sf.off(name.End()), "_")
}

// stabilizedSpans returns the byte ranges of the declarations a
// stabilizing removal keeps in a file's current source: calls with a
// removed flag's key among their arguments, with the variable they
// initialise; entries of a map of gates and their key constants. The
// safety net does not count them as names left behind.
func (r *remover) stabilizedSpans(abs string, src []byte) [][2]int {
	if !r.opts.KeepDeclaration {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), abs, src, parser.SkipObjectResolution)
	if err != nil {
		return nil
	}
	keys := make(map[string]bool)
	gateConsts := make(map[string]bool) // key constants of kept gate entries
	for _, t := range r.opts.Targets {
		keys[strconv.Quote(t.Name)] = true
		if f := r.p.Flag(t.Name); f != nil {
			for _, g := range f.Go {
				if g.Kind == "gate" && g.File == abs && g.KeyConst != "" {
					gateConsts[g.KeyConst] = true
				}
			}
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
			if len(n.Values) == 1 {
				call, _ = ast.Unparen(n.Values[0]).(*ast.CallExpr)
			}
		case *ast.CallExpr:
			call = n
		}
		if call == nil {
			return true
		}
		for _, a := range call.Args {
			if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING && keys[lit.Value] {
				spans = append(spans, [2]int{int(node.Pos()) - base, int(node.End()) - base})
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
