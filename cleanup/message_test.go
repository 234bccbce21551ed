package cleanup

import (
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/definitions"
	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/rewrite"
)

func flag() *project.Flag {
	return &project.Flag{
		Definition: &definitions.Definition{
			Name: "new_ui", Type: "beta", Group: "group::source code", Owners: []string{"ann", "bob"},
			Milestone:       lifecycle.Milestone{Major: 17, Minor: 0},
			RolloutIssueURL: "https://gitlab.example.com/x/-/issues/1",
		},
		Age:  9,
		Eval: lifecycle.Evaluation{Verdict: lifecycle.RolledOut, Ready: true, Value: true},
	}
}

func TestCommitMessage(t *testing.T) {
	msg := CommitMessage(flag(), &rewrite.Result{Changelog: &rewrite.Changelog{Trailer: "Changelog: other"}})
	lines := strings.Split(strings.TrimRight(msg, "\n"), "\n")
	if lines[0] != "Remove the `new_ui` feature flag" || lines[1] != "" {
		t.Errorf("subject: %q", lines[:2])
	}
	for _, l := range lines {
		if len(l) > 72 && !strings.Contains(l, "https://") {
			t.Errorf("line longer than 72: %q", l)
		}
	}
	if lines[len(lines)-1] != "Changelog: other" || lines[len(lines)-2] != "" {
		t.Errorf("the trailer must end the message in its own paragraph:\n%s", msg)
	}
	if !strings.Contains(msg, "Rollout issue: https://gitlab.example.com/x/-/issues/1\n") {
		t.Errorf("no rollout issue link:\n%s", msg)
	}
}

func TestPushOptions(t *testing.T) {
	opts := PushOptions(flag(), "main", "line one\nline two\n", []string{"cleanup"})
	want := []string{
		"merge_request.create",
		"merge_request.target=main",
		"merge_request.title=Remove the `new_ui` feature flag",
		`merge_request.description=line one\nline two`,
		"merge_request.remove_source_branch",
		"merge_request.label=group::source code",
		"merge_request.label=cleanup",
		"merge_request.assign=ann",
		"merge_request.assign=bob",
	}
	if strings.Join(opts, "\n") != strings.Join(want, "\n") {
		t.Errorf("push options:\n%s\nwant:\n%s", strings.Join(opts, "\n"), strings.Join(want, "\n"))
	}
	for _, o := range opts {
		if strings.Contains(o, "\n") {
			t.Errorf("git refuses newlines in push options: %q", o)
		}
	}
}
