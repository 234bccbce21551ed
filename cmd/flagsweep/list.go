package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/scan"
)

func runList(e *env, args []string) int {
	fs := newFlagSet(e, "list", "[--ready] [--json]", "list every flag with its owner, age, state and verdict")
	var c common
	c.register(fs)
	ready := fs.Bool("ready", false, "show only flags ready for removal")
	asJSON := fs.Bool("json", false, "print JSON, one object per flag")
	rest, code, done := parse(fs, args)
	if done {
		return code
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "flagsweep list: unexpected argument %q\n", rest[0])
		return exitError
	}
	p, err := c.open(e)
	if err != nil {
		return fail(e, err)
	}
	l := &linter{e: e, p: p}
	var refs map[string][]scan.Ref
	if l.hasCode() {
		res, err := scan.Run(e.ctx, scan.Options{Project: p})
		if err != nil {
			return fail(e, err)
		}
		for _, w := range res.Warnings {
			fmt.Fprintln(e.stderr, w)
		}
		for _, pr := range res.Problems {
			fmt.Fprintln(e.stderr, "warning: "+pr.String())
		}
		refs = make(map[string][]scan.Ref)
		for _, r := range res.Refs {
			if !r.Dynamic {
				refs[r.Flag] = append(refs[r.Flag], r)
			}
		}
	}
	var flags []*project.Flag
	for _, f := range p.Flags {
		if !*ready || f.Eval.Ready {
			flags = append(flags, f)
		}
	}
	if *asJSON {
		return writeJSON(e, listJSON(flags, refs))
	}
	printTable(e.stdout, p, flags, refs)
	return exitOK
}

// listItem is the JSON shape of one flag: a stable contract for scripts.
type listItem struct {
	Name   string   `json:"name"`
	Type   string   `json:"type"`
	Group  string   `json:"group"`
	Owners []string `json:"owners"`
	// Milestone is empty, and Age null, for a flag declared in Go
	// without a version: its age is unknown.
	Milestone string `json:"milestone"`
	Age       *int   `json:"age"`
	// RemoveWith is the milestone a Go declaration says the flag goes
	// with (GitLab Runner's ToBeRemovedWith), if any.
	RemoveWith     string `json:"remove_with,omitempty"`
	Locked         bool   `json:"locked,omitempty"`
	DefaultEnabled bool   `json:"default_enabled"`
	// State is on, off or conditional: what the flag is for everyone.
	State string `json:"state"`
	// StateSource is "api" when the state source knows the flag,
	// "default" when it is at its default_enabled.
	StateSource string `json:"state_source"`
	Verdict     string `json:"verdict"`
	Reason      string `json:"reason"`
	Ready       bool   `json:"ready"`
	// Settled reports a flag locked to its value whose declaration
	// waits for its remove_with version: its code can go now (remove
	// --keep-declaration).
	Settled bool `json:"settled,omitempty"`
	// Value is the final value when the flag is ready for removal, else
	// null.
	Value           *bool  `json:"value"`
	RolloutIssueURL string `json:"rollout_issue_url,omitempty"`
	File            string `json:"file"`
	// References are where code refers to the flag; null when no code
	// was scanned (no accessors configured).
	References []refItem `json:"references"`
}

type refItem struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	// Kind is check, declare, override or feature-set.
	Kind      string `json:"kind"`
	Via       string `json:"via"`
	Generated bool   `json:"generated,omitempty"`
}

func listJSON(flags []*project.Flag, refs map[string][]scan.Ref) []listItem {
	items := make([]listItem, 0, len(flags))
	for _, f := range flags {
		it := listItem{
			Name:            f.Name,
			Type:            f.Type,
			Group:           f.Group,
			Owners:          f.Owners,
			Locked:          f.Locked,
			DefaultEnabled:  f.DefaultEnabled,
			State:           f.Eval.Effective.String(),
			StateSource:     "default",
			Verdict:         string(f.Eval.Verdict),
			Reason:          f.Eval.Reason,
			Ready:           f.Eval.Ready,
			RolloutIssueURL: f.RolloutIssueURL,
			File:            f.File,
		}
		if it.Owners == nil {
			it.Owners = []string{}
		}
		if !f.NoMilestone {
			age := f.Age
			it.Milestone, it.Age = f.Milestone.String(), &age
		}
		if f.HasRemoveWith {
			it.RemoveWith = f.RemoveWith.String()
		}
		if f.State != lifecycle.Unknown {
			it.StateSource = "api"
		}
		if f.Eval.Ready {
			v := f.Eval.Value
			it.Value = &v
		}
		it.Settled = f.Eval.Settled
		if refs != nil {
			it.References = []refItem{}
			for _, r := range refs[f.Name] {
				it.References = append(it.References, refItem{
					File: r.Pos.File, Line: r.Pos.Line, Column: r.Pos.Column,
					Kind: r.Kind.String(), Via: r.Via, Generated: r.Generated,
				})
			}
		}
		items = append(items, it)
	}
	return items
}

func writeJSON(e *env, v any) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fail(e, err)
	}
	return exitOK
}

func printTable(w io.Writer, p *project.Project, flags []*project.Flag, refs map[string][]scan.Ref) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	refsHeader := ""
	if refs != nil {
		refsHeader = "\tREFS"
	}
	fmt.Fprintln(tw, "NAME\tTYPE\tGROUP\tMILESTONE\tAGE\tDEFAULT\tSTATE\tVERDICT"+refsHeader+"\tREADY")
	for _, f := range flags {
		group := f.GroupName()
		if group == "" && len(f.Owners) > 0 {
			group = "@" + strings.Join(f.Owners, ",@") // featuregate's // owner: comments
		}
		if group == "" {
			group = "-"
		}
		milestone, age := f.Milestone.String(), strconv.Itoa(f.Age)
		if f.NoMilestone {
			milestone, age = "-", "-"
		}
		readyCol := ""
		switch {
		case f.Eval.Ready:
			readyCol = "yes (" + onOff(f.Eval.Value) + ")"
		case f.Eval.Settled:
			// Its checks can go now, its declaration later.
			readyCol = "code (" + onOff(f.Eval.Value) + ")"
		}
		refsCol := ""
		if refs != nil {
			refsCol = fmt.Sprintf("\t%d", countChecks(refs[f.Name]))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s%s\t%s\n",
			f.Name, f.Type, group, milestone, age, onOff(f.DefaultEnabled),
			stateCell(f), f.Eval.Verdict, refsCol, readyCol)
	}
	tw.Flush()
	if p.CurrentFrom == "" {
		fmt.Fprintf(w, "\n%s.\n", summary(flags)) // no flag has a milestone
		return
	}
	fmt.Fprintf(w, "\n%s at milestone %s (from %s).\n", summary(flags), p.Current, p.CurrentFrom)
}

// countChecks counts the references that evaluate the flag.
func countChecks(refs []scan.Ref) int {
	n := 0
	for _, r := range refs {
		if r.Kind == flagrefs.Check {
			n++
		}
	}
	return n
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// stateCell shows the state for everyone, and whether it is only the
// default.
func stateCell(f *project.Flag) string {
	switch {
	case f.State == lifecycle.Unknown:
		return f.Eval.Effective.String() + " (default)"
	case f.State == lifecycle.Conditional && f.Feature != nil && f.Feature.Percentage > 0:
		return fmt.Sprintf("conditional %d%%", f.Feature.Percentage)
	}
	return f.State.String()
}

// summary counts flags by verdict: "12 flags: 3 ready for removal, 2 stale".
func summary(flags []*project.Flag) string {
	counts := make(map[lifecycle.Verdict]int)
	ready := 0
	for _, f := range flags {
		counts[f.Eval.Verdict]++
		if f.Eval.Ready {
			ready++
		}
	}
	parts := []string{fmt.Sprintf("%d ready for removal", ready)}
	for _, v := range []lifecycle.Verdict{lifecycle.RolledOut, lifecycle.Dead, lifecycle.Stale, lifecycle.Blocked, lifecycle.Active} {
		if counts[v] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[v], v))
		}
	}
	noun := "flags"
	if len(flags) == 1 {
		noun = "flag"
	}
	return fmt.Sprintf("%d %s: %s", len(flags), noun, strings.Join(parts, ", "))
}
