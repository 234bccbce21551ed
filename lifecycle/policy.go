package lifecycle

import (
	"fmt"
	"sort"
	"strings"
)

// A Policy is what a flag type allows: whether it may be on by default, how
// many milestones it may live, and whether a tool may remove it once it has
// served its purpose.
type Policy struct {
	// MayDefaultOn reports whether default_enabled: true is allowed.
	MayDefaultOn bool
	// MaxAge is the number of milestones a flag of this type may live;
	// 0 means there is no limit.
	MaxAge int
	// Removable reports whether a flag of this type may be removed
	// automatically once it is rolled out or dead. Types that are not
	// (wip, experiment, ops, …) need a human decision first.
	Removable bool
	// Advice says what to do with a flag of this type that outlived
	// MaxAge; it completes the sentence "… is N milestones old; <type>
	// flags may live M: <advice>".
	Advice string
}

// A Table maps each known flag type to its policy.
type Table map[string]Policy

// DefaultTable returns GitLab's documented rules for every flag type. The
// caller owns the result and may override entries.
func DefaultTable() Table {
	return Table{
		"gitlab_com_derisk": {MayDefaultOn: false, MaxAge: 2, Removable: true,
			Advice: "finish the rollout and remove it"},
		"wip": {MayDefaultOn: false, MaxAge: 4, Removable: false,
			Advice: "retype it (beta or ops) or remove it"},
		"beta": {MayDefaultOn: true, MaxAge: 6, Removable: true,
			Advice: "finish the rollout and remove it"},
		"experiment": {MayDefaultOn: false, MaxAge: 6, Removable: false,
			Advice: "conclude the experiment and remove it"},
		"ops": {MayDefaultOn: true, MaxAge: 12, Removable: false,
			Advice: "re-check that it is still needed"},
		"worker":    {MayDefaultOn: false, MaxAge: 0, Removable: false},
		"undefined": {MayDefaultOn: false, MaxAge: 0, Removable: false},
		"development": {MayDefaultOn: true, MaxAge: 6, Removable: true,
			Advice: "finish the rollout and remove it (development is deprecated: retype it if it must stay)"},
	}
}

// Types returns the known type names in sorted order.
func (t Table) Types() []string {
	names := make([]string, 0, len(t))
	for name := range t {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Lookup returns the policy of a type, and an error naming the known types
// when there is none.
func (t Table) Lookup(typ string) (Policy, error) {
	p, ok := t[typ]
	if !ok {
		return Policy{}, fmt.Errorf("unknown flag type %q: use one of %s", typ, strings.Join(t.Types(), ", "))
	}
	return p, nil
}

// An Override changes some fields of a type's policy; nil fields keep the
// built-in value. It is the shape of one entry of `policy:` in the
// configuration.
type Override struct {
	MayDefaultOn *bool
	MaxAge       *int
	Removable    *bool
}

// Apply returns a copy of t with the override applied to typ. The type must
// be known: a policy for a misspelt type would otherwise silently apply to
// nothing.
func (t Table) Apply(typ string, o Override) (Table, error) {
	p, err := t.Lookup(typ)
	if err != nil {
		return nil, err
	}
	if o.MayDefaultOn != nil {
		p.MayDefaultOn = *o.MayDefaultOn
	}
	if o.MaxAge != nil {
		if *o.MaxAge < 0 {
			return nil, fmt.Errorf("max_age for %q must not be negative", typ)
		}
		p.MaxAge = *o.MaxAge
	}
	if o.Removable != nil {
		p.Removable = *o.Removable
	}
	out := make(Table, len(t))
	for k, v := range t {
		out[k] = v
	}
	out[typ] = p
	return out, nil
}
