// Package project assembles what every flagsweep command starts from: the
// configuration, the flag definitions, the rollout state and the current
// milestone, and from them each flag's verdict.
package project

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/definitions"
	"github.com/flagsweep/flagsweep/definitions/godefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/load"
	"github.com/flagsweep/flagsweep/state"
)

// Options say where and how to open a project.
type Options struct {
	// Dir is where the search for .flagsweep.yaml starts (default ".").
	Dir string
	// ConfigFile, when set, is the configuration to use instead.
	ConfigFile string
	// Milestone, when set, overrides the configured current milestone.
	Milestone string
	// MilestoneOptional opens a project without a current milestone even
	// when its flags have versions: a removal given every flag's value
	// judges no flag's readiness, so it has no age to count.
	MilestoneOptional bool
	// State, when set, overrides the configured state source.
	State string
	// Today is the date verdicts are for; zero means now.
	Today time.Time
	// Getenv reads the environment (for GITLAB_TOKEN); nil means os.Getenv.
	Getenv func(string) string
	// HTTPClient fetches live state; nil means a client with a timeout.
	HTTPClient *http.Client
	// Snapshot, when set, is the rollout state to use, already read (a
	// cleanup run reads it once, for every branch it makes).
	Snapshot *state.Snapshot
	// Offline forbids network access: a state source that is a URL is an
	// error. Analyzers run under go vet and gopls, once per package,
	// where fetching the state each time would be slow and surprising.
	// Offline projects do not load flags declared in Go either.
	Offline bool
	// Env is the go command's environment, for loading the packages that
	// declare flags; nil means the process's.
	Env []string
	// PastTree opens a tree of the repository's history (flagsweep
	// report): packages configured to declare flags in Go that declare
	// none are a tree from before the first one, not a configuration
	// mistake.
	PastTree bool
	// Preload starts loading the whole module (./..., tests included,
	// in Env) as soon as the root is known, for a command that scans it
	// next: the go command lists it while the Go definitions are read
	// (see TakePreload). Not when the scan will list only part of the
	// module (see load.Narrowable and scan.Only): the whole listing would
	// only compete with it for the CPUs.
	Preload bool
}

// A Project is an opened project.
type Project struct {
	Config *config.Config
	// Root is the directory paths are relative to.
	Root string
	// Current is the current milestone and CurrentFrom where it came from.
	Current     lifecycle.Milestone
	CurrentFrom string
	// Defs are the loaded definitions, with their findings.
	Defs *definitions.Set
	// State is the rollout state, or nil when no source is configured.
	State *state.Snapshot
	// Flags are the definitions with their verdicts, sorted by name.
	Flags []*Flag
	// Today is the date the verdicts are for.
	Today time.Time
	// GoDefinitionsSkipped reports that the configuration declares flags
	// in Go but they were not loaded (an offline project): the set of
	// definitions is incomplete.
	GoDefinitionsSkipped bool
	// Env is the go command's environment for this project: Options.Env
	// with the configured build tags (config.Config.GoEnv); nil means
	// the process's.
	Env     []string
	byName  map[string]*Flag
	preload *load.Pending
	// From is, for a project made by ForModule, the root of the project
	// it was made from (the module declaring the flags); "" otherwise.
	From string
	// HandlePackages are, for a project made by ForModule, more
	// packages of the declaring project to analyse for their facts:
	// those re-exporting a handle in a variable of their own (set by
	// the removal that found them).
	HandlePackages []string
}

// TakePreload returns the load Options.Preload started, if it is the one
// opts describe and nobody took it yet; nil otherwise.
func (p *Project) TakePreload(opts load.Options) *load.Pending {
	pl := p.preload
	if pl == nil || !pl.For(opts) {
		return nil
	}
	p.preload = nil
	return pl
}

// A Flag is a definition and its place in its life today.
type Flag struct {
	*definitions.Definition
	Policy lifecycle.Policy
	// Age is the number of milestones since the flag was introduced.
	Age int
	// State is the flag's state on the instance; lifecycle.Unknown when no
	// source knows it (it is at its default).
	State lifecycle.State
	// Feature is what the state source says, when it knows the flag.
	Feature *state.Feature
	Eval    lifecycle.Evaluation
}

// Open loads a project. Problems with the configuration, the definitions,
// the state or the current milestone are returned together as a
// diag.ErrorList where possible.
func Open(ctx context.Context, opts Options) (*Project, error) {
	if opts.Dir == "" {
		opts.Dir = "."
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	if opts.Today.IsZero() {
		opts.Today = time.Now()
	}
	y, m, d := opts.Today.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)

	var cfg *config.Config
	var err error
	if opts.ConfigFile != "" {
		if _, statErr := os.Stat(opts.ConfigFile); statErr != nil {
			return nil, fmt.Errorf("%s: %s", opts.ConfigFile, describeStat(statErr))
		}
		cfg, err = config.Load(opts.ConfigFile)
	} else {
		cfg, err = config.Find(opts.Dir)
	}
	if err != nil {
		return nil, err
	}
	opts.Env = cfg.GoEnv(opts.Env)
	p := &Project{Config: cfg, Root: cfg.Root, Today: today, Env: opts.Env, byName: make(map[string]*Flag)}
	if opts.Preload && !load.Narrowable(cfg.Root, load.EnvLookup(opts.Env)) {
		p.preload = load.Start(ctx, load.Options{Dir: cfg.Root, Tests: true, Env: opts.Env})
	}

	var errs diag.ErrorList
	milestoneErr := p.currentMilestone(opts.Milestone)
	if milestoneErr != nil && milestoneErr != errNoMilestone {
		errs = append(errs, diag.AsList(milestoneErr)...)
	}

	globs := make([]definitions.Glob, len(cfg.Definitions))
	for i, g := range cfg.Definitions {
		globs[i] = definitions.Glob{Pattern: g.V, Pos: g.Pos}
	}
	goDefined := len(cfg.AllGoDefinitions()) > 0
	defs, err := definitions.Load(definitions.Options{
		Root:        cfg.Root,
		Globs:       globs,
		Policy:      cfg.Policy,
		NamePattern: cfg.NamePattern,
		// With flags declared in Go, the default YAML directories are
		// optional.
		Optional: goDefined && !cfg.DefinitionsSet,
	})
	if err != nil {
		errs = append(errs, diag.AsList(err)...)
	}
	p.Defs = defs
	switch {
	case goDefined && opts.Offline:
		// Analyzers run once per package: loading the declaring
		// packages each time would cost a go list apiece.
		p.GoDefinitionsSkipped = true
	case goDefined && defs != nil:
		goDefs, forms, err := godefs.Load(ctx, cfg, opts.Env)
		// A registration wrapper found in the code is configured as if
		// written in .flagsweep.yaml: its calls declare handles.
		cfg.GoDefinitions = append(cfg.GoDefinitions, forms.GoDefinitions...)
		cfg.Handles = append(cfg.Handles, forms.Handles...)
		if err != nil {
			for _, e := range diag.AsList(err) {
				if !opts.PastTree || !godefs.NoFlags(e) {
					errs = append(errs, e)
				}
			}
		}
		defs.Merge(goDefs)
	}

	if milestoneErr == errNoMilestone && !opts.MilestoneOptional && defs != nil && needsMilestone(defs.Defs) {
		errs = append(errs, diag.AsList(milestoneErr)...)
	}
	if err := p.loadState(ctx, opts); err != nil {
		errs = append(errs, diag.AsList(err)...)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}

	p.evaluate()
	return p, nil
}

// evaluate computes every definition's verdict.
func (p *Project) evaluate() {
	cfg := p.Config
	p.Flags = nil
	p.byName = make(map[string]*Flag)
	for _, def := range p.Defs.Defs {
		f := &Flag{Definition: def, Policy: cfg.Policy[def.Type]}
		if !def.NoMilestone {
			f.Age = cfg.Scheme.Distance(def.Milestone, p.Current)
		}
		if feat, ok := p.State.Lookup(cfg.StatePrefix + def.Name); ok {
			f.Feature = &feat
			f.State = feat.State
		}
		f.Eval = lifecycle.Evaluate(lifecycle.Input{
			Type:           def.Type,
			Policy:         f.Policy,
			Age:            f.Age,
			DefaultEnabled: def.DefaultEnabled,
			State:          f.State,
			IntendedBy:     def.IntendedToRolloutBy,
			Today:          p.Today,
			Cutoff:         cfg.Cutoff,
			AgeUnknown:     def.NoMilestone,
			Locked:         def.Locked,
			Deprecated:     def.Deprecated,
		}.WithRemoveWith(def.HasRemoveWith, def.RemoveWith, p.Current))
		p.Flags = append(p.Flags, f)
		p.byName[def.Name] = f
	}
}

// WithGoDefinitions returns a copy of an offline project (one that
// skipped its Go definitions) with defs, the Go-declared flags an analyzer
// received as facts from the declaring packages, added and evaluated.
func (p *Project) WithGoDefinitions(defs []*definitions.Definition) *Project {
	c := *p
	c.Defs = p.Defs.Clone()
	c.Defs.Merge(defs)
	c.GoDefinitionsSkipped = false
	c.evaluate()
	return &c
}

// needsMilestone reports whether some definition has a milestone to count
// its age from, or to be removed with.
func needsMilestone(defs []*definitions.Definition) bool {
	for _, d := range defs {
		if !d.NoMilestone || d.HasRemoveWith {
			return true
		}
	}
	return false
}

func describeStat(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return err.Error()
}

// TodayEnv pins the date verdicts are computed for, so that scripts and
// tests give the same answer every day. It is the only environment variable
// flagsweep reads besides GITLAB_TOKEN.
const TodayEnv = "FLAGSWEEP_TODAY"

// Today returns the date to compute verdicts for: TodayEnv when set, else
// now.
func Today(getenv func(string) string) (time.Time, error) {
	s := getenv(TodayEnv)
	if s == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s=%q is not a date like 2025-06-30", TodayEnv, s)
	}
	return t, nil
}

// Flag returns the named flag, or nil.
func (p *Project) Flag(name string) *Flag { return p.byName[name] }

// Rel returns path relative to the project root, slash-separated, for
// output; paths outside the root are returned as they are.
func (p *Project) Rel(path string) string {
	if !filepath.IsAbs(path) {
		return filepath.ToSlash(path)
	}
	rel, err := filepath.Rel(p.Root, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return filepath.ToSlash(rel)
}

// currentMilestone resolves the current milestone: the --milestone flag,
// then the configuration's milestone or version_file, then a VERSION file
// at the root.
func (p *Project) currentMilestone(flag string) error {
	cfg := p.Config
	switch {
	case flag != "":
		m, err := lifecycle.ParseVersion(flag)
		if err != nil {
			return fmt.Errorf("--milestone %q is not a milestone like 17.9", flag)
		}
		p.Current, p.CurrentFrom = m, "--milestone"
		return nil
	case !cfg.Milestone.Pos.IsZero():
		p.Current, p.CurrentFrom = cfg.Milestone.V, cfg.Milestone.Pos.String()
		return nil
	case cfg.VersionFile.V != "":
		return p.readVersion(cfg.VersionFile.V, cfg.VersionFile.Pos)
	}
	if _, err := os.Stat(filepath.Join(p.Root, "VERSION")); err == nil {
		return p.readVersion("VERSION", diag.Position{})
	}
	return errNoMilestone
}

// errNoMilestone is an error only when some flag has a milestone to count
// from: a project declaring its flags in Go without versions (Grafana)
// has no use for one.
var errNoMilestone = fmt.Errorf("cannot tell the current milestone: pass --milestone, set milestone: in %s, or add a VERSION file", config.FileName)

func (p *Project) readVersion(rel string, from diag.Position) error {
	data, err := os.ReadFile(filepath.Join(p.Root, filepath.FromSlash(rel)))
	if err != nil {
		pos := from
		msg := fmt.Sprintf("version_file %s: %s", rel, describeStat(err))
		if pos.IsZero() {
			pos, msg = diag.Position{File: rel}, describeStat(err)
		}
		return &diag.Error{Pos: pos, Msg: msg}
	}
	first, _, _ := strings.Cut(string(data), "\n")
	m, err := lifecycle.ParseVersion(first)
	if err != nil {
		return diag.Errorf(diag.Position{File: filepath.ToSlash(rel), Line: 1, Column: 1}, "%v", err)
	}
	p.Current, p.CurrentFrom = m, filepath.ToSlash(rel)
	return nil
}

// loadState reads the configured rollout state, if any.
func (p *Project) loadState(ctx context.Context, opts Options) error {
	if opts.Snapshot != nil {
		p.State = opts.Snapshot
		return nil
	}
	src, pos := p.Config.State.V, p.Config.State.Pos
	if opts.State != "" {
		src, pos = opts.State, diag.Position{}
	}
	if src == "" {
		return nil
	}
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		if opts.Offline {
			return fmt.Errorf("state %s is a URL, and analyzers do not contact GitLab: export the state to a file (GET /api/v4/features) and pass it with -state=FILE", src)
		}
		s, err := state.Fetch(ctx, opts.HTTPClient, src, opts.Getenv(state.TokenEnv))
		if err != nil {
			return err
		}
		p.State = s
		return nil
	}
	path := src
	display := src
	if !filepath.IsAbs(path) {
		if pos.IsZero() {
			// From the command line: relative to where the user is.
			abs, err := filepath.Abs(path)
			if err != nil {
				return err
			}
			path = abs
		} else {
			path = filepath.Join(p.Root, filepath.FromSlash(src))
		}
	}
	s, err := state.ReadFile(path, p.Rel(display))
	if err != nil {
		return err
	}
	p.State = s
	return nil
}

// Findings returns the definition-level findings: invalid definitions, and
// flags older than their type allows that are not ready for removal (those
// are rolled-out findings at their references instead, as are the checks
// of settled flags, whose removal is scheduled).
func (p *Project) Findings() []diag.Diagnostic {
	out := append([]diag.Diagnostic(nil), p.Defs.Findings...)
	for _, f := range p.Flags {
		if f.Eval.Overdue && !f.Eval.Ready && !f.Eval.Settled && !f.External() {
			out = append(out, diag.Diagnostic{
				ID:      diag.Stale,
				Flag:    f.Name,
				Pos:     f.Pos("milestone"),
				Message: StaleMessage(f),
			})
		}
	}
	diag.Sort(out)
	return out
}

// StaleMessage says why a flag is stale and what to do about it, from
// where the flag actually is: a flag off for everyone wants removing, one on
// for everyone waits for the housekeeping cutoff, one partly rolled out
// wants finishing.
func StaleMessage(f *Flag) string {
	msg := fmt.Sprintf("flag %q is %d milestones old; %s flags may live %d", f.Name, f.Age, f.Type, f.Policy.MaxAge)
	switch {
	case !f.Policy.Removable && !f.YAML():
		// The type comes from the declaration's stage: retyping
		// is graduating.
		return msg + ": graduate it to a later stage or remove it"
	case !f.Policy.Removable && f.Policy.Advice != "":
		return msg + ": " + f.Policy.Advice
	case f.Eval.Effective == lifecycle.Off:
		return msg + fmt.Sprintf(": it is off for everyone, remove it (flagsweep remove %s --value false)", f.Name)
	case f.Eval.Effective == lifecycle.On:
		return msg + fmt.Sprintf(": it is on for everyone, remove it (flagsweep remove %s --value true)", f.Name)
	case f.Policy.Advice != "":
		return msg + ": " + f.Policy.Advice
	}
	return msg
}

// ForModule returns the project as seen from another module of the
// repository, rooted at dir, that builds against this one (its go.mod
// replaces this module with its directory): the same configuration and
// flags, every Go declaration now another module's (External), so that a
// removal there rewrites the module's own uses and leaves the
// declarations, and the definitions, to this project.
func (p *Project) ForModule(dir string) *Project {
	c := *p
	cfg := *p.Config
	cfg.Root = dir
	// No configuration file of its own: it is registered under its
	// root (see flagrefs.UseProject). The analyzers find it for the
	// module's packages when no .flagsweep.yaml lies above them; under
	// the project's own (a module nested in the project's tree) they
	// get the project, whose flags and configuration are the same —
	// only its declarations are not marked another module's there,
	// which the remover, not the analyzers, acts on (ownFile).
	cfg.File = ""
	c.Config = &cfg
	c.From = p.Root
	c.Root = dir
	c.preload = nil
	c.Defs = p.Defs.External()
	c.evaluate()
	return &c
}
