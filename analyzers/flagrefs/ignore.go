package flagrefs

import (
	"go/ast"
	"go/token"
	"strings"
)

// IgnoreDirective is the comment that suppresses a finding:
//
//	//flagsweep:ignore <id>[,<id>…] <reason>
//
// on the line of the finding or the line before. The reason is required:
// a suppression nobody can explain is a finding of its own.
const IgnoreDirective = "flagsweep:ignore"

// An Ignore is one suppression comment.
type Ignore struct {
	IDs    []string
	Reason string
	Line   int
}

// ParseIgnore parses the text of a comment (without its // or #), reporting
// whether it is a suppression at all.
func ParseIgnore(text string) (ig Ignore, ok bool) {
	text = strings.TrimSpace(text)
	rest, ok := strings.CutPrefix(text, IgnoreDirective)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return Ignore{}, false
	}
	fields := strings.Fields(rest)
	if len(fields) > 0 {
		for _, id := range strings.Split(fields[0], ",") {
			if id != "" {
				ig.IDs = append(ig.IDs, id)
			}
		}
		ig.Reason = strings.Join(fields[1:], " ")
	}
	return ig, true
}

// Ignores indexes the suppression comments of a package by file and line.
type Ignores struct {
	fset   *token.FileSet
	byLine map[string]map[int]Ignore
}

func indexIgnores(fset *token.FileSet, files []*ast.File) *Ignores {
	ig := &Ignores{fset: fset, byLine: make(map[string]map[int]Ignore)}
	for _, f := range files {
		ig.addFile(f)
	}
	return ig
}

func (ig *Ignores) addFile(f *ast.File) {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			text, ok := strings.CutPrefix(c.Text, "//")
			if !ok {
				continue
			}
			d, ok := ParseIgnore(text)
			if !ok {
				continue
			}
			pos := ig.fset.Position(c.Slash)
			d.Line = pos.Line
			m := ig.byLine[pos.Filename]
			if m == nil {
				m = make(map[int]Ignore)
				ig.byLine[pos.Filename] = m
			}
			m[pos.Line] = d
		}
	}
}

// Check reports whether a finding with id at pos is suppressed. When a
// suppression names the id but gives no reason, it does not count, and note
// says so, to be added to the finding's message.
func (ig *Ignores) Check(pos token.Pos, id string) (suppressed bool, note string) {
	if ig == nil {
		return false, ""
	}
	p := ig.fset.Position(pos)
	for _, line := range []int{p.Line, p.Line - 1} {
		d, ok := ig.byLine[p.Filename][line]
		if !ok || !contains(d.IDs, id) {
			continue
		}
		if d.Reason == "" {
			return false, "the //flagsweep:ignore on line " + itoa(d.Line) + " needs a reason to count"
		}
		return true, ""
	}
	return false, ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
