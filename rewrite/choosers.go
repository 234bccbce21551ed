package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Choosers. Tests often pick between two expectations with a helper
// that asked the flag:
//
//	pick := func(enabled, disabled []string) []string {
//		if featureflag.X.IsEnabled(ctx) {
//			return enabled
//		}
//		return disabled
//	}
//	…
//	want: pick([]string{"a", "b"}, []string{"a"}),
//
// Once the flag is a constant the helper returns one of its parameters
// (`return enabled`): it is a value derived from the flag alone, and
// each call folds to the argument it chose. The helper, unused then,
// goes like any unused local or declaration.
//
// A chooser has two or more parameters, all of its result's type, and
// a body the removal reduced to returning one of them (a function of
// other parameters left returning one — render(ctx, title, width) left
// returning title — is still a function with a name a reader knows,
// whose unused parameters go instead: unusedParams). It is a local
// (`pick := func…`, `var pick = func…`; simplifier.choosers) or an
// unexported function of the package (remover.unusedParams), not
// variadic, not generic, and only ever called directly. A call is
// rewritten only when the other arguments are pure (dropping them drops
// no effect) and the chosen argument has exactly the result type (an
// untyped constant or a value of another type would change the
// expression's type); the calls of one chooser change together or not
// at all.
//
// The same holds for a function literal called where it is written, to
// compute a value the flag chose (`want: func() T { if on { return a };
// return b }()`): reduced to `return a`, the call becomes a, when a has
// exactly the literal's result type.

// chooserIndex returns the index of the parameter a chooser's body
// returns, or -1 when sig and body are not a chooser's (see above; the
// caller checks that the removal reduced the body).
func chooserIndex(info *types.Info, sig *types.Signature, body *ast.BlockStmt) int {
	if body == nil || len(body.List) != 1 || sig.Variadic() || sig.TypeParams() != nil || sig.Params().Len() < 2 || sig.Results().Len() != 1 {
		return -1
	}
	ret, ok := body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return -1
	}
	res, ok := ast.Unparen(ret.Results[0]).(*ast.Ident)
	if !ok {
		return -1
	}
	want := sig.Results().At(0).Type()
	chosen := -1
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		if !types.Identical(p.Type(), want) {
			return -1
		}
		if p == info.Uses[res] {
			chosen = i
		}
	}
	return chosen
}

// chosenArgs reports whether every call can become its argument chosen:
// all arguments passed, the chosen one of exactly the result type, the
// others pure.
func chosenArgs(info *types.Info, sig *types.Signature, chosen int, calls []*ast.CallExpr, pure func(ast.Expr) bool) bool {
	want := sig.Results().At(0).Type()
	for _, call := range calls {
		if call.Ellipsis.IsValid() || len(call.Args) != sig.Params().Len() {
			return false
		}
		tv, known := info.Types[call.Args[chosen]]
		if !known || !types.Identical(tv.Type, want) {
			return false
		}
		for i, a := range call.Args {
			if i != chosen && !pure(a) {
				return false
			}
		}
	}
	return true
}

// choosers rewrites the calls of the local choosers the removal
// produced, and the function literals it reduced to returning a value.
func (s *simplifier) choosers() {
	if s.info == nil {
		return
	}
	ast.Inspect(s.f.ast, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			s.calledLiteral(n)
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) == 1 && len(n.Rhs) == 1 {
				if id, ok := n.Lhs[0].(*ast.Ident); ok {
					if lit, ok := n.Rhs[0].(*ast.FuncLit); ok {
						s.localChooser(id, lit)
					}
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) == 1 && len(n.Values) == 1 {
				if lit, ok := n.Values[0].(*ast.FuncLit); ok {
					s.localChooser(n.Names[0], lit)
				}
			}
		}
		return true
	})
}

// localChooser rewrites the calls of the local named by decl, if its
// value lit is a chooser the removal produced.
func (s *simplifier) localChooser(decl *ast.Ident, lit *ast.FuncLit) {
	obj, _ := s.info.Defs[decl].(*types.Var)
	if obj == nil || obj.Parent() == obj.Pkg().Scope() || !s.hot_(lit.Body) {
		return // a package-level variable may be used by other files
	}
	sig, ok := obj.Type().Underlying().(*types.Signature)
	if !ok {
		return
	}
	chosen := chooserIndex(s.info, sig, lit.Body)
	if chosen < 0 {
		return
	}
	// Every use must be a direct call.
	var calls []*ast.CallExpr
	uses := 0
	ast.Inspect(s.f.ast, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if s.info.Uses[n] == obj {
				uses++
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && s.info.Uses[id] == obj {
				calls = append(calls, n)
			}
		}
		return true
	})
	if len(calls) == 0 || len(calls) != uses || !chosenArgs(s.info, sig, chosen, calls, s.pure) {
		return
	}
	g := s.ed.newGroup()
	for _, call := range calls {
		s.ed.add(g, s.f.off(call.Pos()), s.f.off(call.End()), s.f.text(call.Args[chosen]))
	}
}

// calledLiteral rewrites `func() T { return x }()` to x, when the removal
// reduced the literal's body to that return.
func (s *simplifier) calledLiteral(call *ast.CallExpr) {
	lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit)
	if !ok || len(call.Args) != 0 || len(lit.Body.List) != 1 || !s.hot_(lit.Body) {
		return
	}
	ret, ok := lit.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return
	}
	sig, ok := s.info.TypeOf(lit).(*types.Signature)
	if !ok || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return
	}
	tv, known := s.info.Types[ret.Results[0]]
	if !known || !types.Identical(tv.Type, sig.Results().At(0).Type()) {
		return
	}
	s.ed.add(s.ed.newGroup(), s.f.off(call.Pos()), s.f.off(call.End()), s.f.text(ret.Results[0]))
}
