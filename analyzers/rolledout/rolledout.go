// Package rolledout defines an Analyzer that reports checks of flags that
// are ready for removal, with a fix that replaces the check by its value.
//
// # Analyzer rolledout
//
// rolledout: report checks of feature flags that are ready for removal
//
// A flag that has been on for everyone past the housekeeping cutoff (or
// off for everyone, and dead) is ready for removal: every check of it is a
// constant. The suggested fix replaces the check with that constant —
// `feature.Enabled(ctx, "x")` becomes `true`, `ff.IsDisabled(ctx)` becomes
// `false` — when the call's other operands have no side effects;
// `flagsweep remove` then simplifies what the constant leaves behind.
package rolledout

import (
	"fmt"
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/pure"
	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/go/analysis"
)

// Analyzer reports checks of flags ready for removal.
var Analyzer = &analysis.Analyzer{
	Name:     "rolledout",
	Doc:      "report checks of feature flags that are ready for removal, with a fix that replaces them by their value",
	URL:      "https://github.com/flagsweep/flagsweep#rolled-out",
	Requires: []*analysis.Analyzer{flagrefs.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	res := pass.ResultOf[flagrefs.Analyzer].(*flagrefs.Result)
	for _, r := range res.Checks() {
		f := res.Project.Flag(r.Flag)
		if f == nil || !f.Eval.Ready && !f.Eval.Settled {
			continue
		}
		value := f.Eval.Value != r.Negated
		d := analysis.Diagnostic{
			Pos:     r.Node.Pos(),
			End:     r.Node.End(),
			Message: Message(f, value),
		}
		if w := r.Wrapper; w != nil && w.Choose {
			// A chooser: the call is one of its arguments from now on.
			i := w.Off
			if value {
				i = w.On
			}
			if i < len(r.Call.Args) {
				d.Message = strings.Replace(d.Message, fmt.Sprintf("this check is always %t", value),
					"this call always chooses "+types.ExprString(r.Call.Args[i]), 1)
			}
		}
		if fixable(pass, r) {
			d.SuggestedFixes = []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Replace the check with %t", value),
				TextEdits: []analysis.TextEdit{{Pos: r.Node.Pos(), End: r.Node.End(), NewText: []byte(strconv.FormatBool(value))}},
			}}
		}
		res.Report(pass, diag.RolledOut, r, d)
	}
	return nil, nil
}

// Message says why a check is constant and what to do.
func Message(f *project.Flag, value bool) string {
	state := "on"
	if !f.Eval.Value {
		state = "off"
	}
	why := fmt.Sprintf("%s for everyone, %d milestones old", state, f.Age)
	switch {
	case f.Locked:
		why = "locked " + state // featuregate's LockToDefault, Runner's Deprecated
	case f.HasRemoveWith:
		why = fmt.Sprintf("%s by default, to be removed with %s", state, f.RemoveWith)
	}
	if f.Eval.Settled {
		// Locked, its declaration kept until a later version: the
		// checks can go now (the OpenTelemetry Collector's stable
		// gates), the declaration then.
		return fmt.Sprintf("flag %q is locked %s, its declaration kept until %s: this check is always %t; run flagsweep remove %s --keep-declaration",
			f.Name, state, f.RemoveWith, value, f.Name)
	}
	return fmt.Sprintf("flag %q is ready for removal (%s): this check is always %t; run flagsweep remove %s",
		f.Name, why, value, f.Name)
}

// fixable reports whether the check can be replaced by a constant without
// losing an effect: its result is a single bool, it is not a wrapper that
// does more than return the check, and its receiver and other arguments
// are pure.
func fixable(pass *analysis.Pass, r *flagrefs.Ref) bool {
	if r.Syntactic || r.Call == nil {
		return false // a read of a map of forced states: the rewrite's
	}
	t, ok := pass.TypesInfo.TypeOf(r.Call).(*types.Basic)
	if !ok || t.Kind() != types.Bool {
		return false
	}
	if r.Wrapper != nil && !r.Wrapper.Direct {
		return false
	}
	if sel, ok := ast.Unparen(r.Call.Fun).(*ast.SelectorExpr); ok {
		if _, isPkg := pass.TypesInfo.Uses[identOf(sel.X)].(*types.PkgName); !isPkg && !pure.Expr(pass.TypesInfo, sel.X) {
			return false
		}
	}
	for _, a := range r.Call.Args {
		if !pure.Expr(pass.TypesInfo, a) {
			return false
		}
	}
	return true
}

func identOf(e ast.Expr) *ast.Ident {
	id, _ := ast.Unparen(e).(*ast.Ident)
	return id
}
