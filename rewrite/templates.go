package rewrite

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
)

// Templates. A config struct's field is also read by name, through
// reflection, by text/template and html/template: `{{ if
// .ReaggregationEnabled }}` in the OpenTelemetry Collector's mdatagen
// templates reads a field flagsweep would delete with its flag. No type
// check sees that read, and the program fails when it runs the template
// ("can't evaluate field ReaggregationEnabled"). So a template of the
// project reading the field is a use flagsweep does not understand: a
// refused site at the template's line, the flag counted as still read —
// the field, its declaration and the writes giving it its value stay for
// what the template does with it — until the template changes.

// templateRefs refuses, for each target declared as a config struct's
// field, every template line of the project reading the field, and
// records the flag as still read there.
func (r *remover) templateRefs(stillRead map[string]string) {
	for _, t := range r.opts.Targets {
		f := r.p.Flag(t.Name)
		if f == nil {
			continue
		}
		for _, g := range f.Go {
			if g.Kind != "field" || g.Ident == "" || g.External {
				continue
			}
			for _, site := range r.templateReads(t.Name, g.Ident) {
				r.out.Sites = append(r.out.Sites, site)
				if stillRead[t.Name] == "" {
					stillRead[t.Name] = site.Pos.File
				}
			}
		}
	}
}

// templateFile reports a file name Go templates are usually kept under.
func templateFile(rel string) bool {
	for _, ext := range []string{".tmpl", ".gotmpl", ".gotxt", ".gohtml", ".tpl"} {
		if strings.HasSuffix(rel, ext) {
			return true
		}
	}
	return false
}

// templateReads returns a refused site for each line of the project's
// template files with an action reading .field (`{{ .Field }}`, `{{- if
// and .Other .Field }}`, `$.Field`).
func (r *remover) templateReads(flag, field string) []Site {
	re := regexp.MustCompile(`\.` + regexp.QuoteMeta(field) + `\b`)
	var out []Site
	for _, rel := range r.projectFiles() {
		if !templateFile(rel) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(r.p.Root, filepath.FromSlash(rel)))
		if err != nil || !bytes.Contains(data, []byte(field)) {
			continue
		}
		for i, line := range bytes.Split(data, []byte("\n")) {
			for _, action := range templateActions(line) {
				if loc := re.FindIndex(action.text); loc != nil {
					out = append(out, Site{
						Flag: flag, Pos: diag.Position{File: rel, Line: i + 1, Column: action.col + loc[0] + 1},
						Kind: "template", Status: "refused",
						Reason: fmt.Sprintf("the template reads .%s, by reflection that no type check sees: the field stays, and what sets it; change the template by hand", field),
					})
					break
				}
			}
		}
	}
	return out
}

type templateAction struct {
	text []byte
	col  int // byte offset of text in its line
}

// templateActions returns the {{ … }} actions of a line.
func templateActions(line []byte) []templateAction {
	var out []templateAction
	for off := 0; ; {
		i := bytes.Index(line[off:], []byte("{{"))
		if i < 0 {
			return out
		}
		start := off + i + 2
		j := bytes.Index(line[start:], []byte("}}"))
		if j < 0 {
			return append(out, templateAction{line[start:], start})
		}
		out = append(out, templateAction{line[start : start+j], start})
		off = start + j + 2
	}
}
