// Package templates holds the CI templates teams include rather than copy —
// flagsweep.yml, a GitLab CI/CD component — and tests for them and for the
// GitHub composite action at the repository root (action.yml). It has no
// Go code of its own: the tests are here, beside the templates, because
// what they test is YAML and shell, not the command.
//
// The tests take every command line from the templates themselves, never
// from a copy: each job script and action step runs as written, with its
// inputs substituted, a freshly built flagsweep on PATH in place of the
// `go install` line, and real git and sh, on a copy of examples/shop in a
// temporary repository. A template edit that breaks a job, its exit status
// handling or the report it publishes fails here, with no CI round trip.
package templates

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"go.yaml.in/yaml/v3"
)

// today pins the date the example's verdicts are computed for, as the
// Makefile's demo does.
const today = "2026-11-21"

// version is the flagsweep version the tests ask the templates to install.
const version = "v1.2.3"

// installLine is what a template's install line must come to, once its
// inputs and variables are substituted.
const installLine = "go install github.com/flagsweep/flagsweep/cmd/flagsweep@" + version

var tools struct {
	once              sync.Once
	err               error
	bin               string // the directory holding the test's flagsweep
	gocache, modcache string
}

// TestMain removes the binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if tools.bin != "" {
		os.RemoveAll(tools.bin)
	}
	os.Exit(code)
}

// setup builds flagsweep once for all tests and returns the environment
// template scripts run in: the test's flagsweep first on PATH, the go
// command's caches as they are (so nothing builds from cold), and
// everything else — home, git configuration, GOPATH — in a temporary
// directory, with no module downloads and nothing of the caller's CI,
// git or flagsweep variables.
func setup(t *testing.T) []string {
	t.Helper()
	for _, tool := range []string{"go", "git", "sh", "bash"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	tools.once.Do(func() {
		dir, err := os.MkdirTemp("", "flagsweep-templates-")
		if err != nil {
			tools.err = err
			return
		}
		tools.bin = dir
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "flagsweep"), "github.com/flagsweep/flagsweep/cmd/flagsweep")
		cmd.Dir = ".."
		if out, err := cmd.CombinedOutput(); err != nil {
			tools.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		out, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE").Output()
		if err != nil {
			tools.err = fmt.Errorf("go env: %v", err)
			return
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 2 {
			tools.err = fmt.Errorf("go env: %q", out)
			return
		}
		tools.gocache, tools.modcache = lines[0], lines[1]
	})
	if tools.err != nil {
		t.Fatal(tools.err)
	}
	tmp := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(k, "GIT_"), strings.HasPrefix(k, "FLAGSWEEP_"),
			strings.HasPrefix(k, "CI_"), strings.HasPrefix(k, "GITHUB_"), strings.HasPrefix(k, "GITLAB_"),
			slices.Contains([]string{"CI", "PATH", "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "GOPATH", "GOBIN", "GOCACHE", "GOMODCACHE", "GOPROXY"}, k):
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"PATH="+tools.bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"HOME="+filepath.Join(tmp, "home"),
		"XDG_CONFIG_HOME="+filepath.Join(tmp, "home", ".config"),
		"XDG_CACHE_HOME="+filepath.Join(tmp, "cache"),
		"GOPATH="+filepath.Join(tmp, "gopath"),
		"GOCACHE="+tools.gocache,
		"GOMODCACHE="+tools.modcache,
		"GOPROXY=off",
		"GIT_CONFIG_GLOBAL="+filepath.Join(tmp, "gitconfig"),
		"GIT_CONFIG_NOSYSTEM=1",
		"FLAGSWEEP_TODAY="+today,
	)
}

// lookup returns the value of key in env.
func lookup(env []string, key string) string {
	for _, kv := range slices.Backward(env) {
		if v, ok := strings.CutPrefix(kv, key+"="); ok {
			return v
		}
	}
	return ""
}

// shop copies examples/shop into a new repository with one commit on main,
// as a CI job finds it checked out.
func shop(t *testing.T, env []string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "shop")
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "examples", "shop"))); err != nil {
		t.Fatal(err)
	}
	git(t, env, dir, "init", "--quiet", "--initial-branch=main")
	git(t, env, dir, "add", "-A")
	// The identity for this commit only: the jobs must set up their own.
	git(t, env, dir, "-c", "user.name=Shop", "-c", "user.email=shop@example.com", "commit", "--quiet", "-m", "The shop")
	return dir
}

func git(t *testing.T, env []string, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// finding is what every format says of a finding: where, and which check.
type finding struct {
	File string
	Line int
	ID   string
}

// textLine is one finding of flagsweep lint's text format.
var textLine = regexp.MustCompile(`^(\S+):(\d+):(\d+): .* \(([a-z-]+)\)$`)

// lintText runs flagsweep lint (text) in dir itself: what the templates'
// reports must hold.
func lintText(t *testing.T, env []string, dir string) []finding {
	t.Helper()
	cmd := exec.Command(filepath.Join(tools.bin, "flagsweep"), "lint")
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("flagsweep lint on the example: %v, want exit status 1 (findings)\n%s", err, out)
	}
	var fs []finding
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		m := textLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("flagsweep lint printed %q", line)
		}
		n, _ := strconv.Atoi(m[2])
		fs = append(fs, finding{m[1], n, m[4]})
	}
	return sorted(fs)
}

func sorted(fs []finding) []finding {
	slices.SortFunc(fs, func(a, b finding) int {
		return strings.Compare(fmt.Sprint(a), fmt.Sprint(b))
	})
	return fs
}

// run runs a script in dir as the CI system would: "sh" with -e, as a
// GitLab runner (any command that fails ends the job), "bash" as GitHub's
// shell: bash. It returns the output and the exit status.
func run(t *testing.T, env []string, dir, shell, script string) (string, int) {
	t.Helper()
	var cmd *exec.Cmd
	switch shell {
	case "sh":
		cmd = exec.Command("sh", "-e", "-c", script)
	case "bash": // GitHub's `shell: bash`
		cmd = exec.Command("bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script)
	default:
		t.Fatalf("unknown shell %q", shell)
	}
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &ee):
		return string(out), ee.ExitCode()
	}
	t.Fatal(err)
	return "", 0
}

// withoutInstall drops a script's line installing flagsweep, which must
// install this version, after expand has substituted its variables: the
// test's flagsweep is on PATH instead. Every script installs it once.
func withoutInstall(t *testing.T, script string, expand func(string) string) string {
	t.Helper()
	var kept []string
	installs := 0
	for _, line := range strings.Split(script, "\n") {
		trimmed := strings.TrimSpace(line)
		if !strings.HasPrefix(trimmed, "go install ") {
			kept = append(kept, line)
			continue
		}
		installs++
		if got := strings.ReplaceAll(os.Expand(trimmed, expand), `"`, ""); got != installLine {
			t.Errorf("the script installs with %q (%q), want %q", trimmed, got, installLine)
		}
	}
	if installs != 1 {
		t.Errorf("the script installs flagsweep %d times, want once:\n%s", installs, script)
	}
	return strings.Join(kept, "\n")
}

// ---- GitLab ----

type gitlabSpec struct {
	Spec struct {
		Inputs map[string]struct {
			Description string `yaml:"description"`
			Type        string `yaml:"type"`
			Default     any    `yaml:"default"`
		} `yaml:"inputs"`
	} `yaml:"spec"`
}

type gitlabJob struct {
	Stage     string            `yaml:"stage"`
	Image     string            `yaml:"image"`
	Variables map[string]string `yaml:"variables"`
	Rules     []struct {
		If string `yaml:"if"`
	} `yaml:"rules"`
	Script       []string `yaml:"script"`
	AllowFailure struct {
		ExitCodes []int `yaml:"exit_codes"`
	} `yaml:"allow_failure"`
	Artifacts struct {
		When    string            `yaml:"when"`
		Reports map[string]string `yaml:"reports"`
	} `yaml:"artifacts"`
}

// gitlabComponent is templates/flagsweep.yml, parsed.
type gitlabComponent struct {
	spec gitlabSpec
	text string // the jobs document, for checking input references
	jobs map[string]*gitlabJob
}

func readGitLab(t *testing.T) *gitlabComponent {
	t.Helper()
	data, err := os.ReadFile("flagsweep.yml")
	if err != nil {
		t.Fatal(err)
	}
	// A component is two documents: the spec, then the jobs.
	header, jobs, ok := bytes.Cut(data, []byte("\n---\n"))
	if !ok {
		t.Fatal("flagsweep.yml has no --- between its spec and its jobs")
	}
	c := &gitlabComponent{text: string(jobs)}
	if err := yaml.Unmarshal(header, &c.spec); err != nil {
		t.Fatalf("the spec: %v", err)
	}
	if err := yaml.Unmarshal(jobs, &c.jobs); err != nil {
		t.Fatalf("the jobs: %v", err)
	}
	return c
}

var inputRef = regexp.MustCompile(`\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]`)

// inputs returns the component's inputs with their defaults, overridden.
func (c *gitlabComponent) inputs(t *testing.T, override map[string]string) map[string]string {
	t.Helper()
	in := make(map[string]string)
	for name, spec := range c.spec.Spec.Inputs {
		if spec.Default != nil {
			in[name] = fmt.Sprint(spec.Default)
		}
	}
	for name, v := range override {
		if _, ok := c.spec.Spec.Inputs[name]; !ok {
			t.Fatalf("the component has no input %s", name)
		}
		in[name] = v
	}
	return in
}

// interpolate substitutes $[[ inputs.name ]] as GitLab does when it
// includes the component.
func interpolate(t *testing.T, s string, inputs map[string]string) string {
	t.Helper()
	return inputRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := inputRef.FindStringSubmatch(ref)[1]
		v, ok := inputs[name]
		if !ok {
			t.Fatalf("%s: no such input, or it has no default", ref)
		}
		return v
	})
}

// ruleTerm is the one form of rules:if the component uses: $VAR == "value".
var ruleTerm = regexp.MustCompile(`^\$([A-Za-z_][A-Za-z0-9_]*) == "([^"]*)"$`)

// runs evaluates the job's rules for a pipeline with these variables (the
// job's own variables, interpolated, under the pipeline's, which GitLab
// gives precedence).
func (j *gitlabJob) runs(t *testing.T, inputs, pipeline map[string]string) bool {
	t.Helper()
	vars := make(map[string]string)
	for k, v := range j.Variables {
		vars[k] = interpolate(t, v, inputs)
	}
	maps.Copy(vars, pipeline)
	for _, r := range j.Rules {
		all := true
		for _, term := range strings.Split(r.If, "&&") {
			m := ruleTerm.FindStringSubmatch(strings.TrimSpace(term))
			if m == nil {
				t.Fatalf("rules:if %q: the test evaluates only $VAR == \"value\" joined by &&", r.If)
			}
			all = all && vars[m[1]] == m[2]
		}
		if all {
			return true
		}
	}
	return false
}

// run runs the job's script in dir, its entries one after another in one
// shell as a runner does, with its variables and the pipeline's.
func (j *gitlabJob) run(t *testing.T, env []string, dir string, inputs, pipeline map[string]string) (string, int) {
	t.Helper()
	if got := interpolate(t, j.Image, inputs); got != inputs["go_image"] {
		t.Errorf("image %q, want the go_image input", got)
	}
	if got := interpolate(t, j.Stage, inputs); got != inputs["stage"] {
		t.Errorf("stage %q, want the stage input", got)
	}
	env = slices.Clone(env)
	for k, v := range j.Variables {
		env = append(env, k+"="+interpolate(t, v, inputs))
	}
	for k, v := range pipeline {
		env = append(env, k+"="+v)
	}
	var entries []string
	for _, e := range j.Script {
		entries = append(entries, interpolate(t, e, inputs))
	}
	script := withoutInstall(t, strings.Join(entries, "\n"), func(string) string {
		t.Errorf("the GitLab install line uses a variable")
		return ""
	})
	return run(t, env, dir, "sh", script)
}

var (
	mrPipeline       = map[string]string{"CI_PIPELINE_SOURCE": "merge_request_event"}
	schedulePipeline = map[string]string{"CI_PIPELINE_SOURCE": "schedule"}
)

func TestGitLabComponent(t *testing.T) {
	c := readGitLab(t)
	for name, spec := range c.spec.Spec.Inputs {
		if spec.Description == "" {
			t.Errorf("input %s has no description", name)
		}
		if !strings.Contains(c.text, "inputs."+name+" ]]") {
			t.Errorf("input %s is not used", name)
		}
	}
	for _, m := range inputRef.FindAllStringSubmatch(c.text, -1) {
		if _, ok := c.spec.Spec.Inputs[m[1]]; !ok {
			t.Errorf("the jobs use input %s, which the spec lacks", m[1])
		}
	}
	if got := slices.Sorted(maps.Keys(c.jobs)); !slices.Equal(got, []string{"flagsweep-cleanup", "flagsweep-lint"}) {
		t.Fatalf("jobs %v, want flagsweep-cleanup and flagsweep-lint (each is run below)", got)
	}
	lint, cleanup := c.jobs["flagsweep-lint"], c.jobs["flagsweep-cleanup"]

	t.Run("rules", func(t *testing.T) {
		off, on := c.inputs(t, nil), c.inputs(t, map[string]string{"cleanup": "true"})
		for _, tc := range []struct {
			job      string
			inputs   map[string]string
			pipeline map[string]string
			want     bool
		}{
			{"flagsweep-lint", off, mrPipeline, true},
			{"flagsweep-lint", off, schedulePipeline, false},
			{"flagsweep-lint", off, map[string]string{"CI_PIPELINE_SOURCE": "push"}, false},
			{"flagsweep-cleanup", off, schedulePipeline, false},
			{"flagsweep-cleanup", on, schedulePipeline, true},
			{"flagsweep-cleanup", on, mrPipeline, false},
			{"flagsweep-cleanup", on, map[string]string{"CI_PIPELINE_SOURCE": "push"}, false},
			// A schedule may opt in with a variable of its own.
			{"flagsweep-cleanup", off, map[string]string{"CI_PIPELINE_SOURCE": "schedule", "FLAGSWEEP_CLEANUP": "true"}, true},
		} {
			if got := c.jobs[tc.job].runs(t, tc.inputs, tc.pipeline); got != tc.want {
				t.Errorf("%s with cleanup=%s in a pipeline with %v runs: %v, want %v", tc.job, tc.inputs["cleanup"], tc.pipeline, got, tc.want)
			}
		}
	})

	t.Run("lint", func(t *testing.T) {
		env := setup(t)
		dir := shop(t, env)
		want := lintText(t, env, dir)
		const report = "gl-code-quality-report.json"
		if lint.Artifacts.Reports["codequality"] != report || lint.Artifacts.When != "always" {
			t.Errorf("artifacts: %+v, want reports: codequality: %s, when: always", lint.Artifacts, report)
		}
		readReport := func() []finding {
			t.Helper()
			data, err := os.ReadFile(filepath.Join(dir, report))
			if err != nil {
				t.Fatal(err)
			}
			var issues []struct {
				Description string `json:"description"`
				CheckName   string `json:"check_name"`
				Fingerprint string `json:"fingerprint"`
				Severity    string `json:"severity"`
				Location    struct {
					Path  string `json:"path"`
					Lines struct {
						Begin int `json:"begin"`
					} `json:"lines"`
				} `json:"location"`
			}
			if err := json.Unmarshal(data, &issues); err != nil {
				t.Fatalf("the Code Quality report does not parse: %v\n%s", err, data)
			}
			fs := []finding{}
			for _, is := range issues {
				if is.Description == "" || is.Fingerprint == "" || !slices.Contains([]string{"info", "minor", "major", "critical", "blocker"}, is.Severity) {
					t.Errorf("Code Quality issue lacks what GitLab needs: %+v", is)
				}
				fs = append(fs, finding{is.Location.Path, is.Location.Lines.Begin, is.CheckName})
			}
			return sorted(fs)
		}

		// Findings (exit status 1) keep the job green, with the report.
		in := c.inputs(t, map[string]string{"version": version})
		out, code := lint.run(t, env, dir, in, mrPipeline)
		if code != 0 {
			t.Fatalf("with findings the job exits %d, want 0:\n%s", code, out)
		}
		if got := readReport(); !slices.Equal(got, want) {
			t.Errorf("the report holds\n%v\nwant flagsweep lint's findings\n%v", got, want)
		}

		// ... or fail it, still with the report.
		os.Remove(filepath.Join(dir, report))
		in = c.inputs(t, map[string]string{"version": version, "fail_on_findings": "true"})
		out, code = lint.run(t, env, dir, in, mrPipeline)
		if code != 1 || slices.Contains(lint.AllowFailure.ExitCodes, code) {
			t.Errorf("with fail_on_findings and findings the job exits %d, want 1, failing:\n%s", code, out)
		}
		if got := readReport(); !slices.Equal(got, want) {
			t.Errorf("the report holds\n%v\nwant\n%v", got, want)
		}

		// Packages narrow the run, through args.
		in = c.inputs(t, map[string]string{"version": version, "args": "./internal/shipping/..."})
		if out, code = lint.run(t, env, dir, in, mrPipeline); code != 0 {
			t.Errorf("with args the job exits %d:\n%s", code, out)
		}
		for _, f := range readReport() {
			if !strings.HasPrefix(f.File, "internal/shipping/") {
				t.Errorf("lint of ./internal/shipping/... reported %v", f)
			}
		}

		// flagsweep could not run (exit status 2): the job fails with it,
		// and the report still parses.
		in = c.inputs(t, map[string]string{"version": version, "args": "--config no-such-config.yaml"})
		out, code = lint.run(t, env, dir, in, mrPipeline)
		if code != 2 || !strings.Contains(out, "could not run") {
			t.Errorf("when flagsweep cannot run the job exits %d, want 2, saying so:\n%s", code, out)
		}
		if got := readReport(); len(got) != 0 {
			t.Errorf("the report of a run that could not start holds %v", got)
		}
	})

	t.Run("cleanup", func(t *testing.T) {
		env := setup(t)
		const token = "glpat-flagsweep-test-9f3c1a7e"
		dir := shop(t, env)
		var ready []struct {
			Name  string `json:"name"`
			Ready bool   `json:"ready"`
		}
		cmd := exec.Command(filepath.Join(tools.bin, "flagsweep"), "list", "--json")
		cmd.Dir, cmd.Env = dir, env
		data, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &ready); err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, f := range ready {
			if f.Ready {
				want = append(want, "flagsweep/remove-"+f.Name)
			}
		}
		if len(want) == 0 {
			t.Fatal("the example has no flag ready for removal")
		}

		// The remote: a bare repository that takes push options, as
		// GitLab does, and records them. The URL the job makes, with the
		// token, leads there; any other https URL fails at once.
		bare := filepath.Join(t.TempDir(), "shop.git")
		git(t, env, dir, "init", "--quiet", "--bare", bare)
		git(t, env, bare, "config", "receive.advertisePushOptions", "true")
		options := filepath.Join(t.TempDir(), "push-options")
		hook := "#!/bin/sh\ni=0\nwhile [ \"$i\" -lt \"${GIT_PUSH_OPTION_COUNT:-0}\" ]; do\n\teval \"printf '%s\\n' \\\"\\$GIT_PUSH_OPTION_$i\\\"\" >>" + strconv.Quote(options) + "\n\ti=$((i + 1))\ndone\n"
		if err := os.WriteFile(filepath.Join(bare, "hooks", "pre-receive"), []byte(hook), 0o755); err != nil {
			t.Fatal(err)
		}
		git(t, env, dir, "push", "--quiet", bare, "main")
		os.Remove(options)
		gitconfig := lookup(env, "GIT_CONFIG_GLOBAL")
		git(t, env, dir, "config", "--global", "url."+bare+".insteadOf", "https://oauth2:"+token+"@gitlab.example.com/shop/shop.git")
		git(t, env, dir, "config", "--global", "protocol.https.allow", "never")
		pipeline := map[string]string{
			"CI_PIPELINE_SOURCE":   "schedule",
			"CI_COMMIT_BRANCH":     "main",
			"CI_REPOSITORY_URL":    "https://gitlab-ci-token:job-token@gitlab.example.com/shop/shop.git",
			"FLAGSWEEP_PUSH_TOKEN": token,
		}
		in := c.inputs(t, map[string]string{"version": version, "cleanup": "true"})
		if !cleanup.runs(t, in, pipeline) {
			t.Fatal("the cleanup job does not run in the schedule that opts in")
		}
		out, code := cleanup.run(t, env, dir, in, pipeline)
		if code != 0 {
			t.Fatalf("the job exits %d, want 0:\n%s", code, out)
		}
		if strings.Contains(out, token) {
			t.Errorf("the job's output shows the token:\n%s", out)
		}
		if got := strings.Fields(git(t, env, bare, "for-each-ref", "--format=%(refname:short)", "refs/heads/flagsweep/")); !slices.Equal(got, want) {
			t.Errorf("the remote has branches %v, want one per ready flag, %v\njob output:\n%s", got, want, out)
		}
		opts, _ := os.ReadFile(options)
		if n := strings.Count(string(opts), "merge_request.create\n"); n != len(want) {
			t.Errorf("%d pushes asked for a merge request, want %d; push options:\n%s", n, len(want), opts)
		}
		if n := strings.Count(string(opts), "merge_request.target=main\n"); n != len(want) {
			t.Errorf("%d merge requests target main, want %d; push options:\n%s", n, len(want), opts)
		}
		// The token leaves nothing behind in the repository.
		if remotes := git(t, env, dir, "remote"); remotes != "" {
			t.Errorf("the job left remotes: %s", remotes)
		}
		if cfg, _ := os.ReadFile(filepath.Join(dir, ".git", "config")); strings.Contains(string(cfg), token) {
			t.Errorf(".git/config keeps the token:\n%s", cfg)
		}
		// The commits have the identity the job set up.
		author := git(t, env, bare, "log", "-1", "--format=%an <%ae>", want[0])
		if wantAuthor := in["git_user_name"] + " <" + in["git_user_email"] + ">"; author != wantAuthor {
			t.Errorf("cleanup commits by %q, want %q", author, wantAuthor)
		}

		// A push that fails names no token either: git prints URLs
		// without their credentials. (A closed local port: no network.)
		dir = shop(t, env)
		git(t, env, dir, "config", "--global", "protocol.https.allow", "always")
		pipeline["CI_REPOSITORY_URL"] = "https://gitlab-ci-token:job-token@127.0.0.1:1/shop/shop.git"
		in["cleanup_args"] = "--limit 1"
		out, code = cleanup.run(t, env, dir, in, pipeline)
		if code != 1 || !slices.Contains(cleanup.AllowFailure.ExitCodes, 1) || !strings.Contains(out, "push failed") {
			t.Errorf("a failed push: the job exits %d, want 1 (allowed to fail), saying the push failed:\n%s", code, out)
		}
		if strings.Contains(out, token) {
			t.Errorf("the output of a failed push shows the token:\n%s", out)
		}
		if cfg, _ := os.ReadFile(gitconfig); strings.Count(string(cfg), token) != 1 {
			t.Errorf("the global git configuration changed:\n%s", cfg)
		}

		// No token: the job stops before anything, saying what to set.
		delete(pipeline, "FLAGSWEEP_PUSH_TOKEN")
		out, code = cleanup.run(t, env, dir, in, pipeline)
		if code != 2 || !strings.Contains(out, "FLAGSWEEP_PUSH_TOKEN") {
			t.Errorf("without a token the job exits %d, want 2, naming FLAGSWEEP_PUSH_TOKEN:\n%s", code, out)
		}
	})
}

// ---- GitHub ----

type githubAction struct {
	Name   string `yaml:"name"`
	Inputs map[string]struct {
		Description string `yaml:"description"`
		Default     string `yaml:"default"`
	} `yaml:"inputs"`
	Outputs map[string]struct {
		Value string `yaml:"value"`
	} `yaml:"outputs"`
	Runs struct {
		Using string       `yaml:"using"`
		Steps []githubStep `yaml:"steps"`
	} `yaml:"runs"`
}

type githubStep struct {
	Name  string            `yaml:"name"`
	ID    string            `yaml:"id"`
	If    string            `yaml:"if"`
	Uses  string            `yaml:"uses"`
	With  map[string]string `yaml:"with"`
	Shell string            `yaml:"shell"`
	Env   map[string]string `yaml:"env"`
	Run   string            `yaml:"run"`
}

var (
	expression = regexp.MustCompile(`\$\{\{\s*(.*?)\s*\}\}`)
	// ifInput is the one form of if: the action uses.
	ifInput = regexp.MustCompile(`^inputs\.([A-Za-z0-9_-]+) (==|!=) '([^']*)'$`)
)

// actionRun is one run of the action, as a runner would make it.
type actionRun struct {
	inputs  map[string]string
	outputs map[string]map[string]string // step id → outputs
	ran     []string                     // the steps that ran, by name
	sarif   []finding                    // what the upload step uploaded
	out     string
	code    int // the exit status of the step that failed, or 0
}

// eval evaluates the expressions the action uses: inputs, and outputs of
// the steps before.
func (r *actionRun) eval(t *testing.T, s string) string {
	t.Helper()
	return expression.ReplaceAllStringFunc(s, func(e string) string {
		expr := expression.FindStringSubmatch(e)[1]
		if name, ok := strings.CutPrefix(expr, "inputs."); ok {
			v, ok := r.inputs[name]
			if !ok {
				t.Fatalf("%s: the action has no input %s", e, name)
			}
			return v
		}
		if parts := strings.Split(expr, "."); len(parts) == 4 && parts[0] == "steps" && parts[2] == "outputs" {
			return r.outputs[parts[1]][parts[3]]
		}
		t.Fatalf("%s: the test evaluates only inputs.* and steps.*.outputs.*", e)
		return ""
	})
}

// runAction runs the action's steps in dir as a runner does: in order, up
// to the first that fails, skipping those whose if is false; a run step
// with bash, its env evaluated, and GITHUB_OUTPUT and GITHUB_PATH honoured.
// upload-sarif is replaced by a check of the file it would upload.
func runAction(t *testing.T, a *githubAction, env []string, dir string, override map[string]string) *actionRun {
	t.Helper()
	r := &actionRun{inputs: make(map[string]string), outputs: make(map[string]map[string]string)}
	for name, in := range a.Inputs {
		r.inputs[name] = in.Default
	}
	for name, v := range override {
		if _, ok := a.Inputs[name]; !ok {
			t.Fatalf("the action has no input %s", name)
		}
		r.inputs[name] = v
	}
	var path []string
	for i, s := range a.Runs.Steps {
		if s.If != "" {
			m := ifInput.FindStringSubmatch(s.If)
			if m == nil {
				t.Fatalf("step %q: if %q: the test evaluates only inputs.x == or != 'value'", s.Name, s.If)
			}
			if (r.inputs[m[1]] == m[3]) != (m[2] == "==") {
				continue
			}
		}
		r.ran = append(r.ran, s.Name)
		switch {
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			t.Fatalf("step %q would install Go: the test uses the go it runs with", s.Name)
		case s.Uses == "github/codeql-action/upload-sarif@v3":
			r.sarif = readSARIF(t, filepath.Join(dir, r.eval(t, s.With["sarif_file"])))
			continue
		case s.Uses != "":
			t.Fatalf("step %q uses %s, which the test does not know", s.Name, s.Uses)
		}
		tmp := t.TempDir()
		output, pathFile := filepath.Join(tmp, "output"), filepath.Join(tmp, "path")
		stepEnv := map[string]string{}
		for k, v := range s.Env {
			stepEnv[k] = r.eval(t, v)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q pastes an expression into its script: pass it in env", s.Name)
		}
		script := s.Run
		if strings.Contains(script, "go install") {
			script = withoutInstall(t, script, func(k string) string { return stepEnv[k] })
		}
		e := slices.Clone(env)
		for k, v := range stepEnv {
			e = append(e, k+"="+v)
		}
		if len(path) > 0 {
			p := strings.Join(slices.Concat(path, []string{os.Getenv("PATH")}), string(os.PathListSeparator))
			// The test's flagsweep stays first, as if just installed.
			e = append(e, "PATH="+tools.bin+string(os.PathListSeparator)+p)
		}
		e = append(e, "GITHUB_OUTPUT="+output, "GITHUB_PATH="+pathFile, "GITHUB_WORKSPACE="+dir)
		if s.Shell != "bash" {
			t.Errorf("step %q: shell %q, want bash", s.Name, s.Shell)
		}
		out, code := run(t, e, dir, "bash", script)
		r.out += fmt.Sprintf("== step %d %s (exit %d)\n%s", i, s.Name, code, out)
		if s.ID != "" {
			r.outputs[s.ID] = readLines(t, output, true)
		}
		for p := range readLines(t, pathFile, false) {
			path = append([]string{p}, path...)
		}
		if code != 0 {
			r.code = code
			break
		}
	}
	return r
}

// readLines reads a GITHUB_OUTPUT (name=value lines) or GITHUB_PATH (one
// directory a line) file.
func readLines(t *testing.T, file string, pairs bool) map[string]string {
	t.Helper()
	m := make(map[string]string)
	f, err := os.Open(file)
	if errors.Is(err, os.ErrNotExist) {
		return m
	} else if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if !pairs {
			m[sc.Text()] = ""
			continue
		}
		k, v, ok := strings.Cut(sc.Text(), "=")
		if !ok {
			t.Fatalf("%s: %q is not name=value", file, sc.Text())
		}
		m[k] = v
	}
	return m
}

// readSARIF checks a file is the SARIF code scanning takes, and returns
// its results.
func readSARIF(t *testing.T, file string) []finding {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID string `json:"id"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID  string `json:"ruleId"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("%s does not parse: %v\n%s", file, err, data)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif") || len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "flagsweep" {
		t.Fatalf("%s is not one run of flagsweep in SARIF 2.1.0:\n%s", file, data)
	}
	rules := make(map[string]bool)
	for _, r := range log.Runs[0].Tool.Driver.Rules {
		rules[r.ID] = true
	}
	fs := []finding{}
	for _, r := range log.Runs[0].Results {
		if !rules[r.RuleID] || r.Message.Text == "" || len(r.Locations) != 1 || len(r.PartialFingerprints) == 0 {
			t.Errorf("SARIF result lacks what code scanning needs: %+v", r)
			continue
		}
		loc := r.Locations[0].PhysicalLocation
		if filepath.IsAbs(loc.ArtifactLocation.URI) || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("SARIF location %+v is not relative to %%SRCROOT%%", loc.ArtifactLocation)
		}
		fs = append(fs, finding{loc.ArtifactLocation.URI, loc.Region.StartLine, r.RuleID})
	}
	return sorted(fs)
}

func TestGitHubAction(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a githubAction
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	if a.Name == "" || a.Runs.Using != "composite" {
		t.Fatalf("action.yml: name %q, runs.using %q: want a named composite action", a.Name, a.Runs.Using)
	}
	for name, in := range a.Inputs {
		if in.Description == "" {
			t.Errorf("input %s has no description", name)
		}
		if !strings.Contains(string(data), "inputs."+name+" }}") {
			t.Errorf("input %s is not used", name)
		}
	}
	env := setup(t)
	dir := shop(t, env)
	want := lintText(t, env, dir)
	const sarif = "reports/flagsweep.sarif"
	if err := os.Mkdir(filepath.Join(dir, "reports"), 0o755); err != nil {
		t.Fatal(err)
	}
	allSteps := make(map[string]bool)
	for _, s := range a.Runs.Steps {
		if !strings.HasPrefix(s.Uses, "actions/setup-go@") {
			allSteps[s.Name] = false
		}
	}

	// Findings are uploaded, then fail the step (by default).
	r := runAction(t, &a, env, dir, map[string]string{"version": version, "sarif-file": sarif})
	if r.code != 1 {
		t.Errorf("with findings the action exits %d, want 1:\n%s", r.code, r.out)
	}
	if !slices.Equal(r.sarif, want) {
		t.Errorf("the upload holds\n%v\nwant flagsweep lint's findings\n%v\n%s", r.sarif, want, r.out)
	}
	if got := r.eval(t, a.Outputs["exit-code"].Value); got != "1" {
		t.Errorf("output exit-code = %q, want 1", got)
	}
	for _, s := range r.ran {
		allSteps[s] = true
	}

	// ... or only uploaded.
	os.Remove(filepath.Join(dir, sarif))
	r = runAction(t, &a, env, dir, map[string]string{"version": version, "sarif-file": sarif, "fail-on-findings": "false"})
	if r.code != 0 || !slices.Equal(r.sarif, want) {
		t.Errorf("with fail-on-findings false: exit %d, uploaded %v; want 0 and the findings:\n%s", r.code, r.sarif, r.out)
	}

	// flagsweep could not run: the action fails at once, uploading nothing.
	r = runAction(t, &a, env, dir, map[string]string{"version": version, "args": "--config no-such-config.yaml", "fail-on-findings": "false"})
	if r.code != 2 || r.sarif != nil || !strings.Contains(r.out, "could not run") {
		t.Errorf("when flagsweep cannot run: exit %d, uploaded %v; want 2 and no upload:\n%s", r.code, r.sarif, r.out)
	}

	// A clean tree: nothing to fail on, an empty upload.
	r = runAction(t, &a, env, dir, map[string]string{"version": version, "args": "./internal/feature"})
	if r.code != 0 || r.sarif == nil || len(r.sarif) != 0 {
		t.Errorf("on a package without findings: exit %d, uploaded %v; want 0 and an empty upload:\n%s", r.code, r.sarif, r.out)
	}

	for s, ran := range allSteps {
		if !ran {
			t.Errorf("step %q never ran", s)
		}
	}
}
