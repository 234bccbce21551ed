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
// Once the flag is constant, Run ends by forwarding to run, which nothing
// else calls: maintainers move run's body into Run and delete run (GitLab
// Runner's FF_SHELL_EXECUTOR_USE_LEGACY_PROCESS_KILL; Kong's
// ingressRulesFromHTTPRoute, which validates first). flagsweep does the
// same when the move is verbatim: the removal left the forwarder ending
// in the one call (`return s.run(cmd)`, or the call as a statement when
// there are no results); the callee is an unexported function or method
// of the same file, not generic, called nowhere else (so not recursive);
// the call passes the forwarder's own parameters, in any order, each to
// a parameter of the same name and type; the receivers and the results
// read alike; and nothing the forwarder declares before the call is a
// name the callee's body declares or uses — so every name in the body
// means what it meant. The callee's own doc comment goes with it.

// forwarder moves into fd the body of the function fd ends by forwarding
// to.
func (s *simplifier) forwarder(fd *ast.FuncDecl) {
	if s.info == nil || fd.Body == nil || len(fd.Body.List) == 0 || !s.hot_(fd.Body) {
		return
	}
	last := fd.Body.List[len(fd.Body.List)-1]
	var call *ast.CallExpr
	switch st := last.(type) {
	case *ast.ReturnStmt:
		if len(st.Results) == 1 {
			call, _ = st.Results[0].(*ast.CallExpr)
		}
	case *ast.ExprStmt:
		if fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
			call, _ = st.X.(*ast.CallExpr)
		}
	}
	if call == nil || call.Ellipsis.IsValid() || !hotIn(s.hot, s.f.lineStart(s.f.off(last.Pos())), s.f.off(last.End())) {
		return
	}
	fn := callee(s.info, call)
	self, _ := s.info.Defs[fd.Name].(*types.Func)
	if fn == nil || self == nil || fn == self || fn.Exported() || fn.Pkg() != self.Pkg() {
		return
	}
	var target *ast.FuncDecl
	for _, d := range s.f.ast.Decls {
		if g, ok := d.(*ast.FuncDecl); ok && s.info.Defs[g.Name] == fn {
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
	if fieldsText(s.f, fd.Type.Results) != fieldsText(s.f, target.Type.Results) {
		return
	}
	// The arguments: the forwarder's parameters, each passed to the
	// callee's parameter of the same name and type.
	var own []types.Object
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			own = append(own, s.info.Defs[n])
		}
	}
	var theirs []*types.Var
	for _, f := range target.Type.Params.List {
		for _, n := range f.Names {
			v, _ := s.info.Defs[n].(*types.Var)
			theirs = append(theirs, v)
		}
	}
	if len(theirs) != len(call.Args) || fn.Signature().Params().Len() != len(theirs) {
		return
	}
	for i, a := range call.Args {
		id := identOf(a)
		if id == nil || theirs[i] == nil {
			return
		}
		v, ok := s.info.Uses[id].(*types.Var)
		if !ok || v.Name() != theirs[i].Name() || !types.Identical(v.Type(), theirs[i].Type()) {
			return
		}
		found := false
		for _, o := range own {
			found = found || o == v
		}
		if !found {
			return
		}
	}
	// What the forwarder declares before the call must not meet the
	// callee's names.
	before := make(map[string]bool)
	scope := self.Scope()
	for _, st := range fd.Body.List[:len(fd.Body.List)-1] {
		ast.Inspect(st, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if obj := s.info.Defs[id]; obj != nil && obj.Parent() == scope {
					before[id.Name] = true
				}
			}
			return true
		})
	}
	clash := false
	ast.Inspect(target.Body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && before[id.Name] {
			clash = true
		}
		return !clash
	})
	if clash {
		return
	}
	// Called here only, and not by other platforms' files.
	uses := 0
	for _, obj := range s.info.Uses {
		if obj == fn {
			uses++
		}
	}
	if uses != 1 || s.otherPlatforms[fn.Name()] {
		return
	}
	// The whole body for a lone call; else the callee's statements, from
	// the line after its brace to the line of the closing one, replace
	// the call's lines.
	start, end, text := s.f.off(fd.Body.Pos()), s.f.off(fd.Body.End()), s.f.text(target.Body)
	if len(fd.Body.List) > 1 {
		from, to := s.f.lineEnd(s.f.off(target.Body.Lbrace)), s.f.lineStart(s.f.off(target.Body.Rbrace))
		if from > to {
			return // a body on one line: not moved
		}
		start, end, text = s.f.lineStart(s.f.off(last.Pos())), s.f.lineEnd(s.f.off(last.End())), string(s.f.src[from:to])
	}
	g := s.ed.newGroup()
	s.ed.add(g, start, end, text)
	start, end = s.f.deleteRange(target)
	s.ed.add(g, start, end, "")
}

// fieldsText returns a field list's text, "" for none.
func fieldsText(f *srcFile, l *ast.FieldList) string {
	if l == nil || len(l.List) == 0 {
		return ""
	}
	return f.text(l)
}
