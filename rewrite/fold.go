package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/internal/pure"
)

// A refusal is a site flagsweep left as it was, and why.
type refusal struct {
	file   string
	offset int
	reason string
}

// simplifier simplifies one file's hot regions.
type simplifier struct {
	f    *srcFile
	info *types.Info // nil for a file the type checker does not see
	hot  []span
	ed   *editor
	// aggressive allows dropping operands with side effects.
	aggressive bool
	refused    *[]refusal
	// merged records, by test function, the helper merged into it
	// (mergeHelper): the helper's baselines are the test's now.
	merged map[string]string
	// featureSets are the configured feature-set functions.
	featureSets []config.FeatureSet
	// checks are the full names of the functions and methods the scan
	// found checking flags.
	checks map[string]bool
	// pureFunc reports a call of a function the module's source shows
	// pure (remover.pureGetter).
	pureFunc func(*types.Info, *ast.CallExpr) bool
	// effects says why an operand may have side effects, naming the
	// call to vouch for (remover.effects).
	effects func(*types.Info, ast.Expr) string
	// rangeDone are the range statements whose variables both went.
	rangeDone map[*ast.RangeStmt]bool
	// otherPlatforms are the identifiers the package's files for other
	// platforms (excluded by build constraints here) use: the type
	// checker never sees those uses, so nothing they name is deleted.
	otherPlatforms map[string]bool
	// declares holds, in a file read by syntax alone, the offsets of
	// the identifiers that declare a local (syntacticUnusedLocals).
	declares map[int]bool
	// formPackage reports a package of the flag library, whose methods
	// taking a callback only visit or hook (see emptiedVisit).
	formPackage func(path string) bool
	// testDeleted, when set, reports a test function unusedDecls
	// deleted with the function it was named for.
	testDeleted func(test *ast.FuncDecl, tested string)
}

func (s *simplifier) hot_(n ast.Node) bool {
	return hotIn(s.hot, s.f.off(n.Pos()), s.f.off(n.End()))
}

// universe reports whether id names the predeclared object name.
func (s *simplifier) universe(id *ast.Ident, name string) bool {
	if id.Name != name {
		return false
	}
	if s.info == nil {
		return true // without types, trust the name
	}
	obj := s.info.Uses[id]
	return obj != nil && obj.Parent() == types.Universe
}

// constBool returns the value of a hot `true` or `false`.
func (s *simplifier) constBool(e ast.Expr) (value, ok bool) {
	id, isID := ast.Unparen(e).(*ast.Ident)
	if !isID || !s.hot_(id) {
		return false, false
	}
	switch {
	case s.universe(id, "true"):
		return true, true
	case s.universe(id, "false"):
		return false, true
	}
	return false, false
}

// constNil reports a hot `nil` (an error the removed SDK call can no
// longer return).
func (s *simplifier) constNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && s.hot_(id) && s.universe(id, "nil")
}

func (s *simplifier) pure(e ast.Expr) bool {
	return pure.ExprWith(s.info, e, func(c *ast.CallExpr) bool {
		return s.isCheck(c) || s.pureFunc != nil && s.pureFunc(s.info, c)
	})
}

// isCheck reports a call of a function or method that checks a flag (an
// accessor, a wrapper, a handle's method): reading a flag has no effect
// the program relies on, so folding may drop it.
func (s *simplifier) isCheck(call *ast.CallExpr) bool {
	if s.info == nil || len(s.checks) == 0 {
		return false
	}
	fn, _ := typeutil.Callee(s.info, call).(*types.Func)
	return fn != nil && s.checks[fn.Origin().FullName()]
}

// isNil reports the predeclared nil, hot or not.
func (s *simplifier) isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && s.universe(id, "nil")
}

// A val is an expression after folding.
type val struct {
	known bool // a boolean constant…
	b     bool // …of this value
	isNil bool // a hot nil
	text  string
	prec  int
	// changed reports that text differs from the source.
	changed bool
	// settled is the operator (&& or ||) of a refused fold left as
	// `<operand with effects> op <its decisive constant>`: the value is
	// that constant once the operand ran, so a further `op <constant>`
	// adds nothing (and go vet rejects the repetition).
	settled token.Token
	// chain and terms describe a folded && or || chain: its operator
	// and its operands, flattened through parentheses as go vet's bools
	// check reads them (see dedupe).
	chain token.Token
	terms []term
}

// A term is one operand of a folded && or || chain: its text, already
// parenthesised for the chain's operator, and whether it is free of
// effects.
type term struct {
	text string
	pure bool
}

// Operator precedences, as in the Go spec, with 6 for unary and 7 for
// primary expressions.
const (
	precUnary   = 6
	precPrimary = 7
)

func (s *simplifier) orig(e ast.Expr) val {
	p := precPrimary
	switch e := e.(type) {
	case *ast.BinaryExpr:
		p = e.Op.Precedence()
	case *ast.UnaryExpr, *ast.StarExpr:
		p = precUnary
	}
	return val{text: s.f.text(e), prec: p}
}

func knownVal(b bool) val {
	return val{known: true, b: b, text: fmt.Sprint(b), prec: precPrimary, changed: true}
}

// paren returns v's text, parenthesised if its precedence is below min.
func paren(v val, min int) string {
	if v.prec < min {
		return "(" + v.text + ")"
	}
	return v.text
}

// fold folds a boolean expression: hot constants propagate through !,
// &&, ||, == and != and parentheses. An operand that would have been
// evaluated and has side effects is never dropped silently: the
// expression is left as it is and the site reported, unless aggressive.
func (s *simplifier) fold(e ast.Expr) val {
	if b, ok := s.constBool(e); ok {
		v := knownVal(b)
		v.changed = false
		return v
	}
	if s.constNil(e) {
		return val{isNil: true, text: "nil", prec: precPrimary}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		v := s.fold(e.X)
		if !v.changed && !v.known && !v.isNil {
			return s.orig(e)
		}
		v.changed = true
		return v
	case *ast.UnaryExpr:
		if e.Op != token.NOT {
			return s.orig(e)
		}
		v := s.fold(e.X)
		if v.known {
			return knownVal(!v.b)
		}
		if !v.changed {
			return s.orig(e)
		}
		return val{text: "!" + paren(v, precUnary), prec: precUnary, changed: true}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR:
			return s.foldLogical(e)
		case token.EQL, token.NEQ:
			return s.foldCompare(e)
		}
	}
	return s.orig(e)
}

func (s *simplifier) foldLogical(e *ast.BinaryExpr) val {
	x := s.fold(e.X)
	if x.settled == e.Op {
		// x ran its operand with effects and then gave the decisive
		// constant: y is never evaluated, and goes ((g() && false) && b
		// is g() && false).
		x.changed = true
		return x
	}
	y := s.fold(e.Y)
	// The constant that decides the result: false for &&, true for ||.
	decisive := e.Op == token.LOR
	switch {
	case x.known && x.b == decisive:
		// y is never evaluated: dropping it changes nothing.
		return knownVal(decisive)
	case x.known:
		return s.alone(e.Y, y)
	case y.known && y.b != decisive:
		return s.alone(e.X, x)
	case y.known:
		// x && false, x || true: x is evaluated first, then discarded.
		if s.pure(e.X) || s.aggressive {
			return knownVal(decisive)
		}
		why := "which has side effects: rewrite it by hand, or pass --aggressive"
		if s.effects != nil {
			why = s.effects(s.info, e.X)
		}
		s.refuse(e, fmt.Sprintf("folding %s would drop %s, %s", s.f.text(e), s.f.text(e.X), why))
		// What can fold still does: `!(false && false) && g() &&
		// !false` is left as `g() && false`, which go vet accepts; the
		// operand with effects and the decisive constant stay, for the
		// human the site is reported to.
		p := e.Op.Precedence()
		v := val{text: paren(x, p) + " " + e.Op.String() + " " + boolText(decisive), prec: p, settled: e.Op}
		// An edit that writes the text as it is would still compete
		// with the edits around it (dead code deleted whole).
		v.changed = v.text != s.f.text(e)
		return v
	}
	if !x.changed && !y.changed {
		return s.orig(e)
	}
	if x.text == y.text && s.pure(e.X) && s.pure(e.Y) {
		// The fold made both operands the same pure expression (`!b
		// || !b`): one is enough, and go vet rejects the pair.
		x.changed = true
		return x
	}
	p := e.Op.Precedence()
	v := val{text: paren(x, p) + " " + e.Op.String() + " " + paren(y, p), prec: p, changed: true, chain: e.Op}
	terms := append(s.terms(e.X, x, e.Op), s.terms(e.Y, y, e.Op)...)
	var dropped bool
	v.terms, dropped = dedupe(terms)
	if dropped {
		texts := make([]string, len(v.terms))
		for i, t := range v.terms {
			texts[i] = t.text
		}
		v.text = strings.Join(texts, " "+e.Op.String()+" ")
	}
	return v
}

// terms returns the operands of op that the operand e, folded to v,
// contributes to a chain: its own chain's when it folded to one, the
// operands of the source as written when the fold left it unchanged
// (go vet reads through parentheses: `(a && b) && c && a` repeats a),
// or v itself.
func (s *simplifier) terms(e ast.Expr, v val, op token.Token) []term {
	if v.chain == op {
		return v.terms
	}
	if !v.changed && !v.known && !v.isNil {
		if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && b.Op == op {
			return append(s.terms(b.X, s.orig(b.X), op), s.terms(b.Y, s.orig(b.Y), op)...)
		}
	}
	return []term{{text: paren(v, op.Precedence()), pure: s.pure(e)}}
}

// dedupe drops an operand of a chain that repeats an earlier pure one
// with no operand with effects between them: `!b && !a && !b` is `!b &&
// !a`, which is what a fold leaves when the flag stood between the two
// (`!b && !a && on && !b`), and what go vet rejects as redundant. An
// operand with effects starts afresh, since it may change what the
// repeated one reads (`x > 0 && dec(&x) && x > 0`).
func dedupe(terms []term) (kept []term, dropped bool) {
	seen := make(map[string]bool)
	for _, t := range terms {
		switch {
		case !t.pure:
			clear(seen)
		case seen[t.text]:
			dropped = true
			continue
		default:
			seen[t.text] = true
		}
		kept = append(kept, t)
	}
	return kept, dropped
}

// alone returns the value of an operand left alone by folding its
// operator away: `flag && (a || b)` becomes `a || b`, its parentheses
// dropped (the context parenthesises it again if it must).
func (s *simplifier) alone(e ast.Expr, v val) val {
	if p, ok := e.(*ast.ParenExpr); ok && !v.known && !v.isNil {
		v = s.fold(p.X)
	}
	if v.chain == 0 && !v.changed && !v.known && !v.isNil {
		// A chain the fold left as written is still a chain to the
		// operator around it (dedupe).
		if b, ok := ast.Unparen(e).(*ast.BinaryExpr); ok && (b.Op == token.LAND || b.Op == token.LOR) {
			v.chain, v.terms = b.Op, s.terms(e, v, b.Op)
		}
	}
	v.changed = true
	return v
}

func (s *simplifier) foldCompare(e *ast.BinaryExpr) val {
	x, y := s.fold(e.X), s.fold(e.Y)
	eq := e.Op == token.EQL
	switch {
	case x.isNil && s.isNil(e.Y) || y.isNil && s.isNil(e.X):
		// err != nil where err was the removed call's error: the
		// other side is the literal nil the user compared it with.
		return knownVal(eq)
	case x.known && y.known:
		return knownVal((x.b == y.b) == eq)
	case x.known || y.known:
		// c == v is v or !v; the operand compared is evaluated either
		// way, so nothing is dropped.
		c, other, otherExpr := x, y, e.Y
		if y.known {
			c, other, otherExpr = y, x, e.X
		}
		if s.info != nil {
			if t := s.info.TypeOf(otherExpr); t == nil || !isBool(t) {
				return s.orig(e)
			}
		}
		if c.b == eq {
			other.changed = true
			return other
		}
		return val{text: "!" + paren(other, precUnary), prec: precUnary, changed: true}
	}
	if !x.changed && !y.changed {
		return s.orig(e)
	}
	p := e.Op.Precedence()
	return val{text: paren(x, p) + " " + e.Op.String() + " " + paren(y, p+1), prec: p, changed: true}
}

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

func (s *simplifier) refuse(n ast.Node, reason string) {
	*s.refused = append(*s.refused, refusal{file: s.f.name, offset: s.f.off(n.Pos()), reason: reason})
}

// isBoolOp reports whether an expression takes part in folding.
func isBoolOp(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return true
	case *ast.UnaryExpr:
		return e.Op == token.NOT
	case *ast.BinaryExpr:
		switch e.Op {
		case token.LAND, token.LOR, token.EQL, token.NEQ:
			return true
		}
	}
	return false
}

// foldExprs folds every maximal boolean expression inside n that holds a
// hot constant, and simplifies the function literals inside it, without
// entering statements handled on their own (the caller passes the parts).
func (s *simplifier) foldExprs(n ast.Node) {
	if n == nil {
		return
	}
	ast.Inspect(n, func(c ast.Node) bool {
		switch c := c.(type) {
		case *ast.FuncLit:
			s.funcBody(c.Type, c.Body)
			return false
		case ast.Expr:
			if !isBoolOp(c) || !s.hot_(c) {
				return true
			}
			v := s.fold(c)
			if v.changed {
				// A parenthesised result keeps its parentheses when
				// the context needs them; the enclosing operator is
				// not a boolean one, so only a unary or primary
				// context could: keep them when the source had them.
				text := v.text
				if _, wasParen := c.(*ast.ParenExpr); wasParen && v.prec < precPrimary {
					text = "(" + text + ")"
				}
				s.ed.add(s.ed.newGroup(), s.f.off(c.Pos()), s.f.off(c.End()), text)
				return false
			}
			return true
		}
		return true
	})
}
