package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/scan"
)

// Getters (see flagrefs/getters.go): a function or method whose whole
// body returns a read of the flag. Its calls are checks, folded like any
// other; the getter itself goes once none is left:
//
//	func (o *Overrides) EnableX(userID string) bool {   // deleted
//		return o.GetOverridesForUser(userID).EnableX
//	}
//
// It goes only when
//
//   - the module called it and every call the scan found was folded (a
//     refused one keeps it, its body folded to the constant instead; one
//     nothing called is API for others);
//   - for a method, no Go file of the module declares an interface
//     method of its name (see bareMention): the getter may be what
//     implements it, and deleting it would break an assignment no call
//     shows;
//   - no module of the repository building against this one names it
//     (linkedUse): no scan reads those, and no verification.
//
// Every other use (a method value, a call through a function variable)
// is the verification's to find: it type-checks every package importing
// the getter's and keeps it for such a use (verify.go), naming the use.
//
// A test of the getter's own directory named for it (TestEnableX,
// TestOverrides_EnableX, TestEnableX_perTenant) tests what the removal
// deletes and goes with it, as a handle's own test does (handleTests).
//
// The deletion registers its edit group before round 0's other edits,
// so that it wins over the fold of the read inside the getter; it is
// filled after them, once the calls' fate is known, and stays empty
// when the getter stays.

// pendingGetter is a getter round 0 may delete.
type pendingGetter struct {
	name  string // go/types full name
	short string // the function's or method's name
	recv  string // the receiver's type name, for a method
	rf    *refFile
	fd    *ast.FuncDecl
	ref   scan.Ref // the read its body returns
	group int
	tests []pendingTest
}

// pendingTest is a test of a getter, deleted with it.
type pendingTest struct {
	rf    *refFile
	fd    *ast.FuncDecl
	group int
}

// getterDecls finds the getters of the removed flags and reserves their
// deletion's edit groups.
func (r *remover) getterDecls(ed map[string]*editor) []*pendingGetter {
	var out []*pendingGetter
	byName := make(map[string]*pendingGetter)
	for _, ref := range r.refs {
		if ref.Gets == "" || ref.Syntactic || ref.Generated || r.keepFlags[ref.Flag] || r.opts.KeepDeclaration {
			continue
		}
		rf := r.refFile(ref)
		if rf == nil || rf.info == nil {
			continue
		}
		fd := enclosingFunc(rf, ref.Node)
		if fd == nil || byName[ref.Gets] != nil {
			continue
		}
		pg := &pendingGetter{name: ref.Gets, short: fd.Name.Name, rf: rf, fd: fd, ref: ref}
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			pg.recv = recvName(fd.Recv.List[0].Type)
		}
		byName[ref.Gets] = pg
		out = append(out, pg)
	}
	if len(out) == 0 {
		return nil
	}
	// Only a getter its calls will leave can go: decided now, since
	// the reads of those that stay must be round 0's in their order
	// (a read left for a human keeps the writes the loop meets later).
	// finishGetters checks again once the calls are folded. The calls
	// in the getter's own tests are no use by the module: they go
	// with it.
	calls := make(map[*pendingGetter]int)
	stays := make(map[*pendingGetter]bool)
	tests := make(map[*pendingGetter][]pendingTest)
	seen := make(map[*ast.FuncDecl]bool)
	for _, ref := range r.refs {
		pg := byName[ref.Via]
		if pg == nil || !ref.Getter || ref.Call == nil {
			continue
		}
		rf := r.refFile(ref)
		if rf == nil || rf.info == nil {
			stays[pg] = true
			continue
		}
		if fd := ownTest(rf, ref, pg); fd != nil {
			if !seen[fd] {
				seen[fd] = true
				tests[pg] = append(tests[pg], pendingTest{rf: rf, fd: fd})
			}
			continue
		}
		if r.impureOperand(rf, ref) != nil && !r.opts.Aggressive {
			stays[pg] = true // a call that stays
			continue
		}
		calls[pg]++
	}
	out = slices.DeleteFunc(out, func(pg *pendingGetter) bool {
		// A module of the repository building against this one
		// (linkedUse) is no scan's: a call there is no check. A
		// getter an earlier pass's verification kept (a method value
		// of it handed on) stays, its read folded.
		return calls[pg] == 0 || stays[pg] || r.keptGetter(pg) || pg.recv != "" && r.bareMention(pg) != "" || token.IsExported(pg.short) && r.linkedUse(pg.short)
	})
	for _, pg := range out {
		pg.group = r.editorFor(ed, pg.rf.sf.name).newGroup()
		pg.tests = tests[pg]
		for i := range pg.tests {
			pg.tests[i].group = r.editorFor(ed, pg.tests[i].rf.sf.name).newGroup()
		}
	}
	return out
}

// ownTest returns the test function ref is in when it is a test of the
// getter's own directory named for it (testOfGetter), nil otherwise.
func ownTest(rf *refFile, ref scan.Ref, pg *pendingGetter) *ast.FuncDecl {
	if !strings.HasSuffix(rf.sf.name, "_test.go") || filepath.Dir(rf.sf.name) != filepath.Dir(pg.rf.sf.name) {
		return nil
	}
	fd := enclosingFunc(rf, ref.Node)
	if fd == nil || fd.Recv != nil || !testOfGetter(fd.Name.Name, pg.short, pg.recv) {
		return nil
	}
	return fd
}

// testOfGetter reports whether a test function's name names the getter:
// Test<Name>, Test<Recv>_<Name> or (a function's, by the gotests
// convention) Test_<name>, each followed by nothing or by an underscore
// and more.
func testOfGetter(test, name, recv string) bool {
	rest, ok := strings.CutPrefix(test, "Test")
	if !ok {
		return false
	}
	for _, want := range []string{name, recv + "_" + name} {
		if rest == want || strings.HasPrefix(rest, want+"_") {
			return true
		}
	}
	return false
}

// finishGetters deletes the pending getters (getterDecls chose them)
// whose every call was folded, with their tests.
//
// It returns the reads of the getters that stay, held back from round 0
// until now: their folds are round 0's as any other read's. The reads of
// the deleted ones go with them (a read refused there, through a call
// flagsweep cannot drop, would otherwise keep the flag for nothing).
func (r *remover) finishGetters(ed map[string]*editor, pending []*pendingGetter, gone map[*flagrefs.Ref]bool, reads []scan.Ref) []scan.Ref {
	deleted := make(map[string]bool)
	for _, pg := range pending {
		inTest := func(ref scan.Ref) bool {
			for _, t := range pg.tests {
				if t.rf.sf.name == r.prog.Fset.Position(ref.Node.Pos()).Filename && t.fd.Pos() <= ref.Node.Pos() && ref.Node.End() <= t.fd.End() {
					return true
				}
			}
			return false
		}
		left := false
		for _, ref := range r.refs {
			if !ref.Getter || ref.Via != pg.name || inTest(ref) {
				continue
			}
			if _, ok := r.folded[ref.Node]; !ok && !gone[ref.Ref] {
				left = true // refused after all: it stays, returning the constant
				break
			}
		}
		if left {
			continue
		}
		deleted[pg.name] = true
		e := r.editorFor(ed, pg.rf.sf.name)
		start, end := pg.rf.sf.deleteRange(pg.fd)
		e.add(pg.group, start, end, "")
		p := pg.rf.sf.fset.Position(pg.fd.Name.Pos())
		r.out.Sites = append(r.out.Sites, Site{
			Flag: pg.ref.Flag, Pos: diag.Position{File: r.p.Rel(p.Filename), Line: p.Line, Column: p.Column}, Kind: "declaration", Via: "getter " + pg.short, Status: "rewritten",
			Reason: fmt.Sprintf("%s only returned the flag's value, and nothing calls it any more", pg.short),
		})
		for _, t := range pg.tests {
			te := r.editorFor(ed, t.rf.sf.name)
			start, end := t.rf.sf.deleteRange(t.fd)
			te.add(t.group, start, end, "")
			r.testDeleted(t.rf, pg.ref.Flag, "test function "+t.fd.Name.Name, t.fd)
			r.out.Sites[len(r.out.Sites)-1].Reason = "it tests the removed flag's getter " + pg.short
		}
	}
	var stay []scan.Ref
	for _, ref := range reads {
		if !deleted[ref.Gets] {
			stay = append(stay, ref)
		}
	}
	return stay
}

// pendingRead reports whether ref is the read a pending getter returns.
func pendingRead(pending []*pendingGetter, ref scan.Ref) bool {
	for _, pg := range pending {
		if pg.name == ref.Gets {
			return true
		}
	}
	return false
}

// bareMention returns where a Go file of the module (vendored packages
// included: their interfaces count too) names the method bare at the
// start of a line or after a brace, followed by a parenthesis — an
// interface's method spec, which the getter may implement (a call of a
// function of that name, as a statement, counts too: one conservative
// rule). Empty when there is none.
func (r *remover) bareMention(pg *pendingGetter) string {
	name := []byte(pg.short)
	declFile := pg.rf.sf.name
	declAt := pg.rf.sf.off(pg.fd.Name.Pos())
	for _, n := range r.prog.Packages {
		for _, f := range append(append([]string(nil), n.CompiledGoFiles...), n.IgnoredFiles...) {
			if !strings.HasSuffix(f, ".go") || !strings.HasPrefix(f, r.p.Root) || r.deleted[f] {
				continue
			}
			src := r.current(f)
			if !bytes.Contains(src, name) {
				continue
			}
			var sc scanner.Scanner
			fset := token.NewFileSet()
			tf := fset.AddFile(f, -1, len(src))
			sc.Init(tf, src, nil, 0)
			prev := token.ILLEGAL
			var at token.Pos
			pendingIdent := false
			for {
				pos, tok, lit := sc.Scan()
				if tok == token.EOF {
					break
				}
				if pendingIdent && tok == token.LPAREN {
					if f != declFile || tf.Offset(at) != declAt {
						p := fset.Position(at)
						return fmt.Sprintf("%s:%d:%d", r.p.Rel(p.Filename), p.Line, p.Column)
					}
				}
				// An interface's method spec starts its line or
				// follows the brace: `{ Name(` or `; Name(`. A
				// method's declaration (`) Name(`) and a selector
				// (`. Name(`) are no spec.
				pendingIdent = tok == token.IDENT && lit == pg.short && (prev == token.LBRACE || prev == token.SEMICOLON)
				at = pos
				prev = tok
			}
		}
	}
	return ""
}

// keptGetter reports whether the verify-and-keep loop kept the getter
// (see verify.go: a method is kept as T.M).
func (r *remover) keptGetter(pg *pendingGetter) bool {
	for _, kd := range r.keptIn[pg.rf.sf.name] {
		if kd.name == pg.short || pg.recv != "" && kd.name == pg.recv+"."+pg.short {
			return true
		}
	}
	return false
}
