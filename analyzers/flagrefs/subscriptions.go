package flagrefs

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// A settings library may hand a flag's value out as a subscription
// rather than a property: a function taking a callback and returning the
// value now and a function cancelling the subscription (Temporal's
// dynamicconfig.TypedSubscribable[bool], what X.Subscribe(c) returns):
//
//	cfg.refresh = settings.EnableRefresh.Subscribe(c) // the binding
//	initial, cancel := cfg.refresh(r.setEnabled)      // a read
//
// It is configured like a property (properties: [Get, Subscribe]); its
// type tells them apart. The field given one holds the flag like a
// property's, and a call of it is a check of its first result. With the
// flag constant the callback is never called and cancelling does nothing,
// which is what the removal writes (see the rewrite's subscription).
// A test's literal returning a constant and a no-op cancel
// (func(func(bool)) (bool, func()) { return true, func() {} }) fixes it.

// IsSubscription reports whether t is a subscription to a flag: a
// function whose last parameter is a callback func(bool) and whose
// results are the value now (a bool) and a cancel func(). Parameters
// before the callback (a namespace, a task queue) filter the setting.
func IsSubscription(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Params().Len() == 0 || sig.Results().Len() != 2 {
		return false
	}
	cb, ok := sig.Params().At(sig.Params().Len() - 1).Type().Underlying().(*types.Signature)
	if !ok || cb.Params().Len() != 1 || cb.Results().Len() != 0 || !isBool(cb.Params().At(0).Type()) {
		return false
	}
	return isBool(sig.Results().At(0).Type()) && IsNoopType(sig.Results().At(1).Type())
}

// IsNoopType reports whether t is func(): what a cancel is.
func IsNoopType(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	return ok && sig.Params().Len() == 0 && sig.Results().Len() == 0
}

// IsNoop reports whether e is a function literal doing nothing
// (func() {}): a cancel with nothing to cancel.
func IsNoop(e ast.Expr) bool {
	fl, ok := ast.Unparen(e).(*ast.FuncLit)
	return ok && fl.Type.Params.NumFields() == 0 && fl.Type.Results.NumFields() == 0 && len(fl.Body.List) == 0
}

// fixedSubscription returns the constant a subscription literal gives
// (func(func(bool)) (bool, func()) { return true, func() {} }). A test's literal may do more
// before its return, most often keep the callback to flip the value
// later: an override of its first value all the same, which the removal
// deletes with its test when that value is the removed one, and leaves
// for a human otherwise (see DoesMore).
func (f *finder) fixedSubscription(e ast.Expr) ast.Expr {
	fl, ok := ast.Unparen(e).(*ast.FuncLit)
	if !ok || len(fl.Body.List) == 0 || !IsSubscription(f.pass.TypesInfo.TypeOf(fl)) {
		return nil
	}
	ret, ok := fl.Body.List[len(fl.Body.List)-1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 2 || !IsNoop(ret.Results[1]) {
		return nil
	}
	tv, ok := f.pass.TypesInfo.Types[ret.Results[0]]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return nil
	}
	if len(fl.Body.List) > 1 && !f.inTestFile(fl.Pos()) {
		return nil
	}
	return ret.Results[0]
}

// DoesMore reports whether value, a test's subscription literal, does
// more than return its constant (it keeps the callback, say): deleting
// it leaves what it set up unset.
func DoesMore(value ast.Expr) bool {
	fl, ok := ast.Unparen(value).(*ast.FuncLit)
	return ok && len(fl.Body.List) > 1
}

// subscriptionRead returns the subscription call of a function literal
// reading a subscription's value now and nothing else:
//
//	func() bool { v, _ := cfg.AutoEnableSub(ns, tq, nil); return v }
//
// a property of the same flag (Temporal's per-queue matching config
// gives one beside the subscription it wraps).
func (f *finder) subscriptionRead(e ast.Expr) *ast.CallExpr {
	fl, ok := ast.Unparen(e).(*ast.FuncLit)
	if !ok || len(fl.Body.List) != 2 {
		return nil
	}
	as, ok := fl.Body.List[0].(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil
	}
	v, ok := as.Lhs[0].(*ast.Ident)
	if blank, _ := as.Lhs[1].(*ast.Ident); !ok || blank == nil || blank.Name != "_" {
		return nil
	}
	call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
	if !ok || !IsSubscription(f.pass.TypesInfo.TypeOf(call.Fun)) {
		return nil
	}
	ret, ok := fl.Body.List[1].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil
	}
	if id, ok := ast.Unparen(ret.Results[0]).(*ast.Ident); !ok || f.pass.TypesInfo.Uses[id] == nil || f.pass.TypesInfo.Uses[id] != f.pass.TypesInfo.Defs[v] {
		return nil
	}
	return call
}
