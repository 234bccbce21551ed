package rewrite

import (
	"fmt"
	"strings"
	"testing"
)

// TestTidyBlankLines checks which blank lines the tidy deletes: those an
// edit left against a brace, never one it did not come near.
func TestTidyBlankLines(t *testing.T) {
	for _, tc := range []struct {
		name, orig, cur, want string
	}{{
		name: "gap before a closing brace, left by a deleted statement",
		orig: "func f() {\n\ta()\n\n\tb()\n}\n",
		cur:  "func f() {\n\ta()\n\n}\n",
		want: "func f() {\n\ta()\n}\n",
	}, {
		name: "gap after an opening brace, left by a deleted statement",
		orig: "func f() {\n\ta()\n\n\tb()\n}\n",
		cur:  "func f() {\n\n\tb()\n}\n",
		want: "func f() {\n\tb()\n}\n",
	}, {
		name: "before a closing parenthesis",
		orig: "var (\n\tx = 1\n\n\ty = 2\n)\n",
		cur:  "var (\n\tx = 1\n\n)\n",
		want: "var (\n\tx = 1\n)\n",
	}, {
		name: "after an opening parenthesis, left by the deleted first specs",
		orig: "const (\n\t// A.\n\tA = 1\n\n\t// B.\n\tB = 2\n\n\t// C.\n\tC = 3\n)\n",
		cur:  "const (\n\n\t// C.\n\tC = 3\n)\n",
		want: "const (\n\t// C.\n\tC = 3\n)\n",
	}, {
		name: "a gap between statements stays",
		orig: "func f() {\n\ta()\n\tc()\n\n\tb()\n}\n",
		cur:  "func f() {\n\ta()\n\n\tb()\n}\n",
		want: "func f() {\n\ta()\n\n\tb()\n}\n",
	}, {
		name: "an untouched gap before a brace stays",
		orig: "func f() {\n\ta()\n\n}\n\nfunc g() {\n\tx()\n}\n",
		cur:  "func f() {\n\ta()\n\n}\n\nfunc g() {\n}\n",
		want: "func f() {\n\ta()\n\n}\n\nfunc g() {\n}\n",
	}, {
		name: "nothing changed",
		orig: "func f() {\n\n\ta()\n}\n",
		cur:  "func f() {\n\n\ta()\n}\n",
		want: "func f() {\n\n\ta()\n}\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(tidyBlankLines([]byte(tc.orig), []byte(tc.cur))); got != tc.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
}

// TestTidyBlankLinesLargeFile: in a long file with many scattered edits
// (more than go-udiff's bounded search resolves), a blank line after a
// `{` far from every edit is the author's, and stays. It went when the
// line diff marked most of the file as edited (Temporal's
// workflow_handler.go).
func TestTidyBlankLinesLargeFile(t *testing.T) {
	var orig, cur strings.Builder
	for i := range 3000 {
		line := fmt.Sprintf("\tx%d := %d\n", i, i)
		switch {
		case i == 1500:
			line = "\tif ready {\n\n"
		case i == 1501:
			line = "\t\tstart()\n\t}\n"
		}
		orig.WriteString(line)
		if i%20 != 7 || i > 1400 && i < 1600 {
			cur.WriteString(line)
		}
	}
	got := string(tidyBlankLines([]byte(orig.String()), []byte(cur.String())))
	if !strings.Contains(got, "\tif ready {\n\n\t\tstart()") {
		t.Error("the blank line after `if ready {`, far from every edit, went")
	}
}
