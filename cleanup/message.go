package cleanup

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/rewrite"
)

// Title is the commit subject and merge request title.
func Title(f *project.Flag) string {
	return fmt.Sprintf("Remove the `%s` feature flag", f.Name)
}

// why says, in a sentence or two, why the flag qualified and what the
// code does now.
func why(f *project.Flag) string {
	state := "on"
	if !f.Eval.Value {
		state = "off"
	}
	source := "on the instance"
	if f.State == lifecycle.Unknown {
		source = "by default: no instance state overrides it"
	}
	group := ""
	if f.Group != "" {
		group = " of " + f.Group
	}
	s := fmt.Sprintf("`%s` is a %s flag%s, introduced in %s, %s ago. It has been %s for everyone (%s) and is past the housekeeping cutoff, so it is ready for removal (verdict: %s).",
		f.Name, f.Type, group, f.Milestone, plural(f.Age, "milestone"), state, source, f.Eval.Verdict)
	if f.Eval.Value {
		return s + " The code now behaves as if it were always on."
	}
	return s + " The code now behaves as if it were always off, and the code behind it is gone."
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// links are the definition's links, labelled, in a stable order.
func links(f *project.Flag) [][2]string {
	var out [][2]string
	for _, l := range [][2]string{
		{"Rollout issue", f.RolloutIssueURL},
		{"Feature issue", f.FeatureIssueURL},
		{"Introduced by", f.IntroducedByURL},
	} {
		if l[1] != "" {
			out = append(out, l)
		}
	}
	return out
}

// CommitMessage returns the cleanup commit's message: the subject, why the
// flag qualified, its links, and the Changelog trailer.
func CommitMessage(f *project.Flag, r *rewrite.Result) string {
	var b strings.Builder
	b.WriteString(Title(f) + "\n\n")
	b.WriteString(wrap(why(f), 72) + "\n")
	if ls := links(f); len(ls) > 0 {
		b.WriteString("\n")
		for _, l := range ls {
			fmt.Fprintf(&b, "%s: %s\n", l[0], l[1])
		}
	}
	b.WriteString("\n" + r.Changelog.Trailer + "\n")
	return b.String()
}

// wrap wraps text at width columns, at spaces.
func wrap(text string, width int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = w
			continue
		}
		if line == "" {
			line = w
		} else {
			line += " " + w
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// Description returns the merge request description, in Markdown: why the
// flag qualified, who owns it, the links, what the codemod changed, what
// it left for a human, and what to do after merging.
func Description(f *project.Flag, r *rewrite.Result, base string) string {
	var b strings.Builder
	b.WriteString(why(f) + "\n\n")
	owners := "none listed"
	if len(f.Owners) > 0 {
		var at []string
		for _, o := range f.Owners {
			at = append(at, "@"+o)
		}
		owners = strings.Join(at, ", ")
	}
	group := f.Group
	if group == "" {
		group = "no group"
	}
	fmt.Fprintf(&b, "**Owners:** %s (%s)\n\n", group, owners)
	for _, l := range links(f) {
		fmt.Fprintf(&b, "**%s:** %s\n\n", l[0], l[1])
	}

	added, removed := r.LineCounts()
	rewritten := 0
	for _, s := range r.Sites {
		if s.Status == "rewritten" {
			rewritten++
		}
	}
	b.WriteString("### What flagsweep changed\n\n")
	fmt.Fprintf(&b, "%d references rewritten; %d files, +%d −%d lines, into `%s`:\n\n", rewritten, len(r.Files), added, removed, base)
	for _, fc := range r.Files {
		what := "changed"
		switch {
		case fc.Deleted:
			what = "deleted"
		case fc.Created:
			what = "created"
		}
		fmt.Fprintf(&b, "- `%s` (%s)\n", fc.Path, what)
	}
	if cl := r.Changelog; cl != nil && cl.File == "" {
		fmt.Fprintf(&b, "\nThe commit carries the changelog trailer `%s`.\n", cl.Trailer)
	}

	var human []string
	for _, s := range r.Sites {
		if s.Status == "refused" {
			human = append(human, fmt.Sprintf("`%s`: %s", s.Pos, s.Reason))
		}
	}
	var gen []string
	seen := make(map[string]bool)
	for _, s := range r.Generated {
		if !seen[s.Pos.File] {
			seen[s.Pos.File] = true
			gen = append(gen, s.Pos.File)
		}
	}
	sort.Strings(gen)
	for _, g := range gen {
		human = append(human, fmt.Sprintf("regenerate `%s`, a generated file that still refers to the flag", g))
	}
	for _, u := range r.Unchecked {
		human = append(human, fmt.Sprintf("`%s` is excluded by build constraints where flagsweep ran: check it builds", u))
	}
	for _, m := range r.Mentions {
		human = append(human, fmt.Sprintf("`%s:%d` still mentions the flag: %s", m.File, m.Line, strings.ReplaceAll(m.Text, "`", "'")))
	}
	if len(human) > 0 {
		b.WriteString("\n### Left for a human\n\n")
		for _, h := range human {
			fmt.Fprintf(&b, "- [ ] %s\n", h)
		}
	}

	b.WriteString("\n### After merging\n\n")
	fmt.Fprintf(&b, "- [ ] Delete the flag from every environment: `/chatops run feature delete %s --dev --staging --production`\n", f.Name)
	if f.RolloutIssueURL != "" {
		fmt.Fprintf(&b, "- [ ] Close the rollout issue %s\n", f.RolloutIssueURL)
	} else {
		b.WriteString("- [ ] Close the rollout issue\n")
	}
	b.WriteString("\n_Made by `flagsweep cleanup`._\n")
	return b.String()
}

// PushOptions returns the GitLab push options that open the merge request:
// its target, title, description, labels (the owning group and the
// configured ones) and assignees (the owners). Git forbids newlines in
// push options; GitLab turns a literal \n in the description back into
// one.
func PushOptions(f *project.Flag, base, desc string, labels []string) []string {
	opts := []string{
		"merge_request.create",
		"merge_request.target=" + base,
		"merge_request.title=" + Title(f),
		"merge_request.description=" + strings.ReplaceAll(strings.TrimRight(desc, "\n"), "\n", `\n`),
		"merge_request.remove_source_branch",
	}
	if f.Group != "" {
		opts = append(opts, "merge_request.label="+f.Group)
	}
	for _, l := range labels {
		opts = append(opts, "merge_request.label="+l)
	}
	for _, o := range f.Owners {
		opts = append(opts, "merge_request.assign="+o)
	}
	return opts
}
