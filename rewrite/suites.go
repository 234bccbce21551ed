package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/flagsweep/flagsweep/scan"
	"golang.org/x/tools/go/types/typeutil"
)

// A testify suite whose setup method's only configuration forces the
// removed value ran every test with it:
//
//	func (s *RawHistorySuite) SetupSuite() {
//		s.dynamicConfigOverrides = map[dynamicconfig.Key]any{
//			dynamicconfig.SendRawWorkflowHistory: true,
//		}
//		s.setupSuite("testdata/es_cluster.yaml")
//	}
//
// It tested code that is gone, and goes as a unit, as a test function
// forcing the value does: its type, every method of it, and the test
// functions that only run it (suite.Run(t, new(RawHistorySuite))).
// Anything else naming the type keeps the suite, and the override is
// left for a human.

// deleteSuite deletes the suite whose setup method fd holds ref, an
// override of the removed value that is the only entry of its literal,
// reporting whether it did.
func (r *remover) deleteSuite(rf *refFile, ed map[string]*editor, ref scan.Ref, fd *ast.FuncDecl) bool {
	if ref.Lit == nil || len(ref.Lit.Elts) != 1 || rf.info == nil {
		return false
	}
	// The literal is assigned by a statement of the setup's own body.
	top := false
	for _, st := range fd.Body.List {
		if as, ok := st.(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == ref.Lit {
			top = true
		}
	}
	if !top {
		return false
	}
	recv := rf.info.TypeOf(fd.Recv.List[0].Type)
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	named, ok := types.Unalias(recv).(*types.Named)
	if !ok {
		return false
	}
	tn := named.Obj()
	pkg := r.pkgOf(rf)
	if pkg == nil || pkg.TypesInfo == nil {
		return false
	}
	info := pkg.TypesInfo
	type doomed struct {
		rf   *refFile
		node ast.Node
	}
	var gone []doomed
	var kept []ast.Decl
	var methods []types.Object
	var typeSpec ast.Node
	for _, f := range pkg.Syntax {
		var frf *refFile
		for _, d := range f.Decls {
			var del ast.Node
			switch d := d.(type) {
			case *ast.FuncDecl:
				switch {
				case d.Recv != nil && len(d.Recv.List) == 1 && recvIs(info, d.Recv.List[0].Type, tn):
					del = d
				case d.Recv == nil && runsSuite(info, d, tn):
					del = d
				}
			case *ast.GenDecl:
				if d.Tok == token.TYPE && len(d.Specs) == 1 {
					if ts, ok := d.Specs[0].(*ast.TypeSpec); ok && info.Defs[ts.Name] == tn {
						del = d
						typeSpec = ts
					}
				}
			}
			if del == nil {
				kept = append(kept, d)
				continue
			}
			if fd, ok := del.(*ast.FuncDecl); ok {
				if m := info.Defs[fd.Name]; m != nil {
					methods = append(methods, m)
				}
			}
			if frf == nil {
				if frf = r.typedFile(pkg, f); frf == nil {
					return false
				}
			}
			gone = append(gone, doomed{frf, del})
		}
	}
	if typeSpec == nil {
		return false
	}
	// Nothing else may name the suite or one of its methods.
	for _, d := range kept {
		if mentionsObject(info, d, tn) {
			return false
		}
		for _, m := range methods {
			if mentionsObject(info, d, m) {
				return false
			}
		}
	}
	for _, d := range gone {
		e := r.editorFor(ed, d.rf.sf.name)
		start, end := d.rf.sf.deleteRange(d.node)
		e.add(e.newGroup(), start, end, "")
	}
	r.testDeleted(rf, ref.Flag, "suite "+tn.Name()+": its "+fd.Name.Name+" forced the removed value for every test", typeSpec)
	return true
}

// recvIs reports an expression of type tn or *tn: a receiver's type, a
// suite handed to suite.Run.
func recvIs(info *types.Info, x ast.Expr, tn *types.TypeName) bool {
	t := info.TypeOf(x)
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj() == tn
}

// runsSuite reports a test function whose body only runs the suite:
// suite.Run(t, new(T)) or suite.Run(t, &T{…}), after a flag.Parse() or
// t.Parallel() at most (Temporal's TestRawHistorySuite parses flags
// first).
func runsSuite(info *types.Info, fd *ast.FuncDecl, tn *types.TypeName) bool {
	if fd.Body == nil || len(fd.Body.List) == 0 || !isTestName(fd.Name.Name) {
		return false
	}
	n := len(fd.Body.List)
	for _, st := range fd.Body.List[:n-1] {
		call, fn := stmtCallee(info, st)
		if call == nil || len(call.Args) != 0 || fn == nil || fn.FullName() != "flag.Parse" && fn.FullName() != "(*testing.T).Parallel" {
			return false
		}
	}
	call, fn := stmtCallee(info, fd.Body.List[n-1])
	if call == nil || len(call.Args) != 2 || fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "github.com/stretchr/testify/suite" || fn.Name() != "Run" {
		return false
	}
	return recvIs(info, call.Args[1], tn)
}

// stmtCallee returns the call a statement is and the function it
// calls (nil when it calls a function value).
func stmtCallee(info *types.Info, st ast.Stmt) (*ast.CallExpr, *types.Func) {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return nil, nil
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return nil, nil
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return call, fn
}
