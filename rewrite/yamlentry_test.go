package rewrite

import (
	"testing"

	"github.com/flagsweep/flagsweep/config"
)

func TestYAMLListEntry(t *testing.T) {
	const meta = `type: confighttp

status:
  class: pkg
`
	for _, tc := range []struct {
		name, src, flag, want string
		ok                    bool
	}{{
		name: "the only entry: the list goes, with the blank line before it",
		src: meta + `
feature_gates:
  - id: svc.fast
    description: "goes fast"
    stage: stable
`,
		flag: "svc.fast", ok: true,
		want: meta,
	}, {
		name: "the first of two",
		src: meta + `
feature_gates:
  - id: svc.fast
    stage: beta
  - id: svc.slow
    stage: alpha
`,
		flag: "svc.fast", ok: true,
		want: meta + `
feature_gates:
  - id: svc.slow
    stage: alpha
`,
	}, {
		name: "the last of two, a key after the list",
		src: meta + `
feature_gates:
  - id: svc.fast
    stage: beta
  - id: svc.slow
    description: |
      slow,
      on purpose
    stage: alpha

tests:
  skip: true
`,
		flag: "svc.slow", ok: true,
		want: meta + `
feature_gates:
  - id: svc.fast
    stage: beta

tests:
  skip: true
`,
	}, {
		name: "no such entry",
		src:  meta + "\nfeature_gates:\n  - id: svc.fast\n",
		flag: "svc.other",
	}, {
		name: "not YAML",
		src:  "feature_gates: [",
		flag: "svc.fast",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			start, end, ok := yamlListEntry([]byte(tc.src), "feature_gates", "id", tc.flag)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if !ok {
				return
			}
			if got := tc.src[:start] + tc.src[end:]; got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestSettleEntry(t *testing.T) {
	for _, tc := range []struct{ name, entry, want string }{{
		name:  "to_version after from_version",
		entry: "  - id: x\n    stage: beta\n    from_version: 'v1'\n    reference_url: 'u'\n",
		want:  "  - id: x\n    stage: stable\n    from_version: 'v1'\n    to_version: 'v2'\n    reference_url: 'u'\n",
	}, {
		name:  "no from_version: after the stage",
		entry: "  - id: x\n    stage: beta\n    description: d\n",
		want:  "  - id: x\n    stage: stable\n    to_version: 'v2'\n    description: d\n",
	}, {
		name:  "a to_version already",
		entry: "  - id: x\n    stage: beta\n    to_version: 'v9'\n",
		want:  "  - id: x\n    stage: stable\n    to_version: 'v9'\n",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte("feature_gates:\n" + tc.entry)
			gs := genSource{rng: [2]int{len("feature_gates:\n"), len(src)}, GeneratedSource: &config.GeneratedSource{
				Fields: map[string]string{"stage": "stage", "milestone": "from_version", "remove_with": "to_version"},
			}}
			es := settleEntry(src, gs, "stable", "v2")
			got := string(src)
			for i := len(es) - 1; i >= 0; i-- { // edits come in source order
				e := es[i]
				got = got[:e.start] + e.text + got[e.end:]
			}
			if got != "feature_gates:\n"+tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, "feature_gates:\n"+tc.want)
			}
		})
	}
}
