// Package diag defines flagsweep's findings and positioned errors, and the
// stable diagnostic ids that CI configurations, suppressions and baselines
// refer to.
//
// A Diagnostic is a finding about the user's code or definitions (exit
// status 1); an Error is input flagsweep cannot work with (exit status 2).
// Both print as file:line:col: message, like the Go toolchain.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// The stable diagnostic ids. They appear in output, in suppression comments
// (//flagsweep:ignore <id> <reason>) and in baselines, so they never change.
const (
	Undefined         = "undefined"
	Unused            = "unused"
	InvalidDefinition = "invalid-definition"
	DynamicKey        = "dynamic-key"
	Stale             = "stale"
	RolledOut         = "rolled-out"
	DefaultMismatch   = "default-mismatch"
)

// IDs lists every diagnostic id, in the order of the README's table.
var IDs = []string{Undefined, Unused, InvalidDefinition, DynamicKey, Stale, RolledOut, DefaultMismatch}

// A Position is a place in a file. Line and Column are 1-based; Column
// counts bytes, as the Go toolchain does. A zero Line means the whole file.
type Position struct {
	File   string
	Line   int
	Column int
}

// String formats the position as file:line:col (or file:line, or file).
func (p Position) String() string {
	switch {
	case p.Line <= 0:
		return p.File
	case p.Column <= 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// IsZero reports whether p names no file.
func (p Position) IsZero() bool { return p.File == "" }

// Compare orders positions by file, line, then column.
func (p Position) Compare(q Position) int {
	if c := strings.Compare(p.File, q.File); c != 0 {
		return c
	}
	if p.Line != q.Line {
		return p.Line - q.Line
	}
	return p.Column - q.Column
}

// A Diagnostic is one finding.
type Diagnostic struct {
	ID      string
	Flag    string // the flag's name, when the finding is about one flag
	Pos     Position
	Message string
}

// String formats the diagnostic as file:line:col: message (id).
func (d Diagnostic) String() string {
	return fmt.Sprintf("%s: %s (%s)", d.Pos, d.Message, d.ID)
}

// Sort orders diagnostics by position, then id, so output is stable.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		if c := ds[i].Pos.Compare(ds[j].Pos); c != 0 {
			return c < 0
		}
		return ds[i].ID < ds[j].ID
	})
}

// An Error is input that flagsweep cannot work with, at a position.
type Error struct {
	Pos Position
	Msg string
}

// Error formats the error as file:line:col: message.
func (e *Error) Error() string {
	if e.Pos.File == "" {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// Errorf returns an *Error at pos.
func Errorf(pos Position, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// An ErrorList is several errors found in one pass over the input, so that a
// user fixes them all at once rather than one run at a time.
type ErrorList []*Error

// Error joins the errors one per line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Err returns l as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// AsList returns err as a list of positioned errors: an ErrorList as it
// is, an *Error alone, anything else as an error without a position.
func AsList(err error) ErrorList {
	var list ErrorList
	if errors.As(err, &list) {
		return list
	}
	var e *Error
	if errors.As(err, &e) {
		return ErrorList{e}
	}
	return ErrorList{{Msg: err.Error()}}
}

// Sort orders the errors by position.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool { return l[i].Pos.Compare(l[j].Pos) < 0 })
}

// Lines returns the lines to print for err: one per error of an ErrorList
// (however deeply wrapped), else err's own text.
func Lines(err error) []string {
	var list ErrorList
	if errors.As(err, &list) {
		lines := make([]string, len(list))
		for i, e := range list {
			lines[i] = e.Error()
		}
		return lines
	}
	return strings.Split(err.Error(), "\n")
}
