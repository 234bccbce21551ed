package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/project"
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
	var flags []*project.Flag
	for _, f := range p.Flags {
		if !*ready || f.Eval.Ready {
			flags = append(flags, f)
		}
	}
	if *asJSON {
		return writeJSON(e, listJSON(flags))
	}
	printTable(e.stdout, p, flags)
	return exitOK
}

// listItem is the JSON shape of one flag: a stable contract for scripts.
type listItem struct {
	Name           string   `json:"name"`
	Type           string   `json:"type"`
	Group          string   `json:"group"`
	Owners         []string `json:"owners"`
	Milestone      string   `json:"milestone"`
	Age            int      `json:"age"`
	DefaultEnabled bool     `json:"default_enabled"`
	// State is on, off or conditional: what the flag is for everyone.
	State string `json:"state"`
	// StateSource is "api" when the state source knows the flag,
	// "default" when it is at its default_enabled.
	StateSource string `json:"state_source"`
	Verdict     string `json:"verdict"`
	Reason      string `json:"reason"`
	Ready       bool   `json:"ready"`
	// Value is the final value when the flag is ready for removal, else
	// null.
	Value           *bool  `json:"value"`
	RolloutIssueURL string `json:"rollout_issue_url,omitempty"`
	File            string `json:"file"`
}

func listJSON(flags []*project.Flag) []listItem {
	items := make([]listItem, 0, len(flags))
	for _, f := range flags {
		it := listItem{
			Name:            f.Name,
			Type:            f.Type,
			Group:           f.Group,
			Owners:          f.Owners,
			Milestone:       f.Milestone.String(),
			Age:             f.Age,
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
		if f.State != lifecycle.Unknown {
			it.StateSource = "api"
		}
		if f.Eval.Ready {
			v := f.Eval.Value
			it.Value = &v
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

func printTable(w io.Writer, p *project.Project, flags []*project.Flag) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTYPE\tGROUP\tMILESTONE\tAGE\tDEFAULT\tSTATE\tVERDICT\tREADY")
	for _, f := range flags {
		group := f.GroupName()
		if group == "" {
			group = "-"
		}
		readyCol := ""
		if f.Eval.Ready {
			readyCol = "yes (" + onOff(f.Eval.Value) + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n",
			f.Name, f.Type, group, f.Milestone, f.Age, onOff(f.DefaultEnabled),
			stateCell(f), f.Eval.Verdict, readyCol)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%s at milestone %s (from %s).\n", summary(flags), p.Current, p.CurrentFrom)
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
