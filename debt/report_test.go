package debt

import (
	"reflect"
	"testing"
	"time"

	"github.com/flagsweep/flagsweep/definitions"
	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/project"
)

// testFlag is one flag of a synthetic project: its definition's fields
// and its state today; the verdict is computed by the lifecycle package,
// as project.Open does.
type testFlag struct {
	name, typ, group string
	owners           []string
	age              int
	noMilestone      bool
	on               bool // default_enabled
	state            lifecycle.State
	issue            string
}

func testProject(t *testing.T, flags []testFlag) *project.Project {
	t.Helper()
	table := lifecycle.DefaultTable()
	p := &project.Project{
		Root:        "/src/shop",
		Current:     lifecycle.Milestone{Major: 19, Minor: 6},
		CurrentFrom: "VERSION",
		Today:       time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC),
	}
	for _, tf := range flags {
		policy, err := table.Lookup(tf.typ)
		if err != nil {
			t.Fatal(err)
		}
		def := &definitions.Definition{
			Name: tf.name, Type: tf.typ, Group: tf.group, Owners: tf.owners,
			DefaultEnabled: tf.on, RolloutIssueURL: tf.issue, NoMilestone: tf.noMilestone,
			Milestone: lifecycle.Milestone{Major: 19, Minor: 6 - tf.age},
			File:      "config/feature_flags/" + tf.typ + "/" + tf.name + ".yml",
		}
		f := &project.Flag{Definition: def, Policy: policy, Age: tf.age, State: tf.state}
		f.Eval = lifecycle.Evaluate(lifecycle.Input{
			Type: tf.typ, Policy: policy, Age: tf.age, DefaultEnabled: tf.on, State: tf.state,
			Today: p.Today, Cutoff: lifecycle.DefaultCutoff, AgeUnknown: tf.noMilestone,
		})
		p.Flags = append(p.Flags, f)
	}
	return p
}

func TestAgeBucket(t *testing.T) {
	for _, tc := range []struct {
		age     int
		unknown bool
		want    string
	}{
		{-3, false, "0-2"}, // introduced in a milestone still ahead
		{0, false, "0-2"},
		{2, false, "0-2"},
		{3, false, "3-5"},
		{5, false, "3-5"},
		{6, false, "6-11"},
		{11, false, "6-11"},
		{12, false, "12+"},
		{42, false, "12+"},
		{0, true, "unknown"},
	} {
		if got := AgeBuckets[ageBucket(tc.age, tc.unknown)]; got != tc.want {
			t.Errorf("ageBucket(%d, %t) = %s, want %s", tc.age, tc.unknown, got, tc.want)
		}
	}
}

func TestBuild(t *testing.T) {
	p := testProject(t, []testFlag{
		// Ready: rolled out (on by default, 6 old ≥ 4) and dead (off,
		// 15 old ≥ 12).
		{name: "one_click", typ: "beta", group: "group::checkout", age: 6, on: true, issue: "https://gitlab.example.com/shop/-/issues/3"},
		{name: "old_pdf", typ: "beta", group: "group::billing", age: 15, state: lifecycle.Off},
		// Rolled out but too young to be ready.
		{name: "young_on", typ: "beta", group: "group::checkout", age: 2, state: lifecycle.On},
		// Stale: 8 old, experiments live 6, partly rolled out.
		{name: "sidebar", typ: "experiment", group: "group::growth", age: 8, state: lifecycle.Conditional},
		// Blocked: ops flags are never removed, 30 old > 12.
		{name: "kill_switch", typ: "ops", group: "group::payments", age: 30, on: true},
		// Active.
		{name: "fresh", typ: "wip", group: "group::checkout", age: 1},
		// No group: owners, then nothing; an unknown age.
		{name: "gate_a", typ: "beta", owners: []string{"ann", "bo"}, age: 4},
		{name: "gate_b", typ: "beta", noMilestone: true},
	})
	r := Build(p)

	if r.Repository != "shop" || r.Date != "2026-11-21" || r.Milestone != "19.6" || r.MilestoneFrom != "VERSION" {
		t.Errorf("header = %q %q %q %q", r.Repository, r.Date, r.Milestone, r.MilestoneFrom)
	}
	if r.Flags != 8 || r.Ready != 2 || r.Overdue != 3 {
		t.Errorf("flags, ready, overdue = %d, %d, %d; want 8, 2, 3", r.Flags, r.Ready, r.Overdue)
	}
	wantVerdicts := map[lifecycle.Verdict]int{
		lifecycle.RolledOut: 2, lifecycle.Dead: 1, lifecycle.Stale: 1, lifecycle.Blocked: 1, lifecycle.Active: 3,
	}
	if !reflect.DeepEqual(r.Verdicts, wantVerdicts) {
		t.Errorf("verdicts = %v, want %v", r.Verdicts, wantVerdicts)
	}

	type groupSummary struct {
		name                  string
		flags, ready, overdue int
		ages                  []int
	}
	var got []groupSummary
	for _, g := range r.Groups {
		got = append(got, groupSummary{g.Name, g.Flags, g.Ready, g.Overdue, g.Ages})
	}
	want := []groupSummary{
		// Most flags first, then by name.
		{"checkout", 3, 1, 0, []int{2, 0, 1, 0, 0}},
		{"(no group)", 1, 0, 0, []int{0, 0, 0, 0, 1}},
		{"@ann, @bo", 1, 0, 0, []int{0, 1, 0, 0, 0}},
		{"billing", 1, 1, 1, []int{0, 0, 0, 1, 0}},
		{"growth", 1, 0, 1, []int{0, 0, 1, 0, 0}},
		{"payments", 1, 0, 1, []int{0, 0, 0, 1, 0}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("groups =\n%v\nwant\n%v", got, want)
	}

	// Ready flags, oldest first, with their final values and issues.
	if len(r.ReadyFlags) != 2 {
		t.Fatalf("ready flags = %v", r.ReadyFlags)
	}
	first, second := r.ReadyFlags[0], r.ReadyFlags[1]
	if first.Name != "old_pdf" || *first.Value != false || *first.Age != 15 || first.Group != "billing" {
		t.Errorf("first ready flag = %+v", first)
	}
	if second.Name != "one_click" || *second.Value != true || second.RolloutIssueURL != "https://gitlab.example.com/shop/-/issues/3" {
		t.Errorf("second ready flag = %+v", second)
	}
	// Past their age and not ready: the ops flag (blocked), then the
	// experiment (stale); the ready ones are not repeated.
	var overdue []string
	for _, f := range r.OverdueFlags {
		overdue = append(overdue, f.Name+":"+string(f.Verdict))
		if f.Value != nil {
			t.Errorf("%s: a flag that is not ready has a value", f.Name)
		}
	}
	if want := []string{"kill_switch:blocked", "sidebar:stale"}; !reflect.DeepEqual(overdue, want) {
		t.Errorf("overdue flags = %v, want %v", overdue, want)
	}
	wantSummary := "8 flags: 2 ready for removal, 2 rolled-out, 1 dead, 1 stale, 1 blocked, 3 active; 3 past their type's maximum age"
	if s := r.Summary(); s != wantSummary {
		t.Errorf("Summary() = %q, want %q", s, wantSummary)
	}
}

func TestBuildEmpty(t *testing.T) {
	r := Build(testProject(t, nil))
	if r.Flags != 0 || len(r.Groups) != 0 || r.ReadyFlags == nil || r.OverdueFlags == nil {
		t.Errorf("empty report = %+v", r)
	}
	for _, v := range Verdicts {
		if n, ok := r.Verdicts[v]; !ok || n != 0 {
			t.Errorf("verdict %s = %d, %t; want 0, present", v, n, ok)
		}
	}
}

func TestSortOldestFirst(t *testing.T) {
	age := func(n int) *int { return &n }
	flags := []Flag{{Name: "b", Age: age(3)}, {Name: "unknown"}, {Name: "a", Age: age(3)}, {Name: "old", Age: age(20)}}
	sortOldestFirst(flags)
	var got []string
	for _, f := range flags {
		got = append(got, f.Name)
	}
	if want := []string{"old", "a", "b", "unknown"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}
