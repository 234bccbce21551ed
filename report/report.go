// Package report writes findings in the formats CI systems read: text
// (file:line:col: message (id), like the Go toolchain), JSON, SARIF 2.1.0,
// GitLab Code Quality and GitHub workflow-command annotations.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
)

// Formats are the names accepted by Write.
var Formats = []string{"text", "json", "sarif", "gitlab", "github"}

// A Finding is a diagnostic with its stable fingerprint (see the baseline
// package), which GitLab and SARIF use to follow a finding across commits.
type Finding struct {
	diag.Diagnostic
	Fingerprint string
}

// Rule describes a diagnostic id.
type Rule struct {
	ID, Summary string
	// Level is error or warning.
	Level string
}

// Rules describes every diagnostic id, in the README's order.
var Rules = []Rule{
	{diag.Undefined, "a reference to a flag with no definition", "error"},
	{diag.Unused, "a definition that no code references", "warning"},
	{diag.InvalidDefinition, "a schema or naming error in a flag definition", "error"},
	{diag.DynamicKey, "a flag check whose key is not a constant", "warning"},
	{diag.Stale, "a flag older than its type allows", "warning"},
	{diag.RolledOut, "a check of a flag that is ready for removal", "warning"},
	{diag.DefaultMismatch, "a default value in code that disagrees with default_enabled", "error"},
}

// DocURL is where each id is documented (an anchor in the README).
const DocURL = "https://github.com/flagsweep/flagsweep#"

func ruleOf(id string) Rule {
	for _, r := range Rules {
		if r.ID == id {
			return r
		}
	}
	return Rule{ID: id, Summary: id, Level: "warning"}
}

// Write writes findings in the named format. version is flagsweep's.
func Write(w io.Writer, format, version string, fs []Finding) error {
	switch format {
	case "text":
		for _, f := range fs {
			if _, err := fmt.Fprintln(w, f.Diagnostic.String()); err != nil {
				return err
			}
		}
		return nil
	case "json":
		return writeJSON(w, jsonFindings(fs))
	case "sarif":
		return writeJSON(w, sarif(version, fs))
	case "gitlab":
		return writeJSON(w, gitlab(fs))
	case "github":
		for _, f := range fs {
			if _, err := fmt.Fprintln(w, github(f)); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(Formats, ", "))
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

type jsonFinding struct {
	ID          string `json:"id"`
	Flag        string `json:"flag"`
	File        string `json:"file"`
	Line        int    `json:"line"`
	Column      int    `json:"column"`
	Message     string `json:"message"`
	Severity    string `json:"severity"`
	Fingerprint string `json:"fingerprint"`
	URL         string `json:"url"`
}

func jsonFindings(fs []Finding) []jsonFinding {
	out := make([]jsonFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, jsonFinding{
			ID: f.ID, Flag: f.Flag, File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Column,
			Message: f.Message, Severity: ruleOf(f.ID).Level, Fingerprint: f.Fingerprint, URL: DocURL + f.ID,
		})
	}
	return out
}

// gitlab writes GitLab's Code Quality report (a subset of CodeClimate's).
func gitlab(fs []Finding) []map[string]any {
	out := make([]map[string]any, 0, len(fs))
	for _, f := range fs {
		severity := "minor"
		if ruleOf(f.ID).Level == "error" {
			severity = "major"
		}
		out = append(out, map[string]any{
			"type":        "issue",
			"description": f.Message,
			"check_name":  f.ID,
			"categories":  []string{"Bug Risk"},
			"fingerprint": f.Fingerprint,
			"severity":    severity,
			"location": map[string]any{
				"path":  f.Pos.File,
				"lines": map[string]int{"begin": max(f.Pos.Line, 1)},
			},
		})
	}
	return out
}

// github formats a workflow command that annotates the file in a pull
// request: ::warning file=…,line=…,col=…,title=…::message.
func github(f Finding) string {
	level := ruleOf(f.ID).Level
	if level != "error" {
		level = "warning"
	}
	props := []string{"file=" + ghProp(f.Pos.File)}
	if f.Pos.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", f.Pos.Line))
	}
	if f.Pos.Column > 0 {
		props = append(props, fmt.Sprintf("col=%d", f.Pos.Column))
	}
	props = append(props, "title="+ghProp("flagsweep "+f.ID))
	return fmt.Sprintf("::%s %s::%s", level, strings.Join(props, ","), ghData(f.Message))
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProp escapes a workflow command's property value.
func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
