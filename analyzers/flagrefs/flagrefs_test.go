package flagrefs_test

import (
	"fmt"
	"go/types"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/analyzers/internal/atest"
	"github.com/flagsweep/flagsweep/config"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// refs reports every reference flagrefs finds, so that the testdata's
// `// want` comments pin each reference form.
var refs = &analysis.Analyzer{
	Name:     "refs",
	Doc:      "report flag references (test only)",
	Requires: []*analysis.Analyzer{flagrefs.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[flagrefs.Analyzer].(*flagrefs.Result)
		for _, r := range res.Refs {
			if r.Syntactic {
				continue // checked by TestIgnoredFiles
			}
			pass.Reportf(r.Node.Pos(), "%s", describe(r))
		}
		return nil, nil
	},
}

func describe(r *flagrefs.Ref) string {
	flag := r.Flag
	if r.Dynamic {
		flag = "dynamic"
	}
	s := fmt.Sprintf("%s %s via %s", r.Kind, flag, r.Via)
	if r.Negated {
		s += " negated"
	}
	if r.Wrapper != nil && r.Wrapper.Choose {
		s += " chooser"
	} else if r.Wrapper != nil {
		s += " wrapper"
	}
	if r.Form != config.FormCall {
		s += " form=" + [...]string{"call", "pairs", "struct", "map"}[r.Form]
	}
	if r.Kind == flagrefs.Override {
		if r.Value == nil {
			s += " value=nil"
		} else {
			s += " value=" + types.ExprString(r.Value)
		}
	}
	if r.Default != nil {
		s += " default=" + fmt.Sprint(r.Default)
	}
	if r.Holder != nil {
		s += " holder=" + r.Holder.Name()
	}
	if r.Unset {
		s += " unset"
	}
	if r.Getter {
		s += " getter"
	}
	if r.Gets != "" {
		s += " gets=" + r.Gets[strings.LastIndex(r.Gets, ".")+1:]
	}
	return s
}

func setup(t *testing.T) string { return atest.Setup(t, "") }

func TestReferenceForms(t *testing.T) {
	dir := setup(t)
	analysistest.Run(t, dir, refs, "a")
}

func TestFacts(t *testing.T) {
	dir := setup(t)
	analysistest.Run(t, dir, flagrefs.Analyzer, "wrap", "flags")
}

// TestShapes pins the flag systems without a preset: a settings family
// configured with wildcards whose properties are held in config fields
// (directly, and through a closure), a map of gates read through an
// accessor and with comma-ok, and a bool field derived from a gate. The
// holders' facts cross from config to app.
func TestShapes(t *testing.T) {
	dir := atest.Setup(t, filepath.Join(analysistest.TestData(), "shapes"))
	analysistest.Run(t, dir, refs, "example.com/svc/config", "example.com/svc/app", "example.com/svc/knobs", "example.com/svc/mesh")
}

// TestIgnoredFiles checks that a file excluded by build constraints is
// scanned syntactically, keys and handles resolved through the package's
// imports and constants.
func TestIgnoredFiles(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a_windows.go is not ignored on windows")
	}
	dir := setup(t)
	var got []string
	probe := &analysis.Analyzer{
		Name:     "probe",
		Doc:      "collect syntactic references (test only)",
		Requires: []*analysis.Analyzer{flagrefs.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			for _, r := range pass.ResultOf[flagrefs.Analyzer].(*flagrefs.Result).Refs {
				if r.Syntactic {
					got = append(got, describe(r))
				}
			}
			return nil, nil
		},
	}
	analysistest.Run(t, dir, probe, "win")
	want := []string{
		"check beta_ui via feature.On", // a constant of another excluded file
		"check exp_search via feature.Enabled",
		"check gitaly_thing via IsDisabled negated",
		"check new_ui via feature.On",
		"check old_api via win.onHere wrapper",
	}
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("syntactic references:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPresets runs every preset against stubs that have the SDKs' import
// paths and signatures (as read from each SDK's source; see
// config/presets.go), so a preset whose full names drift from the SDK
// shows here.
func TestPresets(t *testing.T) {
	dir := atest.Setup(t, filepath.Join(analysistest.TestData(), "presets"))
	analysistest.Run(t, dir, refs, "app")
}

// TestGoDeclaredPresets runs the presets for flags declared in Go against
// stubs at the projects' real import paths (Gitaly, Kubernetes'
// featuregate, Grafana, GitLab Runner), pinning each shape real code
// uses: handles passed as values, choosers, map and struct literal
// overrides, name/value pairs, keys through os.Getenv.
func TestGoDeclaredPresets(t *testing.T) {
	dir := atest.Setup(t, filepath.Join(analysistest.TestData(), "godecl"))
	analysistest.Run(t, dir, refs,
		"gitlab.com/gitlab-org/gitaly/v18/internal/app",
		"k8s.io/kube/pkg/app",
		"github.com/grafana/grafana/pkg/app",
		"gitlab.com/gitlab-org/gitlab-runner/app")
}
