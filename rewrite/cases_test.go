package rewrite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/txtar"
)

// TestTestsDeletedReported checks that every test function, subtest,
// table case and Ginkgo node a removal deletes is listed in its report,
// and nothing else: tests are the project's data, and their loss must be
// visible in the merge request.
func TestTestsDeletedReported(t *testing.T) {
	for name, want := range map[string][]string{
		"104_ginkgo_container":                {`Ginkgo When "the new UI is off"`, `Ginkgo Describe "old layout only"`},
		"109_loop_subtest_deleted":            {"test function TestA"}, // the loop was all it ran
		"200_table_helper_case":               {`table case "forced off"`},
		"201_table_helper_override_in_helper": {`table case "old"`, "test function TestOldLabels"},
		"202_subtests_one_forced":             {`subtest "old"`},
		"203_table_helper_all_forced":         {"test function TestOld"},
		"204_forced_case_refused":             nil,
		"066_table_positional":                {`table case "classic"`},
		"101_featuregate_table_field":         {`table case "no sidecars"`},
	} {
		t.Run(name, func(t *testing.T) {
			res := removeArchive(t, filepath.Join("..", "testdata", "rewrite", name+".txtar"))
			var got []string
			for _, s := range res.Sites {
				if s.Kind == "test-deleted" {
					if s.Status != "rewritten" || s.Pos.Line == 0 {
						t.Errorf("site %+v: want a rewritten site with a position", s)
					}
					got = append(got, s.Via)
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("deleted tests reported:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// removeArchive runs the removal a golden case describes and returns its
// result.
func removeArchive(t *testing.T, file string) *Result {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var targets []Target
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "remove:"); ok {
			for _, f := range strings.Fields(rest) {
				name, v, _ := strings.Cut(f, "=")
				targets = append(targets, Target{Name: name, Value: v != "false"})
			}
		}
	}
	dir := t.TempDir()
	given := make(map[string]bool)
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want") {
			writeFile(t, dir, f.Name, f.Data)
			given[f.Name] = true
		}
	}
	for name, content := range goldenDefaults(targets) {
		if !given[name] && !(strings.HasPrefix(name, "config/") && hasPrefix(given, "config/")) {
			writeFile(t, dir, name, []byte(content))
		}
	}
	p, err := project.Open(context.Background(), project.Options{Dir: dir, Today: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Remove(context.Background(), Options{Project: p, Targets: targets})
	if err != nil {
		t.Fatal(err)
	}
	return res
}
