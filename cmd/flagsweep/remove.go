package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers"
	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/gitx"
	"github.com/flagsweep/flagsweep/internal/yamlx"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/rewrite"
	"github.com/flagsweep/flagsweep/scan"
)

func runRemove(e *env, args []string) int {
	fs := newFlagSet(e, "remove", "NAME[=true|false]... [--value true|false] [--write|--json]", "rewrite the code as if flags were constants, delete what became dead, delete their definitions and write a changelog entry")
	var c common
	c.register(fs)
	value := fs.String("value", "", "the `value` (true or false) the flags take forever; required for a flag that is not ready for removal")
	write := fs.Bool("write", false, "apply the change (default: print it as a unified diff)")
	fs.Bool("diff", true, "print the change as a unified diff (the default)")
	asJSON := fs.Bool("json", false, "print a report of the change as JSON")
	aggressive := fs.Bool("aggressive", false, "drop operands with side effects when folding (f() && flag) instead of leaving the site for a human")
	allowDirty := fs.Bool("allow-dirty", false, "with --write, change files that have uncommitted changes")
	keep := fs.Bool("keep-declaration", false, "stabilize: rewrite the code as if the flag were constant but keep its Go declaration, moved to the stage locked to that value (StageStable, StageDeprecated), or, in a map of gates, set to that value")
	removeWith := fs.String("remove-with", "", "with --keep-declaration, the `version` the settled declaration goes in, for one that names none")
	useCache := fs.Bool("cache", true, "read the facts of packages lint analysed unchanged from its cache instead of type-checking them (--cache=false analyses everything again)")
	names, code, done := parse(fs, args)
	if done {
		return code
	}
	if len(names) == 0 {
		fmt.Fprintln(e.stderr, "flagsweep remove: name the flags to remove (flagsweep list --ready shows the candidates)")
		return exitError
	}
	c.preload = true
	// Given every flag's value, a removal judges no readiness: it needs
	// no current milestone (a checkout of an old release may not say).
	c.milestoneOptional = true
	for _, n := range names {
		c.milestoneOptional = c.milestoneOptional && (strings.Contains(n, "=") || *value != "")
	}
	p, err := c.open(e)
	if err != nil {
		return fail(e, err)
	}
	targets, err := removalTargets(e, p, names, *value, *keep)
	if err != nil {
		return fail(e, err)
	}
	opts := rewrite.Options{Project: p, Targets: targets, Aggressive: *aggressive, KeepDeclaration: *keep, RemoveWith: *removeWith}
	if *useCache {
		// Without a cache directory, remove analyses everything it needs.
		opts.Cache, _ = scan.OpenCache(p, "", analyzers.All)
	}
	res, err := rewrite.Remove(e.ctx, opts)
	for _, w := range scan.ConfigWarnings(p) {
		fmt.Fprintln(e.stderr, w)
	}
	if err != nil {
		var ve *rewrite.VerifyError
		if errors.As(err, &ve) {
			fmt.Fprintln(e.stderr, "flagsweep: the rewritten code does not type-check, so nothing was written:")
			for _, l := range ve.Errors {
				fmt.Fprintln(e.stderr, l)
			}
			return exitError
		}
		return fail(e, err)
	}
	if err := nothingFound(p, targets, res); err != nil {
		return fail(e, err)
	}
	// --write applies the change whatever else is asked; --json reports it
	// whether or not it was written; without either, the diff is the output.
	if *write {
		if !*allowDirty {
			dirty, err := res.DirtyFiles(p.Root)
			if err != nil {
				return fail(e, err)
			}
			if len(dirty) > 0 {
				fmt.Fprintf(e.stderr, "flagsweep: %s has uncommitted changes: commit or stash them, or pass --allow-dirty\n", strings.Join(dirty, ", "))
				return exitError
			}
		}
		regen := p.Config.Regenerate.V != ""
		var repo *gitx.Repo
		var untracked map[string]bool
		if regen && !*allowDirty {
			// A failing command is undone with git, which needs the
			// tracked files clean to tell its changes from the user's.
			var err error
			if repo, untracked, err = cleanTree(e, p.Root); err != nil {
				return fail(e, err)
			}
		}
		if err := res.Write(); err != nil {
			return fail(e, err)
		}
		if regen {
			if out, err := p.Regenerate(e.ctx, p.Root, nil); err != nil {
				fmt.Fprint(e.stderr, out)
				fmt.Fprintln(e.stderr, "flagsweep: "+err.Error())
				if repo == nil {
					fmt.Fprintln(e.stderr, "flagsweep: the removal and what the command changed are left in place (--allow-dirty, or not a git repository)")
					return exitError
				}
				if err := undo(e, repo, untracked); err != nil {
					return fail(e, fmt.Errorf("undoing the removal after the failed regenerate command: %v", err))
				}
				fmt.Fprintln(e.stderr, "flagsweep: nothing written: the removal and the command's changes were undone")
				return exitError
			}
			res.Regenerated(p.Root)
		}
	}
	switch {
	case *asJSON:
		if code := writeJSON(e, removeReport(res, *write)); code != exitOK {
			return code
		}
	case !*write:
		fmt.Fprint(e.stdout, res.Diff())
	}
	summarize(e, res, *write)
	againstDefault(e, p, targets)
	if res.Refused() {
		return exitFindings
	}
	return exitOK
}

// removalTargets resolves NAME[=value] arguments to targets. A name that
// is no flag's but the Go identifier of exactly one (Runner's
// UseNewShellEscape for FF_USE_NEW_SHELL_ESCAPE) stands for that flag:
// it is the name a maintainer reads in the code. With keep
// (--keep-declaration), a flag locked to its value and waiting only for
// the version its declaration goes in is removed at that value: the
// declaration stays.
func removalTargets(e *env, p *project.Project, names []string, value string, keep bool) ([]rewrite.Target, error) {
	var targets []rewrite.Target
	var errs diag.ErrorList
	for _, arg := range names {
		name, v, explicit := strings.Cut(arg, "=")
		if !explicit && value != "" {
			v, explicit = value, true
		}
		if p.Flag(name) == nil {
			if f := goNamed(p, name); f != nil {
				fmt.Fprintf(e.stderr, "flagsweep: %s is the Go name of flag %s\n", name, f.Name)
				name = f.Name
			}
		}
		t := rewrite.Target{Name: name}
		if explicit {
			b, err := strconv.ParseBool(v)
			if err != nil || (v != "true" && v != "false") {
				errs = append(errs, &diag.Error{Msg: fmt.Sprintf("%s: the value must be true or false, not %q", name, v)})
				continue
			}
			t.Value = b
		}
		f := p.Flag(name)
		switch {
		case f == nil && !explicit:
			var known []string
			for _, f := range p.Flags {
				known = append(known, f.Name)
			}
			msg := fmt.Sprintf("unknown flag %q: no definition", name)
			if s := yamlx.Suggest(name, known); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else {
				msg += "; to remove references to a flag without one, give its value: " + name + "=true"
			}
			errs = append(errs, &diag.Error{Msg: msg})
			continue
		case f != nil && !explicit && !f.Eval.Ready && !(keep && f.Eval.Settled):
			hint := "pass --value true or --value false to remove it anyway"
			if f.Eval.Settled {
				hint = "pass --keep-declaration to fold its code now and keep the declaration until then, or --value to remove it all anyway"
			}
			errs = append(errs, &diag.Error{Msg: fmt.Sprintf("flag %q is not ready for removal (%s: %s): %s", name, f.Eval.Verdict, f.Eval.Reason, hint)})
			continue
		case f != nil && !explicit:
			t.Value = f.Eval.Value
		}
		targets = append(targets, t)
	}
	return targets, errs.Err()
}

// goNamed returns the flag whose Go declaration names it ident (its key
// constant or handle), when exactly one does.
func goNamed(p *project.Project, ident string) *project.Flag {
	var found *project.Flag
	for _, f := range p.Flags {
		for _, g := range f.Go {
			if g.Ident == ident || g.KeyConst == ident {
				if found != nil && found != f {
					return nil
				}
				found = f
			}
		}
	}
	return found
}

// nothingFound refuses a removal of a flag that has no definition and
// that no code touches: removing "nothing" successfully would let a typo
// in a script or a cleanup list pass for a removal done.
func nothingFound(p *project.Project, targets []rewrite.Target, res *rewrite.Result) error {
	touched := map[string]bool{}
	for _, s := range res.Sites {
		touched[s.Flag] = true
	}
	var errs diag.ErrorList
	for _, t := range targets {
		if p.Flag(t.Name) != nil || touched[t.Name] {
			continue
		}
		var known []string
		for _, f := range p.Flags {
			known = append(known, f.Name)
		}
		msg := fmt.Sprintf("flag %q: no definition, and no Go code reads, writes or declares it: nothing to remove", t.Name)
		if s := yamlx.Suggest(t.Name, known); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		errs = append(errs, &diag.Error{Msg: msg})
	}
	return errs.Err()
}

// againstDefault notes the flags removed with the value they did not
// have by default: whatever left them unset — a test building its
// configuration from the defaults, a deployment without an override —
// ran with the other value, and runs with this one now, which no
// rewrite can see (a Temporal handler test expecting listing to work
// failed once frontend.disableListVisibilityByFilter was removed as on).
func againstDefault(e *env, p *project.Project, targets []rewrite.Target) {
	for _, t := range targets {
		if f := p.Flag(t.Name); f != nil && f.DefaultEnabled != t.Value {
			fmt.Fprintf(e.stderr, "flagsweep: note: %s is removed as %s, against its default (%s): code and tests that left it unset ran with it %s and now run with it %s; run the tests of the packages the change can break\n", t.Name, onOff(t.Value), onOff(!t.Value), onOff(!t.Value), onOff(t.Value))
		}
	}
}

// summarize tells, on standard error, what the change does and what is
// left for a human.
func summarize(e *env, res *rewrite.Result, written bool) {
	added, removed := res.LineCounts()
	verb := "would change"
	if written {
		verb = "changed"
	}
	rewritten := 0
	for _, s := range res.Sites {
		if s.Status == "rewritten" {
			rewritten++
		}
	}
	fmt.Fprintf(e.stderr, "flagsweep: %s %s (+%d −%d lines), %s rewritten\n", verb, plural(len(res.Files), "file"), added, removed, plural(rewritten, "reference"))
	if cl := res.Changelog; cl != nil {
		if cl.File != "" {
			fmt.Fprintf(e.stderr, "changelog: %s (%s)\n", cl.File, cl.Category)
		} else {
			fmt.Fprintf(e.stderr, "changelog: end the commit message with the trailer %q\n", cl.Trailer)
		}
	}
	for _, s := range res.Sites {
		switch {
		case s.Status == "refused":
			fmt.Fprintf(e.stderr, "%s: left for a human: %s\n", s.Pos, s.Reason)
		case s.Kind == "test-deleted":
			// Tests are the project's data: every one that goes is
			// named, so a reviewer can check it forced the removed
			// value.
			why := s.Reason
			if why == "" {
				why = "it ran only with the removed value"
			}
			fmt.Fprintf(e.stderr, "%s: deleted %s: %s\n", s.Pos, s.Via, why)
		case s.Kind == "program-forced":
			// The program turned the flag to the removed value here
			// (from its command line, a setting): whoever asks for
			// it now gets the final value, silently.
			fmt.Fprintf(e.stderr, "%s: deleted %s: the program forced the flag's removed value here; what asked for it (an option, a setting) no longer changes anything\n", s.Pos, s.Via)
		case s.Kind == "test-unforced":
			// A table case most cases resemble, or a literal
			// leaving out a field holding the flag: it ran at the
			// removed value (the zero value, off) and now runs at
			// the final one, so a reviewer checks its point.
			fmt.Fprintf(e.stderr, "%s: kept %s: it ran with the flag's removed value and now runs with the final one; check what it tests\n", s.Pos, s.Via)
		}
	}
	for _, s := range res.Generated {
		fmt.Fprintf(e.stderr, "%s: generated file: regenerate it\n", s.Pos)
	}
	for _, f := range res.Unchecked {
		fmt.Fprintf(e.stderr, "%s: excluded by build constraints here: parsed, not type-checked\n", f)
	}
	for _, f := range res.TagExcluded {
		fmt.Fprintf(e.stderr, "%s: excluded by build_tags in %s (its build constraint): read by syntax alone\n", f, config.FileName)
	}
	if len(res.BuildTags) > 0 {
		// The files behind the project's own tags (integration tests)
		// can be checked, and their refused sites rewritten, by
		// loading them: say how.
		fmt.Fprintf(e.stderr, "hint: files behind the build tags %s were read by syntax alone; build_tags: [%s] in %s type-checks them\n",
			strings.Join(res.BuildTags, ", "), strings.Join(res.BuildTags, ", "), config.FileName)
	}
	if n := len(res.Unloaded); n > 0 {
		// One line: a project that does not fully build here (a
		// private dependency) would drown the summary otherwise.
		list := strings.Join(res.Unloaded[:min(n, 3)], ", ")
		if n > 3 {
			list += fmt.Sprintf(" and %d more", n-3)
		}
		fmt.Fprintf(e.stderr, "warning: %d packages do not type-check here (%s): none names the flag, so the removal does not need them\n", n, list)
	}
	for _, m := range res.Mentions {
		fmt.Fprintf(e.stderr, "%s:%d: still mentions the flag: %s\n", m.File, m.Line, m.Text)
	}
}

type removeJSON struct {
	Flags []rewrite.Target `json:"flags"`
	// Written reports whether the change was applied (--write).
	Written      bool       `json:"written"`
	Files        []fileJSON `json:"files"`
	LinesAdded   int        `json:"lines_added"`
	LinesRemoved int        `json:"lines_removed"`
	Sites        []siteJSON `json:"sites"`
	Generated    []siteJSON `json:"generated"`
	Unchecked    []string   `json:"unchecked"`
	BuildTags    []string   `json:"build_tags,omitempty"`
	// Packages are the import paths the change can break (changed
	// packages and their importers): what to build and test.
	Packages []string `json:"packages"`
	// Linked are the other modules of the repository the removal
	// rewrote (they build against this one): their packages to build
	// and test, each in its directory.
	Linked    []rewrite.LinkedModule `json:"linked,omitempty"`
	Mentions  []mentionJSON          `json:"mentions"`
	Changelog *rewrite.Changelog     `json:"changelog"`
}

type fileJSON struct {
	Path   string `json:"path"`
	Status string `json:"status"` // modified, deleted, created
}

type siteJSON struct {
	Flag   string `json:"flag"`
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Kind   string `json:"kind"`
	Via    string `json:"via,omitempty"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

type mentionJSON struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Text string `json:"text"`
}

func removeReport(res *rewrite.Result, written bool) removeJSON {
	out := removeJSON{Flags: res.Targets, Written: written, Files: []fileJSON{}, Sites: []siteJSON{}, Generated: []siteJSON{}, Unchecked: []string{}, Mentions: []mentionJSON{}, Changelog: res.Changelog}
	out.LinesAdded, out.LinesRemoved = res.LineCounts()
	for _, f := range res.Files {
		st := "modified"
		switch {
		case f.Deleted:
			st = "deleted"
		case f.Created:
			st = "created"
		}
		out.Files = append(out.Files, fileJSON{f.Path, st})
	}
	conv := func(s rewrite.Site) siteJSON {
		return siteJSON{Flag: s.Flag, File: s.Pos.File, Line: s.Pos.Line, Column: s.Pos.Column, Kind: s.Kind, Via: s.Via, Status: s.Status, Reason: s.Reason}
	}
	for _, s := range res.Sites {
		out.Sites = append(out.Sites, conv(s))
	}
	for _, s := range res.Generated {
		out.Generated = append(out.Generated, conv(s))
	}
	out.Unchecked = append(out.Unchecked, res.Unchecked...)
	out.BuildTags = res.BuildTags
	out.Packages = append([]string{}, res.Packages...)
	out.Linked = res.Linked
	for _, m := range res.Mentions {
		out.Mentions = append(out.Mentions, mentionJSON(m))
	}
	return out
}

// plural writes n with its noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// cleanTree returns the repository of root, and its untracked files,
// when none of its tracked files has uncommitted changes, so that undo
// can restore it; not a repository is nil and no error (nothing to undo
// with: the caller says so).
func cleanTree(e *env, root string) (*gitx.Repo, map[string]bool, error) {
	repo := &gitx.Repo{Dir: root}
	top, err := repo.TopLevel(e.ctx)
	if err != nil {
		return nil, nil, nil
	}
	repo = &gitx.Repo{Dir: top}
	dirty, err := repo.Dirty(e.ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(dirty) > 0 {
		return nil, nil, fmt.Errorf("regenerate is configured, and %s has uncommitted changes (%s): commit or stash them, so that a failing command can be undone, or pass --allow-dirty", top, strings.Join(dirty, ", "))
	}
	untracked, err := untrackedFiles(e, repo)
	return repo, untracked, err
}

func untrackedFiles(e *env, repo *gitx.Repo) (map[string]bool, error) {
	out, err := repo.Run(e.ctx, "ls-files", "--others", "--exclude-standard", "-z")
	if err != nil {
		return nil, err
	}
	files := make(map[string]bool)
	for _, f := range strings.Split(out, "\x00") {
		if f != "" {
			files[f] = true
		}
	}
	return files, nil
}

// undo restores a tree whose tracked files were clean before the
// removal: tracked files back to HEAD, and the untracked files that were
// not there before (written by the removal or the command) deleted; the
// user's own untracked files stay.
func undo(e *env, repo *gitx.Repo, before map[string]bool) error {
	if _, err := repo.Run(e.ctx, "checkout", "--quiet", "--", "."); err != nil {
		return err
	}
	now, err := untrackedFiles(e, repo)
	if err != nil {
		return err
	}
	for f := range now {
		if !before[f] {
			if err := os.Remove(filepath.Join(repo.Dir, filepath.FromSlash(f))); err != nil {
				return err
			}
		}
	}
	return nil
}
