package rewrite

import (
	"go/types"
	"testing"
)

// TestTypeKey: two type checks of one package agree on a signature whatever
// its parameters and results are named (export data names an unnamed
// result #rv1), and disagree when a parameter or result changes.
func TestTypeKey(t *testing.T) {
	pkg := types.NewPackage("example.com/m/workload", "workload")
	w := types.NewPointer(types.NewNamed(types.NewTypeName(0, pkg, "Workload", nil), types.NewStruct(nil, nil), nil))
	param := func(name string, t types.Type) *types.Var { return types.NewParam(0, pkg, name, t) }
	sig := func(params, results []*types.Var, variadic bool) *types.Signature {
		return types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), types.NewTuple(results...), variadic)
	}
	boolT, intT := types.Typ[types.Bool], types.Typ[types.Int]
	strs := types.NewSlice(types.Typ[types.String])
	for _, tc := range []struct {
		name string
		a, b types.Type
		same bool
	}{
		{"result named by export data", sig([]*types.Var{param("w", w)}, []*types.Var{param("#rv1", boolT)}, false), sig([]*types.Var{param("w", w)}, []*types.Var{param("", boolT)}, false), true},
		{"parameters renamed", sig([]*types.Var{param("a", w)}, nil, false), sig([]*types.Var{param("b", w)}, nil, false), true},
		{"parameter dropped", sig([]*types.Var{param("w", w), param("on", boolT)}, nil, false), sig([]*types.Var{param("w", w)}, nil, false), false},
		{"result changed", sig(nil, []*types.Var{param("", boolT)}, false), sig(nil, []*types.Var{param("", intT)}, false), false},
		{"variadic lost", sig([]*types.Var{param("s", strs)}, nil, true), sig([]*types.Var{param("s", strs)}, nil, false), false},
		{"not a signature", w, w, true},
	} {
		if got := typeKey(tc.a) == typeKey(tc.b); got != tc.same {
			t.Errorf("%s: %q vs %q: same = %v, want %v", tc.name, typeKey(tc.a), typeKey(tc.b), got, tc.same)
		}
	}
}
