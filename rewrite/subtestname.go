package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// dropFromName handles a read of a loop's variable over both values of
// the flag that is an argument of a subtest's name, t.Run(fmt.Sprintf(
// "%s/iterators=%t", q, on), …): the loop now runs once, so the part of
// the name that told the two runs apart goes, verb, label and separator,
// with the argument (a name left without verbs becomes a literal, one
// left as "%s" of a string the string). It
// reports false, leaving the read to become the value, when the name is
// not a constant format of that shape or would be left empty.
func (r *remover) dropFromName(rf *refFile, e *editor, g int, u *ast.Ident) bool {
	path := pathTo(rf.sf.ast, u)
	if len(path) < 2 {
		return false
	}
	sprintf, ok := path[len(path)-1].(*ast.CallExpr)
	if !ok || sprintf.Ellipsis.IsValid() || len(sprintf.Args) < 2 {
		return false
	}
	run, ok := path[len(path)-2].(*ast.CallExpr)
	if !ok || !isSubtest(run) || run.Args[0] != sprintf {
		return false
	}
	fn, _ := typeutil.Callee(rf.info, sprintf).(*types.Func)
	if fn == nil || fn.Pkg() == nil || fn.Pkg().Path() != "fmt" || fn.Name() != "Sprintf" {
		return false
	}
	lit, ok := sprintf.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return false
	}
	k := -1
	for i, a := range sprintf.Args[1:] {
		if a == ast.Expr(u) {
			k = i
		}
	}
	if k < 0 {
		return false
	}
	quote := lit.Value[:1]
	format, ok := dropVerb(lit.Value[1:len(lit.Value)-1], k)
	if !ok {
		return false
	}
	name := quote + format + quote
	// Sprintf("%s", name) is the name itself.
	if len(sprintf.Args) == 3 && (format == "%s" || format == "%v") {
		other := sprintf.Args[2-k]
		if b, ok := rf.info.TypeOf(other).(*types.Basic); ok && b.Kind() == types.String {
			e.add(g, rf.sf.off(sprintf.Pos()), rf.sf.off(sprintf.End()), rf.sf.text(other))
			return true
		}
	}
	if len(sprintf.Args) == 2 {
		// No verb is left but %%, which Sprintf printed as %.
		literal := quote + strings.ReplaceAll(format, "%%", "%") + quote
		e.add(g, rf.sf.off(sprintf.Pos()), rf.sf.off(sprintf.End()), literal)
		return true
	}
	e.add(g, rf.sf.off(lit.Pos()), rf.sf.off(lit.End()), name)
	e.add(g, rf.sf.off(sprintf.Args[k].End()), rf.sf.off(u.End()), "")
	return true
}

// nameSeparators are the characters that part a subtest name's pieces.
const nameSeparators = "/,;|"

// dropVerb deletes the k-th verb (a %t or %v, the argument it formats
// being a bool) from a format's source text, with its label and one
// separator: "%s/iterators=%t" → "%s", "enabled: %t, %d" → "%d". The
// verb must stand apart: labeled (name=, name: ) or parted by a
// separator on its own, and not glued to text after it; a label parted
// from what precedes it by spaces alone must follow a verb ("%s on=%t"),
// not a word that would stay ("%s streaming enabled: %t"). It reports false
// for anything else, an explicit argument index or a * width, a piece
// holding an escape, or a format left empty.
func dropVerb(format string, k int) (string, bool) {
	start, end, n := -1, -1, 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.", format[j]) >= 0 {
			j++
		}
		if j == len(format) {
			return "", false
		}
		switch format[j] {
		case '%':
			i = j
			continue
		case '*', '[':
			return "", false
		}
		if n == k {
			if format[j] != 't' && format[j] != 'v' {
				return "", false
			}
			start, end = i, j+1
		}
		n++
		i = j
	}
	if start < 0 {
		return "", false
	}
	// The label: name= or name: (and a space) just before the verb.
	p := start
	switch {
	case p >= 2 && format[p-1] == ' ' && format[p-2] == ':':
		p -= 2
	case p >= 1 && (format[p-1] == '=' || format[p-1] == ':'):
		p--
	}
	if p != start {
		q := p
		for q > 0 && isNameByte(format[q-1]) {
			q--
		}
		if q == p {
			return "", false
		}
		p = q
	}
	labeled := p != start
	if end < len(format) && strings.IndexByte(nameSeparators+" ", format[end]) < 0 {
		return "", false // glued to what follows
	}
	// One separator: the one before the piece, or, at the name's start,
	// the one after it.
	q := p
	for q > 0 && format[q-1] == ' ' {
		q--
	}
	sep := q > 0 && strings.IndexByte(nameSeparators, format[q-1]) >= 0
	switch {
	case sep:
		p = q - 1
	case q > 0 && q < p && labeled && q >= 2 && format[q-2] == '%':
		p = q // parted by spaces alone from the verb before it
	case q > 0:
		return "", false
	default:
		if end < len(format) {
			if strings.IndexByte(nameSeparators, format[end]) < 0 && !labeled {
				return "", false
			}
			end++
			for end < len(format) && format[end] == ' ' {
				end++
			}
		}
	}
	if strings.Contains(format[p:end], `\`) {
		return "", false
	}
	out := format[:p] + format[end:]
	if strings.TrimSpace(out) == "" {
		return "", false
	}
	return out, true
}

// isNameByte reports whether b may be part of a label in a subtest name.
func isNameByte(b byte) bool {
	return b == '_' || b == '-' || b == '.' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}
