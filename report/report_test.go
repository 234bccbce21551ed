package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/diag"
)

func finding(id, file string, line int, msg string) Finding {
	return Finding{Diagnostic: diag.Diagnostic{ID: id, Flag: "f", Pos: diag.Position{File: file, Line: line, Column: 3}, Message: msg}, Fingerprint: "0123456789abcdef"}
}

func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		f    Finding
		want string
	}{
		{finding(diag.RolledOut, "a/b.go", 4, "always true"), "::warning file=a/b.go,line=4,col=3,title=flagsweep rolled-out::always true"},
		{finding(diag.Undefined, "a,b:c.go", 1, "100% sure\nreally"), "::error file=a%2Cb%3Ac.go,line=1,col=3,title=flagsweep undefined::100%25 sure%0Areally"},
		{Finding{Diagnostic: diag.Diagnostic{ID: diag.Unused, Pos: diag.Position{File: "x.yml"}, Message: "m"}}, "::warning file=x.yml,title=flagsweep unused::m"},
	}
	for _, tt := range tests {
		if got := github(tt.f); got != tt.want {
			t.Errorf("github() =\n%s\nwant\n%s", got, tt.want)
		}
	}
}

func TestFormatsCarryEveryFinding(t *testing.T) {
	fs := []Finding{
		finding(diag.RolledOut, "a.go", 1, "one"),
		finding(diag.DefaultMismatch, "b.go", 2, "two"),
	}
	for _, format := range []string{"json", "sarif", "gitlab"} {
		var b strings.Builder
		if err := Write(&b, format, "v1.2.3", fs); err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal([]byte(b.String()), &v); err != nil {
			t.Fatalf("%s is not JSON: %v", format, err)
		}
		for _, want := range []string{`"one"`, `"two"`, "a.go", "b.go"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s output lacks %s", format, want)
			}
		}
	}
	var b strings.Builder
	Write(&b, "gitlab", "", fs)
	if !strings.Contains(b.String(), `"severity": "minor"`) || !strings.Contains(b.String(), `"severity": "major"`) {
		t.Errorf("gitlab severities: %s", b.String())
	}
	if err := Write(&b, "xml", "", fs); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestRulesCoverEveryID(t *testing.T) {
	for _, id := range diag.IDs {
		if ruleOf(id).Summary == id {
			t.Errorf("no rule for %s", id)
		}
	}
}
