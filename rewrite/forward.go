package rewrite

import (
	"go/ast"
	"go/types"
)

// Forwarders. The flag often chose between two implementations behind
// one entry point:
//
//	func (s *executor) Run(cmd Command) error {
//		if flag { return s.runLegacy(cmd) }
//		return s.run(cmd)
//	}
//
// Once the flag is constant, Run only forwards to run, which nothing else
// calls: maintainers move run's body into Run and delete run (GitLab
// Runner's FF_SHELL_EXECUTOR_USE_LEGACY_PROCESS_KILL). flagsweep does
// the same when the move is verbatim: the removal reduced the
// forwarder's body to the one call (`return s.run(cmd)`, or the call as
// a statement when there are no results); the callee is an unexported
// function or method of the same file, not generic, called nowhere else,
// not recursive; the call passes the forwarder's parameters, in order,
// to parameters of the same names; and the two signatures — receiver,
// parameters, results — read alike, so every name in the body means what
// it meant. The callee's own doc comment goes with it.

// forwarder moves the body of the function fd only forwards to into fd.
func (s *simplifier) forwarder(fd *ast.FuncDecl) {
	if s.info == nil || fd.Body == nil || len(fd.Body.List) != 1 || !s.hot_(fd.Body) {
		return
	}
	var call *ast.CallExpr
	switch st := fd.Body.List[0].(type) {
	case *ast.ReturnStmt:
		if len(st.Results) == 1 {
			call, _ = st.Results[0].(*ast.CallExpr)
		}
	case *ast.ExprStmt:
		if fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
			call, _ = st.X.(*ast.CallExpr)
		}
	}
	if call == nil || call.Ellipsis.IsValid() {
		return
	}
	fn := callee(s.info, call)
	if fn == nil || fn.Exported() || fn.Pkg() == nil || fn.Pkg() != s.info.Defs[fd.Name].Pkg() {
		return
	}
	var target *ast.FuncDecl
	for _, d := range s.f.ast.Decls {
		if g, ok := d.(*ast.FuncDecl); ok && g != fd && s.info.Defs[g.Name] == fn {
			target = g
		}
	}
	if target == nil || target.Body == nil || target.Type.TypeParams != nil || fd.Type.TypeParams != nil {
		return
	}
	// The receiver: the forwarder's own, by the same name and type.
	if (fd.Recv == nil) != (target.Recv == nil) {
		return
	}
	if fd.Recv != nil {
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || len(fd.Recv.List) != 1 || len(fd.Recv.List[0].Names) != 1 ||
			identOf(sel.X) == nil || s.info.Uses[identOf(sel.X)] != s.info.Defs[fd.Recv.List[0].Names[0]] ||
			s.f.text(fd.Recv) != s.f.text(target.Recv) {
			return
		}
	}
	if s.f.text(fd.Type.Params) != s.f.text(target.Type.Params) || fieldsText(s.f, fd.Type.Results) != fieldsText(s.f, target.Type.Results) {
		return
	}
	// The arguments: the parameters, in order.
	var params []types.Object
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			params = append(params, s.info.Defs[n])
		}
	}
	if len(params) != len(call.Args) {
		return
	}
	for i, a := range call.Args {
		if id := identOf(a); id == nil || s.info.Uses[id] != params[i] || params[i] == nil {
			return
		}
	}
	// Called here only, and not by itself.
	uses := 0
	for _, obj := range s.info.Uses {
		if obj == fn {
			uses++
		}
	}
	if uses != 1 || s.otherPlatforms[fn.Name()] {
		return
	}
	g := s.ed.newGroup()
	s.ed.add(g, s.f.off(fd.Body.Pos()), s.f.off(fd.Body.End()), s.f.text(target.Body))
	start, end := s.f.deleteRange(target)
	s.ed.add(g, start, end, "")
}

// fieldsText returns a field list's text, "" for none.
func fieldsText(f *srcFile, l *ast.FieldList) string {
	if l == nil || len(l.List) == 0 {
		return ""
	}
	return f.text(l)
}
