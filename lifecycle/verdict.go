package lifecycle

import (
	"fmt"
	"time"
)

// A State is a flag's rollout state on the running instance.
type State int

const (
	// Unknown means no state source says anything about the flag: it is at
	// its default_enabled value (GitLab persists only flags someone set).
	Unknown State = iota
	// On means on for everyone (a boolean gate, or 100 % of the time).
	On
	// Off means off for everyone.
	Off
	// Conditional means on for some actors, groups or a percentage: never
	// rolled out.
	Conditional
)

// String returns the Features API spelling of the state.
func (s State) String() string {
	switch s {
	case On:
		return "on"
	case Off:
		return "off"
	case Conditional:
		return "conditional"
	}
	return "unknown"
}

// A Verdict classifies a flag's place in its life.
type Verdict string

// The verdicts, in the spelling used by `flagsweep list` and its JSON.
const (
	// Active: young enough for its type and not yet done.
	Active Verdict = "active"
	// Stale: older than its type allows and still neither fully on nor off.
	Stale Verdict = "stale"
	// RolledOut: on for everyone.
	RolledOut Verdict = "rolled-out"
	// Dead: off for everyone and past its age.
	Dead Verdict = "dead"
	// Blocked: rolled out or dead, but removal waits on a human: the type is
	// never auto-removable, or intended_to_rollout_by is still ahead.
	Blocked Verdict = "blocked"
)

// Cutoff is the housekeeping cutoff, in milestones: how long a rolled-out
// (Enabled) or dead (Disabled) flag is kept before it is ready for removal,
// so that self-managed instances get a release to react. GitLab uses 4 and 12.
type Cutoff struct {
	Enabled, Disabled int
}

// DefaultCutoff is GitLab's housekeeping cutoff.
var DefaultCutoff = Cutoff{Enabled: 4, Disabled: 12}

// Input is everything a verdict depends on.
type Input struct {
	Type   string
	Policy Policy
	// Age is the number of milestones since the flag was introduced.
	Age            int
	DefaultEnabled bool
	State          State
	// IntendedBy is the definition's intended_to_rollout_by date; zero if
	// unset.
	IntendedBy time.Time
	// Today is the date the verdict is for.
	Today  time.Time
	Cutoff Cutoff
	// AgeUnknown reports that the flag's milestone is unknown (a Go
	// declaration without a version): it is never overdue, and ready only
	// when Locked.
	AgeUnknown bool
	// Locked reports a flag that can no longer change from its default:
	// settled at it, and ready for removal whatever its age.
	Locked bool
	// Deprecated reports that the lock is a deprecation users may still
	// override until the flag goes: such a flag is never Settled.
	Deprecated bool
	// RemoveWith is the milestone the flag is to be removed with, if its
	// declaration names one; RemoveDue reports that it has come, which
	// makes the flag Locked. Until then a settled flag is blocked.
	RemoveWith string
	RemoveDue  bool
}

// An Evaluation is the verdict with its consequences and the reason, in
// words, that a person can check.
type Evaluation struct {
	Verdict Verdict
	// Effective is the state the flag is in for everyone: On, Off or
	// Conditional (an Unknown state resolves to the default).
	Effective State
	// Ready reports whether the flag is ready for removal: rolled-out or
	// dead, past the housekeeping cutoff, and not blocked.
	Ready bool
	// Value is the flag's final value: meaningful when Verdict is RolledOut
	// or Dead (or Blocked on top of one of them).
	Value bool
	// Overdue reports whether the flag is older than its type allows.
	Overdue bool
	// Settled reports a flag locked to its value whose only block is
	// the version its declaration goes in (remove_with): its code can
	// be folded now, the declaration kept until then (remove
	// --keep-declaration) — the OpenTelemetry Collector's convention for
	// stable gates. A settled flag is Blocked, never Ready.
	Settled bool
	// Reason explains the verdict in one lowercase phrase.
	Reason string
}

// Evaluate computes a flag's verdict as design.md defines it:
//
//   - rolled-out: on for everyone;
//   - dead: off for everyone and older than its type allows;
//   - blocked: rolled-out or dead, but the type is never auto-removable or
//     intended_to_rollout_by is still in the future;
//   - stale: older than its type allows (and not one of the above);
//   - active: everything else.
//
// A flag is ready for removal when it is rolled-out or dead and at least
// Cutoff.Enabled (resp. Cutoff.Disabled) milestones old.
func Evaluate(in Input) Evaluation {
	ev := Evaluation{Effective: in.State}
	if in.RemoveDue {
		in.Locked = true
	}
	if in.State == Unknown || in.Locked {
		ev.Effective = Off
		if in.DefaultEnabled {
			ev.Effective = On
		}
	}
	ev.Overdue = in.Policy.MaxAge > 0 && in.Age > in.Policy.MaxAge && !in.AgeUnknown

	var done Verdict // RolledOut or Dead, if the flag has settled
	switch {
	case ev.Effective == On:
		done, ev.Value = RolledOut, true
	case ev.Effective == Off && (ev.Overdue || in.Locked):
		done, ev.Value = Dead, false
	}

	if done == "" {
		if ev.Overdue {
			ev.Verdict = Stale
			ev.Reason = fmt.Sprintf("%s; %s flags may live %s", age(in.Age), in.Type, plural(in.Policy.MaxAge, "milestone"))
			if ev.Effective == Conditional {
				ev.Reason += ", and it is still only partly rolled out"
			}
			return ev
		}
		ev.Verdict = Active
		ev.Reason = fmt.Sprintf("%s, %s", age(in.Age), describe(ev.Effective, in.State))
		return ev
	}

	cutoff := in.Cutoff.Enabled
	if done == Dead {
		cutoff = in.Cutoff.Disabled
	}
	settled := fmt.Sprintf("%s for everyone, %s", onOff(ev.Value), age(in.Age))
	switch {
	case in.RemoveDue:
		settled = fmt.Sprintf("%s by default, to be removed with %s", onOff(ev.Value), in.RemoveWith)
	case in.Locked:
		settled = fmt.Sprintf("locked %s", onOff(ev.Value))
	case in.AgeUnknown:
		settled = fmt.Sprintf("%s for everyone, age unknown", onOff(ev.Value))
	}

	switch {
	case !in.IntendedBy.IsZero() && in.Today.Before(in.IntendedBy):
		ev.Verdict = Blocked
		ev.Reason = fmt.Sprintf("%s, but intended_to_rollout_by is %s", settled, in.IntendedBy.Format(time.DateOnly))
	case in.RemoveWith != "" && !in.RemoveDue:
		ev.Verdict = Blocked
		ev.Reason = fmt.Sprintf("%s, but it is to be removed with %s", settled, in.RemoveWith)
		ev.Settled = in.Locked && !in.Deprecated
	case !in.Policy.Removable:
		ev.Verdict = Blocked
		ev.Reason = fmt.Sprintf("%s, but %s flags are never removed automatically", settled, in.Type)
	default:
		ev.Verdict = done
		ev.Ready = in.Locked || !in.AgeUnknown && in.Age >= cutoff
		switch {
		case ev.Ready:
			ev.Reason = fmt.Sprintf("%s: ready for removal", settled)
		case in.AgeUnknown:
			ev.Reason = fmt.Sprintf("%s: give it a version to know when it is removable", settled)
		default:
			ev.Reason = fmt.Sprintf("%s: removable at %s old", settled, plural(cutoff, "milestone"))
		}
	}
	return ev
}

func onOff(v bool) string {
	if v {
		return "on"
	}
	return "off"
}

func describe(effective, given State) string {
	switch {
	case effective == Conditional:
		return "partly rolled out"
	case given == Unknown:
		return onOff(effective == On) + " by default"
	}
	return onOff(effective == On) + " for everyone"
}

func age(n int) string {
	if n < 0 {
		return fmt.Sprintf("introduced %s from now", plural(-n, "milestone"))
	}
	return plural(n, "milestone") + " old"
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// WithRemoveWith returns in with RemoveWith set from a declaration's
// to-be-removed-with milestone (when it has one), due when current has
// reached it.
func (in Input) WithRemoveWith(has bool, removeWith, current Milestone) Input {
	if has {
		in.RemoveWith = removeWith.String()
		in.RemoveDue = !current.IsZero() && current.Compare(removeWith) >= 0
	}
	return in
}
