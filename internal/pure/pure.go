// Package pure decides whether evaluating a Go expression can have an
// effect beyond producing its value. Both the rolled-out quick fix and the
// removal codemod delete expressions; they may delete only pure ones.
package pure

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Expr reports whether evaluating e has no side effects: no function or
// method call (conversions and a few builtins excepted), no channel
// receive, no assignment. A nil info treats every call as impure.
//
// Reading a variable, indexing, selecting a field and building a composite
// literal or function literal are pure here: they may panic (a nil map
// write aside, which is not an expression), but deleting them cannot change
// what a correct program does.
func Expr(info *types.Info, e ast.Expr) bool { return ExprWith(info, e, nil) }

// ExprWith is Expr with more calls known to be pure: those for which
// call reports true (flag checks, to the removal: reading a flag changes
// nothing). Their operands must be pure too, and are inspected as usual.
func ExprWith(info *types.Info, e ast.Expr, call func(*ast.CallExpr) bool) bool {
	pure := true
	ast.Inspect(e, func(n ast.Node) bool {
		if !pure {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // its body runs only when called
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				pure = false
			}
		case *ast.CallExpr:
			if !isPureCall(info, n) && (call == nil || !call(n)) {
				pure = false
			}
		}
		return true
	})
	return pure
}

// pureFuncs are functions and methods without effects that flag checks
// are commonly given as arguments, or that build a value a local holds
// (by go/types full name).
var pureFuncs = map[string]bool{
	"context.Background": true,
	"context.TODO":       true,
	"context.WithValue":  true,
	"errors.New":         true,
	"fmt.Errorf":         true,
	"fmt.Sprint":         true,
	"fmt.Sprintf":        true,
	"fmt.Sprintln":       true,
	"strconv.Itoa":       true,
	"strconv.FormatBool": true,
	"strconv.FormatInt":  true,
	"strconv.Quote":      true,
	"strings.ToLower":    true,
	"strings.ToUpper":    true,
	"strings.TrimSpace":  true,
	"strings.TrimPrefix": true,
	"strings.TrimSuffix": true,
	"strings.Join":       true,
	"strings.Split":      true,
	"strings.Repeat":     true,
	"strings.Contains":   true,
	"strings.HasPrefix":  true,
	"strings.HasSuffix":  true,
	"strings.ReplaceAll": true,
	"slices.Clone":       true,
	"slices.Contains":    true,
	"slices.Index":       true,
	"slices.Equal":       true,
	"maps.Clone":         true,
	// Reading the environment has no effect: GitLab Runner passes
	// os.Getenv(flag) to featureflags.IsOn.
	"os.Getenv":    true,
	"os.LookupEnv": true,
	// Kubernetes builds the paths of validation errors with these; a
	// path computed only for a removed branch is left unused.
	"k8s.io/apimachinery/pkg/util/validation/field.NewPath":       true,
	"(*k8s.io/apimachinery/pkg/util/validation/field.Path).Child": true,
	"(*k8s.io/apimachinery/pkg/util/validation/field.Path).Index": true,
	"(*k8s.io/apimachinery/pkg/util/validation/field.Path).Key":   true,
	"(*k8s.io/apimachinery/pkg/util/validation/field.Path).Root":  true,
}

// Known reports whether the function or method of that go/types full
// name is one of the functions known to be pure.
func Known(fullName string) bool { return pureFuncs[fullName] }

// Builtin reports whether the predeclared function of that name has no
// effect beyond its value.
func Builtin(name string) bool {
	switch name {
	case "len", "cap", "complex", "real", "imag", "min", "max", "new", "make":
		return true
	}
	return false
}

// isPureCall reports whether a call is a conversion, a builtin without
// effects or a known pure function.
func isPureCall(info *types.Info, call *ast.CallExpr) bool {
	if info == nil {
		return false
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return true // a conversion
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if fn, ok := info.Uses[sel.Sel].(*types.Func); ok && (pureFuncs[fn.Origin().FullName()] || isStringMethod(fn) || isContextGetter(fn)) {
			return true
		}
	}
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	if b, ok := info.Uses[id].(*types.Builtin); ok {
		return Builtin(b.Name())
	}
	return false
}

// isStringMethod reports a String or Error method, func() string: by
// convention (fmt.Stringer, error) it only describes its receiver, and go
// vet insists its result be used — a call of it is for its result.
func isStringMethod(fn *types.Func) bool {
	sig := fn.Signature()
	if sig.Recv() == nil || fn.Name() != "String" && fn.Name() != "Error" || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	b, ok := sig.Results().At(0).Type().(*types.Basic)
	return ok && b.Kind() == types.String
}

// isContextGetter reports a Context method, func() context.Context: by
// convention ((*http.Request).Context, grpc's ServerStream.Context,
// (*testing.T).Context) it returns the context its receiver carries.
// Gitaly checks flags with X.IsEnabled(stream.Context()).
func isContextGetter(fn *types.Func) bool {
	sig := fn.Signature()
	if sig.Recv() == nil || fn.Name() != "Context" || sig.Params().Len() != 0 || sig.Results().Len() != 1 {
		return false
	}
	named, ok := types.Unalias(sig.Results().At(0).Type()).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == "context" && named.Obj().Name() == "Context"
}
