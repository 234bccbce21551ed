// Command recall measures flagsweep against a flag removal its
// maintainers made by hand: it removes the same flag from the commit's
// parent and compares the Go lines the two changes add and delete.
//
//	go run ./scripts/recall [-flagsweep PATH] [-config FILE] [-C SUBDIR] [-logs DIR] DIR COMMIT -- REMOVE-ARGS...
//
// DIR is a git checkout holding COMMIT (a bare mirror will do); it is
// never touched: recall adds a detached worktree of COMMIT^ in a temporary
// directory. FILE, when given, is copied there as SUBDIR/.flagsweep.yaml
// (for an older release configured after the fact). recall runs
// `flagsweep remove REMOVE-ARGS --write` in SUBDIR, then, in SUBDIR and in
// every nested module holding a changed file, `go build ./...` and `go vet`
// of the packages whose files changed, and prints one line:
//
//	COMMIT ARGS exit=N recall=R precision=P ours=A theirs=B build=ok vet=ok
//
// Recall is the share of the maintainers' changed Go lines (added or
// deleted, blank lines and vendor/ left out) that flagsweep's change holds
// too, matched as a multiset per file, sign and trimmed text; precision is
// the share of flagsweep's lines that are the maintainers'. The measure is
// crude on purpose: it needs no judgement, so the same run gives the same
// number every time and a regression shows as a drop.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	bin := flag.String("flagsweep", "flagsweep", "the flagsweep binary to measure")
	config := flag.String("config", "", "configuration file to use instead of the commit's own")
	sub := flag.String("C", ".", "the project's directory inside the repository")
	logs := flag.String("logs", "", "directory for the two diffs and the tool's output (default: none kept)")
	noBuild := flag.Bool("nobuild", false, "skip go build and go vet")
	flag.StringVar(&buildTags, "tags", "", "build `tags` for go build and go vet (the project's build_tags)")
	flag.Parse()
	args := flag.Args()
	if len(args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: recall [flags] DIR COMMIT -- REMOVE-ARGS...")
		os.Exit(2)
	}
	dir, commit, rm := args[0], args[1], args[2:]
	if rm[0] == "--" {
		rm = rm[1:]
	}
	if err := run(*bin, *config, *sub, *logs, !*noBuild, dir, commit, rm); err != nil {
		fmt.Fprintln(os.Stderr, "recall:", err)
		os.Exit(1)
	}
}

func run(bin, config, sub, logs string, build bool, dir, commit string, rm []string) error {
	if abs, err := exec.LookPath(bin); err == nil {
		bin, _ = filepath.Abs(abs)
	}
	wt, err := os.MkdirTemp("", "recall-")
	if err != nil {
		return err
	}
	defer func() {
		exec.Command("git", "-C", dir, "worktree", "remove", "--force", wt).Run()
		os.RemoveAll(wt)
	}()
	if out, err := exec.Command("git", "-C", dir, "worktree", "add", "--detach", "--force", wt, commit+"^").CombinedOutput(); err != nil {
		return fmt.Errorf("worktree: %v: %s", err, out)
	}
	theirs, err := gitOut(dir, "diff", "-U0", "--no-color", "--no-renames", commit+"^", commit, "--", "*.go", ":!vendor/**")
	if err != nil {
		return err
	}
	proj := filepath.Join(wt, sub)
	if config != "" {
		data, err := os.ReadFile(config)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(proj, ".flagsweep.yaml"), data, 0o644); err != nil {
			return err
		}
		// The configuration is part of the base, not of the change.
		gitOut(wt, "add", "-f", filepath.Join(sub, ".flagsweep.yaml"))
		gitOut(wt, "-c", "user.name=recall", "-c", "user.email=recall@example.com", "commit", "-q", "-m", "config")
	}
	cmd := exec.Command(bin, append(append([]string{"remove"}, rm...), "--write")...)
	cmd.Dir = proj
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		return err
	}
	// Files flagsweep created show in the diff only once they are
	// known to git.
	if _, err := gitOut(wt, "add", "-A", "--", "*.go"); err != nil {
		return err
	}
	ours, err := gitOut(wt, "diff", "--cached", "-U0", "--no-color", "--no-renames", "HEAD", "--", "*.go", ":!vendor/**")
	if err != nil {
		return err
	}
	r, p, a, b := compare(parseDiff(ours), parseDiff(theirs))
	line := fmt.Sprintf("%s %s exit=%d recall=%.2f precision=%.2f ours=%d theirs=%d", short(commit), strings.Join(rm, " "), code, r, p, a, b)
	if build && code <= 1 {
		// A repository may hold several modules (the OpenTelemetry
		// Collector has one per component): build and vet each module a
		// changed package lies in, from that module's root.
		bst, vst := "ok", "ok"
		mods := changedPackages(wt, proj)
		if _, ok := mods["."]; !ok {
			mods["."] = nil
		}
		roots := make([]string, 0, len(mods))
		for m := range mods {
			roots = append(roots, m)
		}
		sort.Strings(roots)
		// A failure the maintainers' parent commit has too (a package
		// needing build tags or cgo the machine lacks) is not the
		// removal's: checked on the tree without the change.
		failsBefore := func(dir string, args ...string) bool {
			if _, err := gitOut(wt, "stash", "push", "--include-untracked", "--quiet"); err != nil {
				return false
			}
			defer gitOut(wt, "stash", "pop", "--quiet")
			return goCmd(dir, args...) != nil
		}
		check := func(dir string, args ...string) string {
			s := status(goCmd(dir, args...))
			if s != "ok" && failsBefore(dir, args...) {
				return "ok"
			}
			return s
		}
		for _, m := range roots {
			dir := filepath.Join(proj, m)
			if s := check(dir, goArgs("build", "./...")...); s != "ok" && bst == "ok" {
				bst = s
			}
			if pkgs := mods[m]; len(pkgs) > 0 {
				if s := check(dir, append(goArgs("vet"), pkgs...)...); s != "ok" && vst == "ok" {
					vst = s
				}
			}
		}
		line += " build=" + bst + " vet=" + vst
	}
	fmt.Println(line)
	if logs != "" {
		os.MkdirAll(logs, 0o755)
		base := filepath.Join(logs, short(commit))
		os.WriteFile(base+".ours.diff", []byte(ours), 0o644)
		os.WriteFile(base+".theirs.diff", []byte(theirs), 0o644)
		os.WriteFile(base+".out", out.Bytes(), 0o644)
	}
	return nil
}

func short(c string) string {
	if len(c) > 10 {
		return c[:10]
	}
	return c
}

func gitOut(dir string, args ...string) (string, error) {
	out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %v", strings.Join(args, " "), err)
	}
	return string(out), nil
}

var lastGoOutput []byte

// buildTags are the -tags given to go build and go vet.
var buildTags string

// goArgs returns a go command's arguments with the build tags.
func goArgs(cmd string, args ...string) []string {
	if buildTags != "" {
		return append([]string{cmd, "-tags", buildTags}, args...)
	}
	return append([]string{cmd}, args...)
}

func goCmd(dir string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	lastGoOutput = out
	return err
}

func status(err error) string {
	if err == nil {
		return "ok"
	}
	first, _, _ := strings.Cut(strings.TrimSpace(string(lastGoOutput)), "\n")
	return "FAIL(" + first + ")"
}

// changedPackages lists the directories of the Go files flagsweep
// changed that still exist and lie under proj, grouped by the root of the
// module holding each (nearest go.mod), all relative: to proj for the
// roots, to the root for the packages.
func changedPackages(wt, proj string) map[string][]string {
	names, _ := gitOut(wt, "diff", "--cached", "--name-only", "HEAD", "--", "*.go")
	seen := map[string]bool{}
	mods := map[string][]string{}
	for _, f := range strings.Fields(names) {
		d := filepath.Dir(filepath.Join(wt, f))
		rel, err := filepath.Rel(proj, d)
		if err != nil || strings.HasPrefix(rel, "..") || seen[rel] {
			continue
		}
		if gos, _ := filepath.Glob(filepath.Join(d, "*.go")); len(gos) == 0 {
			continue // gone, or left without Go files
		}
		seen[rel] = true
		root := d
		for root != proj {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				break
			}
			root = filepath.Dir(root)
		}
		mrel, _ := filepath.Rel(proj, root)
		prel, _ := filepath.Rel(root, d)
		mods[mrel] = append(mods[mrel], "./"+filepath.ToSlash(prel))
	}
	for _, p := range mods {
		sort.Strings(p)
	}
	return mods
}

// A change is the multiset of changed lines, keyed by file, sign and
// trimmed text.
type change map[string]int

// parseDiff reads a unified diff into a change, leaving out blank lines,
// which say nothing about whether the right code went.
func parseDiff(diff string) change {
	c := change{}
	file := ""
	for _, l := range strings.Split(diff, "\n") {
		switch {
		case strings.HasPrefix(l, "diff --git "):
			// "diff --git a/x b/x": the a side names deleted files too.
			f := strings.Fields(l)
			if len(f) >= 3 {
				file = strings.TrimPrefix(f[2], "a/")
			}
		case strings.HasPrefix(l, "+++ "), strings.HasPrefix(l, "--- "):
		case strings.HasPrefix(l, "+"), strings.HasPrefix(l, "-"):
			text := strings.TrimSpace(l[1:])
			if text == "" {
				continue
			}
			c[file+"\x00"+l[:1]+text]++
		}
	}
	return c
}

// compare returns recall and precision of ours against theirs, and the
// sizes of the two.
func compare(ours, theirs change) (recall, precision float64, a, b int) {
	common := 0
	for k, n := range theirs {
		b += n
		common += min(n, ours[k])
	}
	for _, n := range ours {
		a += n
	}
	recall, precision = 1, 1
	if b > 0 {
		recall = float64(common) / float64(b)
	}
	if a > 0 {
		precision = float64(common) / float64(a)
	}
	return recall, precision, a, b
}
