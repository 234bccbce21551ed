package flagrefs

import (
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Report reports a diagnostic about a reference unless a
// //flagsweep:ignore comment suppresses it. The diagnostic's Category is
// its stable id; a finding in a generated file says so, since the fix
// belongs in the generator.
func (res *Result) Report(pass *analysis.Pass, id string, r *Ref, d analysis.Diagnostic) {
	suppressed, note := res.Ignores.Check(d.Pos, id)
	if suppressed {
		return
	}
	if note != "" {
		d.Message += " (" + note + ")"
	}
	if r != nil && r.Generated {
		d.Message += " (in a generated file: change its generator)"
		d.SuggestedFixes = nil
	}
	d.Category = id
	if r != nil {
		res.recordFlag(d.Pos, id, r.Flag)
	}
	pass.Report(d)
}

// FlagAt returns the flag a diagnostic reported through Report is about,
// for drivers that print it beside the message.
func (res *Result) FlagAt(pos token.Pos, id string) string {
	res.mu.Lock()
	defer res.mu.Unlock()
	return res.flagOf[reportKey{pos, id}]
}

type reportKey struct {
	pos token.Pos
	id  string
}

func (res *Result) recordFlag(pos token.Pos, id, flag string) {
	res.mu.Lock()
	defer res.mu.Unlock()
	if res.flagOf == nil {
		res.flagOf = make(map[reportKey]string)
	}
	res.flagOf[reportKey{pos, id}] = flag
}

// Checks returns the references that evaluate a flag with a constant key.
func (res *Result) Checks() []*Ref {
	var out []*Ref
	for _, r := range res.Refs {
		if r.Kind == Check && !r.Dynamic {
			out = append(out, r)
		}
	}
	return out
}

// Describe returns how a reference reads in a message: the function's
// name qualified by its package's last path element ("feature.Enabled",
// "(*openfeature.Client).BooleanValue"), prefixed "wrapper" for wrappers.
func (r *Ref) Describe() string {
	name := ShortName(r.Via)
	if r.Wrapper != nil {
		return "wrapper " + name
	}
	return name
}

// ShortName shortens a go/types full name to the package's last path
// element: example.com/app/feature.Enabled → feature.Enabled.
func ShortName(full string) string {
	prefix := ""
	if strings.HasPrefix(full, "(") {
		prefix, full = "(", full[1:]
		if strings.HasPrefix(full, "*") {
			prefix, full = "(*", full[1:]
		}
	}
	if i := strings.LastIndex(full, "/"); i >= 0 {
		full = full[i+1:]
	}
	return prefix + full
}
