package rewrite

import "testing"

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
