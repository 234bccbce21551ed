// Package definitions loads and validates feature flag definitions: GitLab's
// one-YAML-file-per-flag format (config/feature_flags/<type>/<name>.yml).
//
// Problems come in two kinds. A definition flagsweep cannot understand — not
// readable, not YAML, no name, an unknown type, a milestone that is not
// MAJOR.MINOR, no boolean default_enabled, a name defined twice — is an
// error: no verdict about that flag could be trusted, so commands stop with
// exit status 2. A definition that is understood but breaks a rule — a name
// not matching its file, an unknown key, a default that its type forbids —
// is an invalid-definition finding, reported by `flagsweep lint` like any
// other.
package definitions

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/yamlx"
	"github.com/flagsweep/flagsweep/lifecycle"
	"go.yaml.in/yaml/v3"
)

// DefaultGlobs are where GitLab keeps its definitions.
var DefaultGlobs = []string{"config/feature_flags/*/*.yml", "ee/config/feature_flags/*/*.yml"}

// DefaultNamePattern is GitLab's rule for flag names: lowercase words
// joined by single underscores.
var DefaultNamePattern = regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)*$`)

// A Definition is one feature flag as its YAML file declares it.
type Definition struct {
	Name            string
	Description     string
	FeatureIssueURL string
	IntroducedByURL string
	RolloutIssueURL string
	// Milestone is the release that introduced the flag.
	Milestone       lifecycle.Milestone
	LogStateChanges bool
	Type            string
	// Group is the owning team, as written: "group::source code".
	Group          string
	DefaultEnabled bool
	// IntendedToRolloutBy is zero when unset.
	IntendedToRolloutBy time.Time
	// Owners are usernames without the leading @ (flagsweep's addition to
	// GitLab's format, used for merge request assignees).
	Owners []string
	// Keys are other names code gives the flag: the configuration key a
	// binder reads it from (Tekton's "enable-custom-tasks" for the field
	// EnableCustomTasks). A string key in code resolves to the flag.
	Keys []string

	// File is the definition's path relative to the project root,
	// slash-separated; Path is where it is on disk.
	File string
	Path string
	// Fields holds the position of each key's value, by key.
	Fields map[string]diag.Position

	// Go are the flag's declarations in Go, for flags declared there
	// (alone, or beside a YAML file, matched by name); the first gave
	// its fields. A flag can be declared in several registries.
	Go []*GoDecl
	// Locked reports a flag that can no longer change (Kubernetes'
	// LockToDefault, GitLab Runner's Deprecated): it is ready for removal
	// at its default, whatever its age.
	Locked bool
	// Deprecated reports a lock that is the registry's deprecation
	// (GitLab Runner's Deprecated) rather than the library's: users may
	// still set the flag until it goes, so its checks are not constant
	// before its remove_with version (see lifecycle.Evaluation.Settled).
	Deprecated bool
	// NoMilestone reports a Go declaration without a version: its age is
	// unknown.
	NoMilestone bool
	// RemoveWith is the milestone the flag is to be removed with (GitLab
	// Runner's ToBeRemovedWith); zero when unset. Until then a settled
	// flag waits; from then on it is ready, like a Locked one.
	RemoveWith    lifecycle.Milestone
	HasRemoveWith bool
}

// A GoDecl is a flag's declaration in Go.
type GoDecl struct {
	// File is the declaring file's absolute path; Start and End the byte
	// range of the declaration to delete with the flag: the variable a
	// constructor initialises, the map entry, the slice element.
	File       string
	Start, End int
	// Pkg is the declaring package's import path.
	Pkg string
	// Kind is constructor, map, slice, field (a config struct's field),
	// gate (an entry of a map of gates, map[string]bool{X: true}) or
	// const (a constant of a map of gates' key type the map leaves out).
	Kind string
	// KeyConst names the constant that holds the flag's key (the map key,
	// the name field), deleted with the flag once nothing mentions it.
	KeyConst string
	// Ident is the identifier code names the flag by: the key constant,
	// or the handle variable.
	Ident string
	// Constructor is, for a handle variable, the full name of the
	// function that initialised it: what a package reading an external
	// handle, whose package it does not analyse, knows its methods by.
	Constructor string
	// External reports a declaration outside the project (in a
	// dependency, such as k8s.io/apiserver's gates): never edited.
	External bool
	// Generated reports a declaration in a generated file: never edited,
	// to be regenerated.
	Generated bool
}

// External reports whether the flag is declared only outside the project,
// in a dependency: the project checks it but does not own it.
func (d *Definition) External() bool {
	if d.YAML() || len(d.Go) == 0 {
		return false
	}
	for _, g := range d.Go {
		if !g.External {
			return false
		}
	}
	return true
}

// YAML reports whether the flag has a YAML definition file.
func (d *Definition) YAML() bool { return d.Path != "" && (len(d.Go) == 0 || d.Path != d.Go[0].File) }

// Merge adds Go-declared definitions to the set: a name the YAML defines
// keeps its YAML fields and gains its Go declaration; a new name is added.
func (s *Set) Merge(goDefs []*Definition) {
	for _, g := range goDefs {
		if d, ok := s.byName[g.Name]; ok {
			// A copy: the set's definitions may be shared (Clone).
			c := *d
			c.Go = append(append([]*GoDecl(nil), d.Go...), g.Go...)
			c.Locked = d.Locked || g.Locked
			c.Deprecated = d.Deprecated || g.Deprecated
			s.byName[g.Name] = &c
			for i := range s.Defs {
				if s.Defs[i] == d {
					s.Defs[i] = &c
				}
			}
			continue
		}
		s.byName[g.Name] = g
		s.Defs = append(s.Defs, g)
	}
	sort.Slice(s.Defs, func(i, j int) bool { return s.Defs[i].Name < s.Defs[j].Name })
}

// Pos returns the position of a field's value, or of the file's start when
// the field is absent.
func (d *Definition) Pos(field string) diag.Position {
	if p, ok := d.Fields[field]; ok {
		return p
	}
	return diag.Position{File: d.File, Line: 1, Column: 1}
}

// GroupName returns the owning group without GitLab's "group::" prefix.
func (d *Definition) GroupName() string {
	return strings.TrimPrefix(d.Group, "group::")
}

// A Glob is one definitions pattern and where it was configured.
type Glob struct {
	Pattern string
	// Pos is the position of the pattern in the configuration file; zero
	// for a built-in default. A configured pattern whose directory is
	// missing is an error; a default one is not (most projects have no ee/).
	Pos diag.Position
}

// Options says where definitions are and which rules they follow.
type Options struct {
	// Root is the project root the globs are relative to.
	Root  string
	Globs []Glob
	// Policy is the type table: it decides which types are known and which
	// may be on by default.
	Policy lifecycle.Table
	// NamePattern overrides DefaultNamePattern when not nil.
	NamePattern *regexp.Regexp
	// Optional allows no definitions at all (flags may be declared in
	// Go instead).
	Optional bool
}

// A Set is every definition found, with the findings about them.
type Set struct {
	Defs     []*Definition // sorted by name
	Findings []diag.Diagnostic
	byName   map[string]*Definition
}

// Clone returns a copy of the set that Merge may change without changing
// s (the definitions themselves are shared until merged into).
func (s *Set) Clone() *Set {
	c := &Set{Defs: append([]*Definition(nil), s.Defs...), Findings: s.Findings, byName: make(map[string]*Definition, len(s.byName))}
	for k, v := range s.byName {
		c.byName[k] = v
	}
	return c
}

// External returns a copy of the set in which every Go declaration is
// another module's (GoDecl.External): the set as a module building
// against the declaring one sees it.
func (s *Set) External() *Set {
	c := &Set{Findings: s.Findings, byName: make(map[string]*Definition, len(s.byName))}
	for _, d := range s.Defs {
		cp := *d
		cp.Go = make([]*GoDecl, len(d.Go))
		for i, g := range d.Go {
			gc := *g
			gc.External = true
			cp.Go[i] = &gc
		}
		c.Defs = append(c.Defs, &cp)
		c.byName[cp.Name] = &cp
	}
	return c
}

// Lookup returns the definition of a flag, or nil.
func (s *Set) Lookup(name string) *Definition { return s.byName[name] }

// Load reads every definition the globs match. It returns the set and,
// when any definition cannot be used, a diag.ErrorList with every such
// problem (not just the first).
func Load(opts Options) (*Set, error) {
	if opts.NamePattern == nil {
		opts.NamePattern = DefaultNamePattern
	}
	if opts.Policy == nil {
		opts.Policy = lifecycle.DefaultTable()
	}
	var errs diag.ErrorList
	set := &Set{byName: make(map[string]*Definition)}

	var files []string
	seen := make(map[string]bool)
	anyDir := false
	var missing []*diag.Error
	for _, g := range opts.Globs {
		matches, err := Expand(opts.Root, g.Pattern)
		if err != nil {
			var nd *NoDirError
			if errors.As(err, &nd) {
				e := &diag.Error{Pos: g.Pos, Msg: fmt.Sprintf("definitions directory %s does not exist: create it or fix the pattern %q", nd.Dir, g.Pattern)}
				if g.Pos.File != "" {
					errs = append(errs, e)
				} else {
					missing = append(missing, e)
				}
				continue
			}
			e := globError(err)
			if e.Pos.File == "" {
				e.Pos = g.Pos
			}
			errs = append(errs, e)
			continue
		}
		anyDir = true
		for _, m := range matches {
			if !seen[m] {
				seen[m] = true
				files = append(files, m)
			}
		}
	}
	// Defaults only: fine as long as one of them exists.
	if !anyDir && len(missing) > 0 && len(errs) == 0 && !opts.Optional {
		errs = append(errs, &diag.Error{Msg: fmt.Sprintf(
			"no flag definitions: none of %s exists; set definitions: in .flagsweep.yaml", quoteGlobs(opts.Globs))})
	}
	sort.Strings(files)

	for _, rel := range files {
		def, findings, err := parseFile(opts, rel)
		set.Findings = append(set.Findings, findings...)
		if err != nil {
			errs = append(errs, diag.AsList(err)...)
			continue
		}
		if prev, ok := set.byName[def.Name]; ok {
			errs = append(errs, diag.Errorf(def.Pos("name"), "flag %q is defined twice: also in %s; delete one", def.Name, prev.Pos("name")))
			continue
		}
		set.byName[def.Name] = def
		set.Defs = append(set.Defs, def)
	}
	sort.Slice(set.Defs, func(i, j int) bool { return set.Defs[i].Name < set.Defs[j].Name })
	diag.Sort(set.Findings)
	return set, errs.Err()
}

func quoteGlobs(gs []Glob) string {
	q := make([]string, len(gs))
	for i, g := range gs {
		q[i] = g.Pattern
	}
	return strings.Join(q, ", ")
}

// knownKeys are the definition's keys in GitLab's order, plus owners.
var knownKeys = []string{
	"name", "description", "feature_issue_url", "introduced_by_url", "rollout_issue_url",
	"milestone", "log_state_changes", "type", "group", "default_enabled",
	"intended_to_rollout_by", "owners",
}

// parseFile reads one definition file (rel is relative to opts.Root).
func parseFile(opts Options, rel string) (*Definition, []diag.Diagnostic, error) {
	f, err := yamlx.Read(filepath.Join(opts.Root, filepath.FromSlash(rel)), rel)
	if err != nil {
		return nil, nil, err
	}
	return Parse(f, opts)
}

// Parse validates one parsed definition file. It is exported for the fuzz
// test and for tools that hold definitions in memory.
func Parse(f *yamlx.File, opts Options) (*Definition, []diag.Diagnostic, error) {
	if opts.NamePattern == nil {
		opts.NamePattern = DefaultNamePattern
	}
	if opts.Policy == nil {
		opts.Policy = lifecycle.DefaultTable()
	}
	if f.Doc == nil {
		return nil, nil, diag.Errorf(diag.Position{File: f.Name, Line: 1, Column: 1}, "empty definition: a flag needs at least name, milestone, type and default_enabled")
	}
	kvs, err := f.Mapping(f.Doc, "a flag definition")
	if err != nil {
		return nil, nil, err
	}
	d := &Definition{
		File:   f.Name,
		Path:   filepath.Join(opts.Root, filepath.FromSlash(f.Name)),
		Fields: make(map[string]diag.Position),
	}
	p := &parser{f: f, d: d, typos: make(map[string]*yaml.Node)}
	values := make(map[string]*yaml.Node)
	for _, kv := range kvs {
		key := kv.Key.Value
		if !contains(knownKeys, key) {
			msg := fmt.Sprintf("unknown key %q", key)
			if s := yamlx.Suggest(key, knownKeys); s != "" {
				if !hasKey(kvs, s) {
					// Probably a misspelt required key: say so where
					// it is misspelt, once, when the key is required.
					p.typos[s] = kv.Key
				}
				msg += fmt.Sprintf(": did you mean %q?", s)
			} else {
				msg += ": remove it (known keys: " + strings.Join(knownKeys, ", ") + ")"
			}
			p.finding(f.Pos(kv.Key), "%s", msg)
			continue
		}
		values[key] = kv.Value
		d.Fields[key] = f.Pos(kv.Value)
		if yamlx.IsNull(kv.Value) {
			// GitLab writes `rollout_issue_url:` for "none yet"; the
			// position of an empty value is its key's.
			d.Fields[key] = f.Pos(kv.Key)
		}
	}

	p.name(values["name"])
	d.Description = p.optionalString(values["description"], "description")
	d.FeatureIssueURL = p.url(values["feature_issue_url"], "feature_issue_url")
	d.IntroducedByURL = p.url(values["introduced_by_url"], "introduced_by_url")
	d.RolloutIssueURL = p.url(values["rollout_issue_url"], "rollout_issue_url")
	p.milestone(values["milestone"])
	if n := values["log_state_changes"]; !yamlx.IsNull(n) {
		if b, ok := yamlx.Bool(n); ok {
			d.LogStateChanges = b
		} else {
			p.finding(f.Pos(n), "log_state_changes must be true or false, not %s", yamlx.Describe(n))
		}
	}
	policy, typeOK := p.typ(values["type"], opts.Policy)
	p.group(values["group"])
	p.defaultEnabled(values["default_enabled"], policy, typeOK)
	p.intendedBy(values["intended_to_rollout_by"])
	p.owners(values["owners"])

	if d.Name != "" {
		if !opts.NamePattern.MatchString(d.Name) {
			if opts.NamePattern == DefaultNamePattern {
				p.finding(d.Pos("name"), "flag name %q must be lowercase words joined by underscores (like %q); set name_pattern in .flagsweep.yaml if your keys differ", d.Name, suggestName(d.Name))
			} else {
				p.finding(d.Pos("name"), "flag name %q does not match name_pattern %s", d.Name, opts.NamePattern)
			}
		}
		base := strings.TrimSuffix(strings.TrimSuffix(path.Base(f.Name), ".yml"), ".yaml")
		if base != d.Name {
			p.finding(d.Pos("name"), "flag name %q does not match its file name %q: rename the file to %s.yml or fix the name", d.Name, path.Base(f.Name), d.Name)
		}
	}
	if typeOK {
		if dir := path.Base(path.Dir(f.Name)); dir != d.Type {
			p.finding(d.Pos("type"), "a %s flag belongs in a directory named %s, not %s: move the file", d.Type, d.Type, dir)
		}
	}
	for i := range p.findings {
		p.findings[i].Flag = d.Name
	}
	return d, p.findings, p.errs.Err()
}

func hasKey(kvs []yamlx.KV, key string) bool {
	for _, kv := range kvs {
		if kv.Key.Value == key {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func suggestName(name string) string {
	var b strings.Builder
	prevUnderscore := true
	for i, r := range name {
		switch {
		case r >= 'A' && r <= 'Z':
			if i > 0 && !prevUnderscore {
				b.WriteByte('_')
			}
			b.WriteRune(r + 'a' - 'A')
			prevUnderscore = false
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			prevUnderscore = false
		default:
			if !prevUnderscore {
				b.WriteByte('_')
				prevUnderscore = true
			}
		}
	}
	return strings.Trim(b.String(), "_")
}

// parser collects one definition's errors and findings.
type parser struct {
	f        *yamlx.File
	d        *Definition
	errs     diag.ErrorList
	findings []diag.Diagnostic
	// typos maps a known key to the unknown key that is probably it
	// misspelt.
	typos map[string]*yaml.Node
}

func (p *parser) fail(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, diag.Errorf(p.f.Pos(n), format, args...))
}

// failMissing reports a required key that is absent (at the file's start),
// or at its misspelling when there is one.
func (p *parser) failMissing(key, advice string) {
	if typo, ok := p.typos[key]; ok {
		pos := p.f.Pos(typo)
		// Replace the unknown-key finding with this error.
		for i, f := range p.findings {
			if f.Pos == pos {
				p.findings = append(p.findings[:i], p.findings[i+1:]...)
				break
			}
		}
		p.errs = append(p.errs, diag.Errorf(pos, "%s is missing: %q looks like a misspelling of it", key, typo.Value))
		return
	}
	pos := diag.Position{File: p.f.Name, Line: 1, Column: 1}
	if fp, ok := p.d.Fields[key]; ok {
		pos = fp
	}
	p.errs = append(p.errs, diag.Errorf(pos, "%s is missing: %s", key, advice))
}

func (p *parser) finding(pos diag.Position, format string, args ...any) {
	p.findings = append(p.findings, diag.Diagnostic{
		ID:      diag.InvalidDefinition,
		Pos:     pos,
		Message: fmt.Sprintf(format, args...),
	})
}

func (p *parser) name(n *yaml.Node) {
	if yamlx.IsNull(n) {
		p.failMissing("name", "set it to the flag's key, the file's base name")
		return
	}
	s, ok := yamlx.String(n)
	if !ok || s == "" {
		p.fail(n, "name must be a non-empty string, not %s", yamlx.Describe(n))
		return
	}
	p.d.Name = s
}

func (p *parser) optionalString(n *yaml.Node, key string) string {
	if yamlx.IsNull(n) {
		return ""
	}
	s, ok := yamlx.String(n)
	if !ok {
		p.finding(p.f.Pos(n), "%s must be a string, not %s", key, yamlx.Describe(n))
	}
	return s
}

func (p *parser) url(n *yaml.Node, key string) string {
	s := p.optionalString(n, key)
	if s == "" {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(s, " \t") {
		p.finding(p.f.Pos(n), "%s %q is not an http(s) URL", key, s)
		return ""
	}
	return s
}

func (p *parser) milestone(n *yaml.Node) {
	if yamlx.IsNull(n) {
		p.failMissing("milestone", "set it to the release that introduced the flag, quoted, like '17.9'")
		return
	}
	if n.Kind != yaml.ScalarNode {
		p.fail(n, "milestone must be a quoted MAJOR.MINOR string like '17.9', not %s", yamlx.Describe(n))
		return
	}
	m, err := lifecycle.ParseMilestone(n.Value)
	if err != nil {
		p.fail(n, "%v", err)
		return
	}
	if n.Tag != "!!str" {
		// Unquoted, 17.10 is the number 17.1 to every other YAML reader.
		p.finding(p.f.Pos(n), "milestone %s must be quoted: write '%s'", n.Value, n.Value)
	}
	p.d.Milestone = m
}

func (p *parser) typ(n *yaml.Node, table lifecycle.Table) (lifecycle.Policy, bool) {
	if yamlx.IsNull(n) {
		p.failMissing("type", "set it to one of "+strings.Join(table.Types(), ", "))
		return lifecycle.Policy{}, false
	}
	s, ok := yamlx.String(n)
	if !ok {
		p.fail(n, "type must be a string, not %s", yamlx.Describe(n))
		return lifecycle.Policy{}, false
	}
	policy, err := table.Lookup(s)
	if err != nil {
		if sug := yamlx.Suggest(s, table.Types()); sug != "" {
			p.fail(n, "unknown flag type %q: did you mean %q?", s, sug)
		} else {
			p.fail(n, "%v", err)
		}
		return lifecycle.Policy{}, false
	}
	p.d.Type = s
	return policy, true
}

func (p *parser) group(n *yaml.Node) {
	if yamlx.IsNull(n) {
		p.finding(p.d.Pos("group"), "group is missing: set the owning team, like group::source code")
		return
	}
	s, ok := yamlx.String(n)
	if !ok {
		p.finding(p.f.Pos(n), "group must be a string like group::source code, not %s", yamlx.Describe(n))
		return
	}
	p.d.Group = s
	if !strings.HasPrefix(s, "group::") || strings.TrimSpace(strings.TrimPrefix(s, "group::")) == "" {
		p.finding(p.f.Pos(n), "group %q must be written group::<name>", s)
	}
}

func (p *parser) defaultEnabled(n *yaml.Node, policy lifecycle.Policy, typeOK bool) {
	if yamlx.IsNull(n) {
		p.failMissing("default_enabled", "set it to true or false")
		return
	}
	b, ok := yamlx.Bool(n)
	if !ok {
		p.fail(n, "default_enabled must be true or false, not %s", yamlx.Describe(n))
		return
	}
	p.d.DefaultEnabled = b
	if b && typeOK && !policy.MayDefaultOn {
		p.finding(p.f.Pos(n), "%s flags must not be enabled by default: set default_enabled: false or retype the flag", p.d.Type)
	}
}

func (p *parser) intendedBy(n *yaml.Node) {
	if yamlx.IsNull(n) {
		return
	}
	if n.Kind == yaml.ScalarNode && (n.Tag == "!!str" || n.Tag == "!!timestamp") {
		if t, err := time.Parse(time.DateOnly, n.Value); err == nil {
			p.d.IntendedToRolloutBy = t
			return
		}
	}
	p.finding(p.f.Pos(n), "intended_to_rollout_by must be a date like 2025-06-30, not %q", n.Value)
}

func (p *parser) owners(n *yaml.Node) {
	if yamlx.IsNull(n) {
		return
	}
	list, ok := yamlx.Strings(n)
	if !ok {
		p.finding(p.f.Pos(n), "owners must be a list of usernames, not %s", yamlx.Describe(n))
		return
	}
	for _, o := range list {
		o = strings.TrimPrefix(strings.TrimSpace(o), "@")
		if o == "" || strings.ContainsAny(o, " \t,") {
			p.finding(p.f.Pos(n), "owner %q is not a username", o)
			continue
		}
		p.d.Owners = append(p.d.Owners, o)
	}
}
