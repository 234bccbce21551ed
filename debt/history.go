package debt

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/gitx"
	"github.com/flagsweep/flagsweep/internal/progress"
	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/project"
	"github.com/flagsweep/flagsweep/state"
)

// A History is the flag debt at each month of a period.
type History struct {
	// Since is the period, as given (12mo, 2y).
	Since string `json:"since"`
	// Available is false when there is no history to read (not a git
	// repository, no commit yet); Note then says why. With history, Note
	// may say what limits it (a shallow clone).
	Available bool   `json:"available"`
	Note      string `json:"note,omitempty"`
	// Months are the months of the period, oldest first, the current one
	// last.
	Months []Month `json:"months"`

	// Warnings say which months' definitions could not be read, one
	// line each, for standard error.
	Warnings []string `json:"-"`
	// Reads is how many distinct trees were read and Elapsed how long
	// the whole history took: the cost of the history, for the footer.
	Reads   int           `json:"-"`
	Elapsed time.Duration `json:"-"`
}

// A Month is one point of the history, or a month without one.
type Month struct {
	// Month is YYYY-MM; Date the day verdicts are for: the month's last
	// day, or today for the current month.
	Month string `json:"month"`
	Date  string `json:"date"`
	// Commit is the last commit on or before the end of Date; empty
	// before the repository's first commit.
	Commit string `json:"commit,omitempty"`
	// Milestone is the current milestone at that commit; Estimated
	// reports that the tree did not say (no VERSION file yet, say) and
	// it was counted back from today's, one milestone a month.
	Milestone string `json:"milestone,omitempty"`
	Estimated bool   `json:"milestone_estimated,omitempty"`
	// TodayConfig reports that the commit had no configuration file
	// (flagsweep was adopted later): its definitions were read with
	// today's, so that a team sees the debt it had before it started
	// to measure it.
	TodayConfig bool `json:"today_config,omitempty"`
	// Flags and Overdue are the number of flags and of flags past their
	// type's maximum age; null when the month has no point.
	Flags   *int `json:"flags"`
	Overdue *int `json:"overdue"`
	// Note says why a month has no point: before the first commit, or
	// definitions that did not load.
	Note string `json:"note,omitempty"`
}

// HasPoint reports whether the month has numbers.
func (m Month) HasPoint() bool { return m.Flags != nil }

// MaxMonths bounds --since: ten years of monthly points is already more
// than a chart can show legibly, and each point may cost a type-check.
const MaxMonths = 120

// ParseSince parses a period such as 12mo, 6mo or 2y into a number of
// months.
func ParseSince(s string) (int, error) {
	num, unit := s, ""
	for i, c := range s {
		if c < '0' || c > '9' {
			num, unit = s[:i], s[i:]
			break
		}
	}
	n, err := strconv.Atoi(num)
	if err == nil {
		switch unit {
		case "mo":
		case "y":
			n *= 12
		default:
			err = errors.New("bad unit")
		}
	}
	if err != nil || n < 1 {
		return 0, fmt.Errorf("--since %q is not a period like 12mo, 6mo or 2y", s)
	}
	if n > MaxMonths {
		return 0, fmt.Errorf("--since %s is longer than %d months", s, MaxMonths)
	}
	return n, nil
}

// A span is one month of the period: its label, the date its verdicts
// are for, and the last instant a commit may have to count.
type span struct {
	month string
	date  time.Time
	end   time.Time
}

// monthSpans returns the n months ending with today's, oldest first. The
// current month ends with today: a commit dated later (a pinned today, a
// clock skewed in the future) is not yet part of it.
func monthSpans(today time.Time, n int) []span {
	y, m, d := today.Date()
	today = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	spans := make([]span, 0, n)
	for i := n - 1; i >= 0; i-- {
		start := time.Date(y, m-time.Month(i), 1, 0, 0, 0, 0, time.UTC)
		last := start.AddDate(0, 1, -1)
		if i == 0 {
			last = today
		}
		spans = append(spans, span{
			month: start.Format("2006-01"),
			date:  last,
			end:   last.Add(24*time.Hour - time.Second),
		})
	}
	return spans
}

// HistoryOptions say how to compute a history.
type HistoryOptions struct {
	// Since is the period as the user wrote it, Months the number of
	// months it means (see ParseSince).
	Since  string
	Months int
	// Getenv and Env are passed to project.Open (Env is the go
	// command's environment, for flags declared in Go).
	Getenv func(string) string
	Env    []string
}

// ComputeHistory computes the number of flags, and of flags past their
// type's maximum age, at each month of the period ending today, for the
// project p (opened at today's date): at each month, from the project's
// definitions in the last commit on or before the month's end, evaluated
// at that month's date and at the milestone that commit's tree names. A
// history that cannot be read (no repository) is returned unavailable,
// with a note, never as an error: the rest of the report stands without
// it.
func ComputeHistory(ctx context.Context, p *project.Project, opts HistoryOptions) *History {
	start := time.Now()
	h := &History{Since: opts.Since, Months: []Month{}}
	defer func() { h.Elapsed = time.Since(start) }()
	spans := monthSpans(p.Today, opts.Months)
	for _, s := range spans {
		h.Months = append(h.Months, Month{Month: s.month, Date: s.date.Format(time.DateOnly)})
	}
	rd, note := newReader(ctx, p, opts)
	if rd == nil {
		h.Note = note
		return h
	}
	defer rd.close()
	h.Available = true
	if rd.shallow {
		h.Note = "a shallow clone: months before its oldest commit have no point"
	}
	for i, s := range spans {
		progress.Report(ctx, "report: reading the definitions of %s (%d of %d months)", s.month, i+1, len(spans))
		m := &h.Months[i]
		if err := rd.month(ctx, s, len(spans)-1-i, m); err != nil {
			if ctx.Err() != nil {
				h.Warnings = append(h.Warnings, "history: "+ctx.Err().Error())
				break
			}
			line := strings.Join(diag.Lines(err), "; ")
			m.Note = "the flags could not be read: " + line
			h.Warnings = append(h.Warnings, fmt.Sprintf("history %s (commit %s): %s", s.month, short(m.Commit), line))
		}
	}
	h.Reads = rd.reads
	return h
}

// A reader reads the project's definitions as they were at past commits.
type reader struct {
	p    *project.Project
	opts HistoryOptions
	git  *gitx.Repo
	top  string
	// rootRel, configRel and listRel are slash-separated paths relative
	// to the top level: the project's root, its configuration file (""
	// when it runs on defaults) and the directory a past tree's files
	// are listed from (the module's root: flags declared in Go need its
	// go.mod and the packages they import).
	rootRel, configRel, listRel string
	// todayConfig is today's configuration file, for commits made
	// before there was one.
	todayConfig []byte
	shallow     bool
	tmp         string
	// seen caches each distinct input's result, keyed by a digest of the
	// files read and the milestone used.
	seen  map[string]result
	reads int
}

type result struct {
	flags, overdue int
	milestone      string
	err            error
}

// newReader prepares to read history, or returns nil and why it cannot.
func newReader(ctx context.Context, p *project.Project, opts HistoryOptions) (*reader, string) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, "git is not installed: no history"
	}
	g := &gitx.Repo{Dir: p.Root}
	top, err := g.TopLevel(ctx)
	if err != nil {
		return nil, "not a git repository: no history"
	}
	if _, err := g.Commit(ctx, "HEAD"); err != nil {
		return nil, "the repository has no commit yet: no history"
	}
	rd := &reader{p: p, opts: opts, git: &gitx.Repo{Dir: top}, top: top, seen: make(map[string]result)}
	var ok bool
	if rd.rootRel, ok = relTo(top, p.Root); !ok {
		return nil, "the project is not inside its git repository: no history"
	}
	if file := p.Config.File; file != "" {
		if rd.configRel, ok = relTo(top, file); !ok {
			return nil, "the configuration is outside the git repository: no history"
		}
		if rd.todayConfig, err = os.ReadFile(file); err != nil {
			return nil, "cannot read the configuration: " + err.Error()
		}
	}
	rd.listRel = rd.rootRel
	if mod, ok := relTo(top, config.ModuleRoot(p.Root)); ok {
		rd.listRel = mod
	}
	if out, err := rd.git.Run(ctx, "rev-parse", "--is-shallow-repository"); err == nil && out == "true" {
		rd.shallow = true
	}
	tmp, err := os.MkdirTemp("", "flagsweep-history-")
	if err != nil {
		return nil, "cannot make a temporary directory: " + err.Error()
	}
	rd.tmp = tmp
	return rd, ""
}

func (rd *reader) close() { os.RemoveAll(rd.tmp) }

// relTo returns path relative to top, slash-separated ("." for top
// itself), and whether it is inside top. Both are resolved through
// symbolic links, as git resolves its top level.
func relTo(top, p string) (string, bool) {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if r, err := filepath.EvalSymlinks(top); err == nil {
		top = r
	}
	rel, err := filepath.Rel(top, p)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// month fills in m, the month of span s, which lies back months before
// the current one.
func (rd *reader) month(ctx context.Context, s span, back int, m *Month) error {
	commit, err := rd.git.Run(ctx, "rev-list", "-1", "--before="+s.end.Format("2006-01-02 15:04:05 -0700"), "HEAD")
	if err != nil {
		return err
	}
	if commit == "" {
		m.Note = "before the repository's first commit"
		return nil
	}
	m.Commit = commit
	entries, err := rd.listTree(ctx, commit)
	if err != nil {
		return err
	}
	byPath := make(map[string]treeEntry, len(entries))
	for _, e := range entries {
		byPath[e.path] = e
	}

	// The configuration of that commit decides which files matter: its
	// globs, its version file, whether flags were declared in Go.
	// A commit made before the configuration existed is read with
	// today's.
	var cfgEntry *treeEntry
	var cfgData []byte
	cfg := config.Default(rd.p.Root) // no configuration: the defaults
	if rd.configRel != "" {
		if e, ok := byPath[rd.configRel]; ok {
			cfgEntry = &e
			if cfg, err = rd.loadConfig(ctx, e); err != nil {
				return err
			}
		} else {
			cfg, cfgData = rd.p.Config, rd.todayConfig
			m.TodayConfig = true
		}
	}
	goDefined := len(cfg.AllGoDefinitions()) > 0
	versionFile := path.Join(rd.rootRel, "VERSION")
	if cfg.VersionFile.V != "" {
		versionFile = path.Join(rd.rootRel, cfg.VersionFile.V)
	}
	var files []treeEntry // the definitions and the version file
	for _, e := range entries {
		if e.path == versionFile || e.path != rd.configRel && rd.definition(cfg, e.path) {
			files = append(files, e)
		}
	}

	// A tree that does not name the current milestone (no VERSION file
	// yet, or one passed with --milestone) is given an estimate: GitLab
	// ships a milestone a month.
	milestone := ""
	_, hasVersion := byPath[versionFile]
	if cfg.Milestone.Pos.IsZero() && !hasVersion && !rd.p.Current.IsZero() {
		milestone = stepBack(rd.p.Current, back, rd.p.Config.Scheme).String()
		m.Estimated = true
	}

	// The numbers kept do not depend on the day (ages are counted in
	// milestones, and the milestone is part of the key), so a month whose
	// inputs another month had is not read again. With flags declared in
	// Go, every file of the module is an input.
	inputs := files
	if goDefined {
		inputs = entries
	}
	if cfgEntry != nil {
		inputs = append(inputs[:len(inputs):len(inputs)], *cfgEntry)
	}
	key := digest(inputs, milestone)
	if cfgData != nil {
		key += " today's configuration"
	}
	res, ok := rd.seen[key]
	if !ok {
		rd.reads++
		res = rd.read(ctx, s.date, cfgEntry, cfgData, cfg, files, entries, milestone)
		rd.seen[key] = res
	}
	if res.err != nil {
		return res.err
	}
	flags, overdue := res.flags, res.overdue
	m.Flags, m.Overdue, m.Milestone = &flags, &overdue, res.milestone
	return nil
}

// loadConfig reads a commit's configuration file.
func (rd *reader) loadConfig(ctx context.Context, e treeEntry) (*config.Config, error) {
	dir, err := os.MkdirTemp(rd.tmp, "config-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := rd.writeBlobs(ctx, dir, []treeEntry{e}); err != nil {
		return nil, err
	}
	cfg, err := config.Load(filepath.Join(dir, filepath.FromSlash(e.path)))
	if err != nil {
		return nil, untemp(err, dir)
	}
	return cfg, nil
}

// read opens the project of a past tree and counts its flags. With
// flags declared in Go it first writes only the packages that declare
// them and what those import from the module (see goSelection): a tree
// for which that is not enough is then written whole.
func (rd *reader) read(ctx context.Context, date time.Time, cfgEntry *treeEntry, cfgData []byte, cfg *config.Config, files, entries []treeEntry, milestone string) result {
	if len(cfg.AllGoDefinitions()) == 0 {
		return rd.open(ctx, date, cfgEntry, cfgData, files, milestone)
	}
	if sel, ok := rd.goSelection(ctx, cfg, entries); ok {
		if res := rd.open(ctx, date, cfgEntry, cfgData, append(sel, files...), milestone); res.err == nil {
			return res
		}
	}
	return rd.open(ctx, date, cfgEntry, cfgData, entries, milestone)
}

// open writes files (and the configuration: the commit's cfgEntry, else
// cfgData, else an empty file) into a new directory and opens the
// project there, at date.
func (rd *reader) open(ctx context.Context, date time.Time, cfgEntry *treeEntry, cfgData []byte, files []treeEntry, milestone string) result {
	// One path for every tree of the run: the go command keys its cache
	// of compiled packages on their directory, so the packages a tree
	// builds from its own files (vendor/, the module's) are compiled once
	// for all the months that hold them unchanged, not once a month.
	dir := filepath.Join(rd.tmp, "tree")
	if err := os.RemoveAll(dir); err != nil {
		return result{err: err}
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return result{err: err}
	}
	defer os.RemoveAll(dir)
	// Without a configuration, an empty file says "the defaults" and
	// stops the search for one in the directories above.
	cfgPath := filepath.Join(dir, filepath.FromSlash(path.Join(rd.rootRel, config.FileName)))
	seen := make(map[string]bool)
	var write []treeEntry
	if cfgEntry != nil {
		cfgPath = filepath.Join(dir, filepath.FromSlash(cfgEntry.path))
		write = append(write, *cfgEntry)
		seen[cfgEntry.path] = true
	}
	for _, f := range files {
		if !seen[f.path] {
			seen[f.path] = true
			write = append(write, f)
		}
	}
	if err := rd.writeBlobs(ctx, dir, write); err != nil {
		return result{err: err}
	}
	if cfgEntry == nil {
		if err := os.MkdirAll(filepath.Dir(cfgPath), 0o755); err != nil {
			return result{err: err}
		}
		if err := os.WriteFile(cfgPath, cfgData, 0o644); err != nil {
			return result{err: err}
		}
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		return result{err: untemp(err, dir)}
	}
	// Git keeps no empty directory: a definitions directory missing from
	// the tree held no definition, which counts as none, not an error.
	for _, g := range cfg.Definitions {
		if base := globBase(g.V); base != "" {
			if err := os.MkdirAll(filepath.Join(cfg.Root, filepath.FromSlash(base)), 0o755); err != nil {
				return result{err: err}
			}
		}
	}
	hp, err := project.Open(ctx, project.Options{
		Dir:        cfg.Root,
		ConfigFile: cfgPath,
		Milestone:  milestone,
		Today:      date,
		Getenv:     rd.opts.Getenv,
		Env:        rd.opts.Env,
		PastTree:   true,
		// The rollout state is today's, not that month's, and the
		// numbers kept (flags, and flags past their type's maximum
		// age) do not depend on it: an empty snapshot reads nothing.
		Snapshot: &state.Snapshot{},
	})
	if err != nil {
		return result{err: untemp(err, dir)}
	}
	res := result{flags: len(hp.Flags)}
	if !hp.Current.IsZero() {
		res.milestone = hp.Current.String()
	}
	for _, f := range hp.Flags {
		if f.Eval.Overdue {
			res.overdue++
		}
	}
	return res
}

// goSelection returns the files that loading the packages declaring
// flags in Go needs: go.mod, go.sum and vendor/modules.txt, each
// declaring package's directory, and, transitively, the directories of
// the packages of the module (or its vendor directory) that the Go files
// there import — whatever their build constraints, so it is a superset.
// Writing a large module whole each month would cost more than reading
// its history. ok is false when the declarations are sought in patterns
// (./...) that reach the whole module anyway.
func (rd *reader) goSelection(ctx context.Context, cfg *config.Config, entries []treeEntry) ([]treeEntry, bool) {
	dirs := make(map[string][]treeEntry) // directory → its files
	byPath := make(map[string]treeEntry)
	for _, e := range entries {
		dirs[path.Dir(e.path)] = append(dirs[path.Dir(e.path)], e)
		byPath[e.path] = e
	}
	modFile, ok := byPath[path.Join(rd.listRel, "go.mod")]
	if !ok {
		return nil, false
	}
	data, err := rd.readBlobs(ctx, []treeEntry{modFile})
	if err != nil {
		return nil, false
	}
	modPath := modulePath(data[modFile.oid])
	if modPath == "" {
		return nil, false
	}
	// pkgDir maps an import path to its directory in the tree, if any.
	pkgDir := func(importPath string) (string, bool) {
		var d string
		switch {
		case importPath == modPath:
			d = rd.listRel
		case strings.HasPrefix(importPath, modPath+"/"):
			d = path.Join(rd.listRel, strings.TrimPrefix(importPath, modPath+"/"))
		default:
			d = path.Join(rd.listRel, "vendor", importPath)
		}
		_, ok := dirs[d]
		return d, ok
	}

	var queue []string
	for _, def := range cfg.AllGoDefinitions() {
		for _, p := range def.Packages {
			switch {
			case strings.Contains(p, "..."):
				return nil, false
			case strings.HasPrefix(p, "."):
				queue = append(queue, path.Join(rd.rootRel, p))
			default: // an import path: in the module, vendored, or in the module cache
				if d, ok := pkgDir(p); ok {
					queue = append(queue, d)
				}
			}
		}
	}
	var sel []treeEntry
	for _, f := range []string{"go.mod", "go.sum", "vendor/modules.txt"} {
		if e, ok := byPath[path.Join(rd.listRel, f)]; ok {
			sel = append(sel, e)
		}
	}
	done := make(map[string]bool)
	// Level by level, so that each level's sources are read by one git
	// process (one a directory made a vendored tree's history slow).
	for len(queue) > 0 {
		var goFiles []treeEntry
		for _, d := range queue {
			if done[d] {
				continue
			}
			done[d] = true
			for _, e := range dirs[d] {
				sel = append(sel, e)
				if strings.HasSuffix(e.path, ".go") && !strings.HasSuffix(e.path, "_test.go") {
					goFiles = append(goFiles, e)
				}
			}
		}
		queue = nil
		srcs, err := rd.readBlobs(ctx, goFiles)
		if err != nil {
			return nil, false
		}
		for _, e := range goFiles {
			f, err := parser.ParseFile(token.NewFileSet(), e.path, srcs[e.oid], parser.ImportsOnly)
			if err != nil {
				continue // the type checker will say what is wrong
			}
			for _, imp := range f.Imports {
				ip, err := strconv.Unquote(imp.Path.Value)
				if err != nil {
					continue
				}
				if d, ok := pkgDir(ip); ok && !done[d] {
					queue = append(queue, d)
				}
			}
		}
	}
	return sel, true
}

// modulePath returns the module path a go.mod declares, or "".
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "module"); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			if i := strings.Index(rest, "//"); i >= 0 {
				rest = rest[:i]
			}
			return strings.Trim(strings.TrimSpace(rest), `"`+"`")
		}
	}
	return ""
}

// untemp rewrites the temporary directory out of an error's lines, so
// that they name files as the repository does.
func untemp(err error, dir string) error {
	var lines []string
	for _, l := range diag.Lines(err) {
		lines = append(lines, strings.ReplaceAll(l, dir+string(filepath.Separator), ""))
	}
	return errors.New(strings.Join(lines, "; "))
}

// definition reports whether a file (relative to the top level) is one
// the configuration's definition globs match.
func (rd *reader) definition(cfg *config.Config, file string) bool {
	rel := file
	if rd.rootRel != "." {
		if !strings.HasPrefix(file, rd.rootRel+"/") {
			return false
		}
		rel = file[len(rd.rootRel)+1:]
	}
	for _, g := range cfg.Definitions {
		if config.MatchGlob(g.V, rel) {
			return true
		}
	}
	return false
}

// globBase returns the directory a definitions glob starts from: its
// segments before the first wildcard, the last segment excluded (the
// same rule as definitions.Expand).
func globBase(pattern string) string {
	segs := strings.Split(path.Clean(pattern), "/")
	lit := 0
	for lit < len(segs)-1 && !strings.ContainsAny(segs[lit], `*?[\`) {
		lit++
	}
	base := path.Join(segs[:lit]...)
	if base == "." || strings.HasPrefix(base, "..") {
		return ""
	}
	return base
}

// stepBack returns the milestone n milestones before m: GitLab's x.0
// follows (x-1).11; under semver the minor counts down to 0 and a major
// bump counts one.
func stepBack(m lifecycle.Milestone, n int, scheme lifecycle.Scheme) lifecycle.Milestone {
	for ; n > 0; n-- {
		switch {
		case m.Minor > 0:
			m.Minor--
		case m.Major == 0:
			return m
		case scheme == lifecycle.Semver:
			m.Major--
		default:
			m.Major, m.Minor = m.Major-1, 11
		}
	}
	return m
}

// A treeEntry is one file of a commit's tree.
type treeEntry struct {
	mode, oid, path string
}

// listTree lists the files of a commit under listRel, relative to the
// top level. Submodules (commit entries) are not files and are skipped.
func (rd *reader) listTree(ctx context.Context, commit string) ([]treeEntry, error) {
	args := []string{"ls-tree", "-r", "-z", "--full-tree", commit}
	if rd.listRel != "." {
		args = append(args, "--", rd.listRel)
	}
	out, err := rd.gitOutput(ctx, args...)
	if err != nil {
		return nil, err
	}
	var entries []treeEntry
	for _, rec := range strings.Split(string(out), "\x00") {
		meta, file, ok := strings.Cut(rec, "\t")
		if !ok {
			continue
		}
		f := strings.Fields(meta) // mode, type, object
		if len(f) != 3 || f[1] != "blob" {
			continue
		}
		entries = append(entries, treeEntry{mode: f[0], oid: f[2], path: file})
	}
	return entries, nil
}

// writeBlobs writes files from git's object store into dir, at their
// paths relative to the top level.
func (rd *reader) writeBlobs(ctx context.Context, dir string, files []treeEntry) error {
	return rd.catBlobs(ctx, files, func(f treeEntry, data []byte) error {
		dst := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		switch f.mode {
		case "120000":
			return os.Symlink(string(data), dst)
		case "100755":
			return os.WriteFile(dst, data, 0o755)
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

// readBlobs returns the contents of files, by object id.
func (rd *reader) readBlobs(ctx context.Context, files []treeEntry) (map[string][]byte, error) {
	out := make(map[string][]byte, len(files))
	err := rd.catBlobs(ctx, files, func(f treeEntry, data []byte) error {
		out[f.oid] = data
		return nil
	})
	return out, err
}

// catBlobs hands each file's content to fn, read through one git
// cat-file --batch.
func (rd *reader) catBlobs(ctx context.Context, files []treeEntry, fn func(treeEntry, []byte) error) error {
	if len(files) == 0 {
		return nil
	}
	cmd := exec.CommandContext(ctx, "git", "cat-file", "--batch")
	cmd.Dir = rd.top
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, f := range files {
			fmt.Fprintln(w, f.oid)
		}
		w.Flush()
		stdin.Close()
	}()
	r := bufio.NewReaderSize(stdout, 64<<10)
	var ferr error
	for _, f := range files {
		var data []byte
		if data, ferr = readObject(r, f); ferr != nil {
			break
		}
		if ferr = fn(f, data); ferr != nil {
			break
		}
	}
	if ferr != nil {
		// Unblock git, which may still be writing.
		io.Copy(io.Discard, stdout)
	}
	if err := cmd.Wait(); err != nil && ferr == nil {
		return fmt.Errorf("git cat-file: %s", strings.TrimSpace(stderr.String()+" "+err.Error()))
	}
	return ferr
}

// readObject reads one object of git cat-file --batch's output: a header
// line, the content and a newline.
func readObject(r *bufio.Reader, f treeEntry) ([]byte, error) {
	header, err := r.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("git cat-file: reading %s: %v", f.path, err)
	}
	fields := strings.Fields(header) // oid, type, size
	if len(fields) != 3 {
		return nil, fmt.Errorf("git cat-file: %s: %s", f.path, strings.TrimSpace(header))
	}
	size, err := strconv.ParseInt(fields[2], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("git cat-file: %s: bad size %q", f.path, fields[2])
	}
	data := make([]byte, size+1)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, fmt.Errorf("git cat-file: reading %s: %v", f.path, err)
	}
	return data[:size], nil
}

// gitOutput runs git in the top level and returns its raw standard
// output (gitx.Repo.Run trims it, which would cut a NUL-separated list).
func (rd *reader) gitOutput(ctx context.Context, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = rd.top
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out, nil
}

// digest identifies a month's input: the files read, by path, mode and
// content, and the milestone given.
func digest(files []treeEntry, milestone string) string {
	h := sha256.New()
	for _, f := range files {
		fmt.Fprintf(h, "%s %s %s\x00", f.mode, f.oid, f.path)
	}
	fmt.Fprintf(h, "milestone %s", milestone)
	return hex.EncodeToString(h.Sum(nil))
}

func short(commit string) string {
	if len(commit) > 10 {
		return commit[:10]
	}
	return commit
}
