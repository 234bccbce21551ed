package lifecycle

import (
	"strings"
	"testing"
	"time"
)

// TestPolicyTable pins every row of design.md's per-type table.
func TestPolicyTable(t *testing.T) {
	want := map[string]struct {
		mayDefaultOn bool
		maxAge       int
		removable    bool
	}{
		"gitlab_com_derisk": {false, 2, true},
		"wip":               {false, 4, false},
		"beta":              {true, 6, true},
		"experiment":        {false, 6, false},
		"ops":               {true, 12, false},
		"worker":            {false, 0, false},
		"undefined":         {false, 0, false},
		"development":       {true, 6, true},
	}
	table := DefaultTable()
	if len(table) != len(want) {
		t.Errorf("table has %d types, want %d", len(table), len(want))
	}
	for typ, w := range want {
		p, err := table.Lookup(typ)
		if err != nil {
			t.Errorf("Lookup(%q): %v", typ, err)
			continue
		}
		if p.MayDefaultOn != w.mayDefaultOn || p.MaxAge != w.maxAge || p.Removable != w.removable {
			t.Errorf("%s: got %+v, want %+v", typ, p, w)
		}
	}
	if _, err := table.Lookup("feature"); err == nil {
		t.Error("Lookup of an unknown type succeeded")
	}
}

func TestApply(t *testing.T) {
	table := DefaultTable()
	six, f := 9, false
	got, err := table.Apply("beta", Override{MaxAge: &six, MayDefaultOn: &f})
	if err != nil {
		t.Fatal(err)
	}
	if p := got["beta"]; p.MaxAge != 9 || p.MayDefaultOn || !p.Removable {
		t.Errorf("beta after override = %+v", p)
	}
	if table["beta"].MaxAge != 6 {
		t.Error("Apply modified its receiver")
	}
	if _, err := table.Apply("betta", Override{}); err == nil {
		t.Error("Apply to an unknown type succeeded")
	}
	neg := -1
	if _, err := table.Apply("beta", Override{MaxAge: &neg}); err == nil {
		t.Error("Apply of a negative max_age succeeded")
	}
}

func TestEvaluate(t *testing.T) {
	table := DefaultTable()
	today := time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)
	future := today.AddDate(0, 1, 0)
	past := today.AddDate(0, -1, 0)
	tests := []struct {
		name       string
		typ        string
		age        int
		def        bool
		state      State
		intendedBy time.Time
		verdict    Verdict
		ready      bool
		value      bool
		overdue    bool
	}{
		// active: young, not settled
		{"young beta off by default", "beta", 1, false, Unknown, time.Time{}, Active, false, false, false},
		{"young beta partly rolled out", "beta", 2, false, Conditional, time.Time{}, Active, false, false, false},
		{"beta at its max age", "beta", 6, false, Unknown, time.Time{}, Active, false, false, false},
		{"young wip", "wip", 1, false, Unknown, time.Time{}, Active, false, false, false},
		{"worker of any age", "worker", 40, false, Unknown, time.Time{}, Active, false, false, false},

		// rolled-out: on for everyone, by state or by default
		{"on by default, young", "beta", 1, true, Unknown, time.Time{}, RolledOut, false, true, false},
		{"on by default, at the cutoff", "beta", 4, true, Unknown, time.Time{}, RolledOut, true, true, false},
		{"enabled on the instance", "gitlab_com_derisk", 5, false, On, time.Time{}, RolledOut, true, true, true},
		{"enabled, below the cutoff", "gitlab_com_derisk", 3, false, On, time.Time{}, RolledOut, false, true, true},
		{"development flag on", "development", 8, true, Unknown, time.Time{}, RolledOut, true, true, true},
		{"intended date passed", "beta", 5, true, Unknown, past, RolledOut, true, true, false},

		// dead: off for everyone and past its age
		{"off by default, overdue, before cutoff", "beta", 7, false, Unknown, time.Time{}, Dead, false, false, true},
		{"off by default, at the disabled cutoff", "beta", 12, false, Unknown, time.Time{}, Dead, true, false, true},
		{"disabled on the instance", "gitlab_com_derisk", 13, true, Off, time.Time{}, Dead, true, false, true},

		// stale: overdue and neither on nor off for everyone
		{"conditional, overdue", "beta", 8, false, Conditional, time.Time{}, Stale, false, false, true},
		{"derisk conditional, overdue", "gitlab_com_derisk", 3, false, Conditional, time.Time{}, Stale, false, false, true},
		{"experiment conditional, overdue", "experiment", 9, false, Conditional, time.Time{}, Stale, false, false, true},

		// blocked: settled, but removal needs a human
		{"ops on for everyone", "ops", 3, true, Unknown, time.Time{}, Blocked, false, true, false},
		{"ops overdue", "ops", 14, true, Unknown, time.Time{}, Blocked, false, true, true},
		{"wip off, overdue", "wip", 6, false, Unknown, time.Time{}, Blocked, false, false, true},
		{"experiment on", "experiment", 2, false, On, time.Time{}, Blocked, false, true, false},
		{"intended date ahead", "beta", 5, true, Unknown, future, Blocked, false, true, false},
		{"intended date ahead, dead", "beta", 13, false, Off, future, Blocked, false, false, true},
		{"intended date today is not ahead", "beta", 5, true, Unknown, today, RolledOut, true, true, false},

		// an explicit state beats the default
		{"default on but off on the instance, young", "beta", 2, true, Off, time.Time{}, Active, false, false, false},
		{"default off but on the instance", "beta", 4, false, On, time.Time{}, RolledOut, true, true, false},

		// a future milestone is young
		{"introduced in the future", "beta", -2, true, Unknown, time.Time{}, RolledOut, false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := Evaluate(Input{
				Type:           tt.typ,
				Policy:         table[tt.typ],
				Age:            tt.age,
				DefaultEnabled: tt.def,
				State:          tt.state,
				IntendedBy:     tt.intendedBy,
				Today:          today,
				Cutoff:         DefaultCutoff,
			})
			if ev.Verdict != tt.verdict || ev.Ready != tt.ready || ev.Overdue != tt.overdue {
				t.Errorf("got verdict %s ready %v overdue %v (%s); want %s ready %v overdue %v",
					ev.Verdict, ev.Ready, ev.Overdue, ev.Reason, tt.verdict, tt.ready, tt.overdue)
			}
			if (ev.Verdict == RolledOut || ev.Verdict == Dead || ev.Verdict == Blocked) && ev.Value != tt.value {
				t.Errorf("value = %v, want %v", ev.Value, tt.value)
			}
			if ev.Reason == "" {
				t.Error("no reason given")
			}
			if ev.Ready && ev.Verdict != RolledOut && ev.Verdict != Dead {
				t.Errorf("ready with verdict %s", ev.Verdict)
			}
		})
	}
}

func TestEvaluateCutoff(t *testing.T) {
	// A configured cutoff moves readiness.
	in := Input{Type: "beta", Policy: DefaultTable()["beta"], Age: 2, DefaultEnabled: true, Cutoff: Cutoff{Enabled: 2, Disabled: 3}}
	if ev := Evaluate(in); !ev.Ready {
		t.Errorf("age 2 with cutoff 2: not ready (%s)", ev.Reason)
	}
	in.Age = 1
	if ev := Evaluate(in); ev.Ready {
		t.Errorf("age 1 with cutoff 2: ready")
	}
}

func TestStateString(t *testing.T) {
	for s, want := range map[State]string{Unknown: "unknown", On: "on", Off: "off", Conditional: "conditional"} {
		if s.String() != want {
			t.Errorf("%d.String() = %q, want %q", s, s.String(), want)
		}
	}
}

// TestEvaluateGoDeclared covers what flags declared in Go add: a lock to
// the default (featuregate's LockToDefault, Runner's Deprecated), an
// unknown age (no version in the declaration), a to-be-removed-with
// milestone.
func TestEvaluateGoDeclared(t *testing.T) {
	table := DefaultTable()
	m := func(s string) Milestone {
		v, err := ParseMilestone(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name    string
		in      Input
		verdict Verdict
		ready   bool
		value   bool
		reason  string
	}{
		{"locked on, young", Input{Type: "beta", Age: 1, DefaultEnabled: true, Locked: true},
			RolledOut, true, true, "locked on: ready for removal"},
		{"locked off, young", Input{Type: "beta", Age: 0, Locked: true},
			Dead, true, false, "locked off: ready for removal"},
		{"locked overrides the instance", Input{Type: "beta", Age: 1, DefaultEnabled: true, Locked: true, State: Off},
			RolledOut, true, true, "locked on"},
		{"locked, not removable", Input{Type: "wip", Age: 1, DefaultEnabled: false, Locked: true},
			Blocked, false, false, "never removed automatically"},
		{"age unknown, on", Input{Type: "beta", AgeUnknown: true, DefaultEnabled: true},
			RolledOut, false, true, "age unknown: give it a version"},
		{"age unknown is never overdue", Input{Type: "wip", AgeUnknown: true, Age: 0},
			Active, false, false, ""},
		{"to be removed with a later milestone", Input{Type: "beta", AgeUnknown: true, DefaultEnabled: true}.WithRemoveWith(true, m("19.7"), m("19.5")),
			Blocked, false, true, "to be removed with 19.7"},
		{"to be removed with this milestone", Input{Type: "beta", AgeUnknown: true, DefaultEnabled: false}.WithRemoveWith(true, m("19.7"), m("19.7")),
			Dead, true, false, "off by default, to be removed with 19.7: ready for removal"},
		{"no current milestone: not due", Input{Type: "beta", AgeUnknown: true, DefaultEnabled: true}.WithRemoveWith(true, m("19.7"), Milestone{}),
			Blocked, false, true, "to be removed with 19.7"},
		{"locked, to be removed with a later milestone: settled", Input{Type: "beta", Age: 2, DefaultEnabled: true, Locked: true}.WithRemoveWith(true, m("19.7"), m("19.5")),
			Blocked, false, true, "locked on, but it is to be removed with 19.7"},
		{"deprecated, to be removed with a later milestone: users may still set it", Input{Type: "beta", Age: 2, Locked: true, Deprecated: true}.WithRemoveWith(true, m("19.7"), m("19.5")),
			Blocked, false, false, "locked off, but it is to be removed with 19.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Policy = table[tt.in.Type]
			tt.in.Cutoff = DefaultCutoff
			ev := Evaluate(tt.in)
			// Settled: locked, and blocked only by its remove_with.
			settled := tt.in.Locked && !tt.in.Deprecated && tt.verdict == Blocked && strings.Contains(tt.reason, "to be removed with")
			if ev.Settled != settled {
				t.Errorf("settled = %t, want %t", ev.Settled, settled)
			}
			if ev.Verdict != tt.verdict || ev.Ready != tt.ready || ev.Value != tt.value || !strings.Contains(ev.Reason, tt.reason) {
				t.Errorf("got %s ready=%t value=%t (%s), want %s ready=%t value=%t (…%s…)",
					ev.Verdict, ev.Ready, ev.Value, ev.Reason, tt.verdict, tt.ready, tt.value, tt.reason)
			}
		})
	}
}
