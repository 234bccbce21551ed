// Package config reads .flagsweep.yaml, the one configuration file of a
// project: where definitions are, how old is too old, where the rollout
// state comes from, and how the code refers to flags.
//
// Every key is validated when the file is read, with file:line:col errors
// for unknown keys and bad values, so that a typo in the configuration never
// turns into a silently ignored setting.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/yamlx"
	"github.com/flagsweep/flagsweep/lifecycle"
	"go.yaml.in/yaml/v3"
)

// FileName is the configuration file flagsweep looks for.
const FileName = ".flagsweep.yaml"

// Config is a parsed .flagsweep.yaml. The zero value is not useful; use
// Default or Load.
type Config struct {
	// File is the configuration file's path on disk; empty when the
	// project has none and runs on defaults.
	File string
	// Root is the directory everything else is relative to: the
	// configuration file's directory, or the module root.
	Root string

	// Definitions are the definition globs, relative to Root.
	Definitions []Value[string]
	// DefinitionsSet reports whether `definitions:` was configured (so
	// a missing directory is an error rather than a skipped default).
	DefinitionsSet bool
	// NamePattern overrides GitLab's flag name rule when not nil.
	NamePattern *regexp.Regexp

	// Milestone is the current milestone, when configured.
	Milestone Value[lifecycle.Milestone]
	// VersionFile is a file whose first line holds the current version.
	VersionFile Value[string]
	// Scheme says how ages are counted across a major bump.
	Scheme lifecycle.Scheme
	// Policy is the per-type table with the configured overrides applied.
	Policy lifecycle.Table
	// Cutoff is the housekeeping cutoff.
	Cutoff lifecycle.Cutoff

	// State is a Features API export file or a GitLab URL; empty for none.
	State Value[string]
	// StatePrefix maps code keys to instance keys: key x is prefix+x there.
	StatePrefix string

	Accessors     []Accessor
	Handles       []Handle
	TestOverrides []TestOverride
	FeatureSets   []FeatureSet
	Requires      []Requirement
	Presets       []Value[string]
	// adapted holds the presets presets: entries adapt to another layout
	// of their library (see PresetAdaptation), by name.
	adapted map[string]Preset
	// GoDefinitions declare flags in Go, beside or instead of YAML.
	GoDefinitions []GoDefinition

	// Generated are globs of generated files, beyond those with the
	// standard "Code generated … DO NOT EDIT." header.
	Generated []Value[string]
	// Regenerate is a shell command, run at the project root after a
	// removal is written (remove --write, each cleanup branch), that
	// brings generated files up to date (Grafana's feature-toggle
	// generator); its changes are part of the removal.
	Regenerate Value[string]
	// KeepUnusedExported keeps the exported functions, types, constants
	// and variables a removal left unused in the module. By default they
	// go, as the rest of the dead code does (a legacy implementation the
	// flag chose); a library whose API other modules import sets it.
	KeepUnusedExported bool
	// Pure lists functions and methods, by full name (go/types'
	// (*example.com/app.Server).Config, or an interface's method), that
	// the project vouches have no effect but their result: a removal may
	// drop a call of one (a.Config().Flags.X becomes its value). Bodies
	// flagsweep reads prove the rest (a getter); an interface method has
	// no body to read, and implementations the project knows to be
	// getters (a tracing layer aside) are its call.
	Pure []Value[string]
	// BuildTags are build tags every go command flagsweep runs is given
	// (as -tags in GOFLAGS): test files behind `//go:build integration`
	// are then type-checked, so their references are rewritten like any
	// other instead of by syntax alone.
	BuildTags []Value[string]
	// Changelog is the changelog style: trailer, gitlab or keepachangelog.
	Changelog string
	Cleanup   Cleanup
}

// A Value is a configured value and where it was written, so that later
// errors about it (a state file that does not exist) can point at the line.
type Value[T any] struct {
	V   T
	Pos diag.Position
}

// Cleanup configures `flagsweep cleanup`.
type Cleanup struct {
	// Verify is a shell command run in each cleanup branch before commit,
	// with FLAGSWEEP_PACKAGES set to the packages the change can break.
	Verify string
	// Labels are added to every merge request, beside the group label.
	Labels []string
	// Remote is the git remote to push to.
	Remote string
	// SkipHooks commits without running the repository's git hooks
	// (git commit --no-verify). Hooks run by default: a team's hooks are
	// part of what a commit must pass, and skipping them is its choice.
	SkipHooks bool
}

// Changelog styles.
const (
	ChangelogTrailer        = "trailer"
	ChangelogGitLab         = "gitlab"
	ChangelogKeepAChangelog = "keepachangelog"
)

// Default returns the configuration of a project without .flagsweep.yaml,
// rooted at root.
func Default(root string) *Config {
	c := &Config{
		Root:      root,
		Policy:    lifecycle.DefaultTable(),
		Cutoff:    lifecycle.DefaultCutoff,
		Changelog: ChangelogTrailer,
		Cleanup:   Cleanup{Remote: "origin"},
	}
	for _, g := range defaultGlobs {
		c.Definitions = append(c.Definitions, Value[string]{V: g})
	}
	return c
}

var defaultGlobs = []string{"config/feature_flags/*/*.yml", "ee/config/feature_flags/*/*.yml"}

// Find looks for .flagsweep.yaml in dir and its parents and loads it. With
// none found, it returns the defaults rooted at the nearest directory with a
// go.mod (or dir itself).
func Find(dir string) (*Config, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	file, root := Locate(dir)
	if file != "" {
		return Load(file)
	}
	return Default(root), nil
}

// Locate returns the configuration file that governs dir (the nearest
// .flagsweep.yaml at or above it), or, with none, "" and the root the
// defaults apply to.
func Locate(dir string) (file, root string) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", dir
	}
	for d := dir; ; {
		p := filepath.Join(d, FileName)
		if _, err := os.Stat(p); err == nil {
			return p, d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", ModuleRoot(dir)
		}
		d = parent
	}
}

// ModuleRoot returns the nearest directory at or above dir that holds a
// go.mod, or dir itself.
func ModuleRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// Load reads the configuration file at path. Every problem in it is
// reported at once, as a diag.ErrorList.
func Load(path string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	c := Default(filepath.Dir(abs))
	c.File = abs
	f, err := yamlx.Read(abs, FileName)
	if err != nil {
		return nil, err
	}
	if f.Doc == nil {
		return c, nil // an empty file means the defaults
	}
	p := &parser{f: f, c: c}
	p.parse()
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Parse parses configuration source as if it were the file FileName in
// root. It is the entry point of the fuzz test.
func Parse(root string, src []byte) (*Config, error) {
	c := Default(root)
	f, err := yamlx.Parse(FileName, src)
	if err != nil {
		return nil, err
	}
	if f.Doc == nil {
		return c, nil
	}
	p := &parser{f: f, c: c}
	p.parse()
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

type parser struct {
	f    *yamlx.File
	c    *Config
	errs diag.ErrorList
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, diag.Errorf(p.f.Pos(n), format, args...))
}

func (p *parser) pos(n *yaml.Node) diag.Position { return p.f.Pos(n) }

// funcName is a go/types full name of a function (path.Name) or method
// ((path.Type).Name, (*path.Type).Name).
var funcName = regexp.MustCompile(`^(\(\*?[^()\s*]+\.[A-Za-z_][A-Za-z0-9_]*\)|[^()\s*]+)\.[A-Za-z_][A-Za-z0-9_]*$`)

// topKeys are the configuration's keys, each with its parser.
var topKeys = []string{
	"definitions", "name_pattern", "milestone", "version_file", "milestones",
	"policy", "cutoff", "state", "state_prefix",
	"accessors", "handles", "test_overrides", "feature_sets", "requires", "presets",
	"go_definitions", "generated", "regenerate", "keep_unused_exported", "pure", "build_tags", "changelog", "cleanup",
}

func (p *parser) parse() {
	kvs, err := p.f.Mapping(p.f.Doc, FileName)
	if err != nil {
		p.errs = append(p.errs, diag.AsList(err)...)
		return
	}
	// presets: first, whatever its place: go_definitions entries start
	// from the presets as presets: adapts them.
	for _, kv := range kvs {
		if kv.Key.Value == "presets" {
			p.parsePresets(kv.Value)
		}
	}
	for _, kv := range kvs {
		k, v := kv.Key, kv.Value
		switch k.Value {
		case "definitions":
			p.c.Definitions = p.stringList(v, "definitions")
			p.c.DefinitionsSet = true
		case "name_pattern":
			if s, ok := p.str(v, "name_pattern"); ok {
				re, err := regexp.Compile(s)
				if err != nil {
					p.errorf(v, "name_pattern is not a valid regular expression: %v", err)
				} else {
					if !strings.HasPrefix(s, "^") || !strings.HasSuffix(s, "$") {
						// A pattern must describe the whole name.
						re = regexp.MustCompile("^(?:" + s + ")$")
					}
					p.c.NamePattern = re
				}
			}
		case "milestone":
			p.milestone(v)
		case "version_file":
			if s, ok := p.str(v, "version_file"); ok {
				p.c.VersionFile = Value[string]{s, p.pos(v)}
			}
		case "milestones":
			if s, ok := p.str(v, "milestones"); ok {
				sch, err := lifecycle.ParseScheme(s)
				if err != nil {
					p.errorf(v, "%v", err)
				}
				p.c.Scheme = sch
			}
		case "policy":
			p.policy(v)
		case "cutoff":
			p.cutoff(v)
		case "state":
			if s, ok := p.str(v, "state"); ok {
				p.c.State = Value[string]{s, p.pos(v)}
			}
		case "state_prefix":
			if yamlx.IsNull(v) {
				break
			}
			if s, ok := p.str(v, "state_prefix"); ok {
				p.c.StatePrefix = s
			}
		case "accessors":
			p.c.Accessors = p.accessors(v)
		case "handles":
			p.c.Handles = p.handles(v)
		case "test_overrides":
			p.c.TestOverrides = p.testOverrides(v)
		case "feature_sets":
			p.c.FeatureSets = p.featureSets(v)
		case "requires":
			p.c.Requires = p.requirements(v)
		case "go_definitions":
			p.c.GoDefinitions = p.goDefinitions(v)
		case "presets":
		case "generated":
			p.c.Generated = p.stringList(v, "generated")
		case "regenerate":
			if s, ok := p.str(v, "regenerate"); ok {
				p.c.Regenerate = Value[string]{V: s, Pos: p.pos(v)}
			}
		case "keep_unused_exported":
			if b, ok := p.boolean(v, "keep_unused_exported"); ok {
				p.c.KeepUnusedExported = *b
			}
		case "pure":
			p.c.Pure = p.stringList(v, "pure")
			for _, n := range p.c.Pure {
				if !funcName.MatchString(n.V) {
					p.errs = append(p.errs, diag.Errorf(n.Pos, "pure: %q is not a function's full name: write example.com/app.Func, (*example.com/app.Type).Method or (example.com/app.Iface).Method", n.V))
				}
			}
		case "build_tags":
			p.c.BuildTags = p.stringList(v, "build_tags")
			for _, t := range p.c.BuildTags {
				if !buildTag.MatchString(t.V) {
					p.errs = append(p.errs, diag.Errorf(t.Pos, "build tag %q is not a word of letters, digits, _ and .: write each tag as its own entry", t.V))
				}
			}
		case "changelog":
			if s, ok := p.str(v, "changelog"); ok {
				switch s {
				case ChangelogTrailer, ChangelogGitLab, ChangelogKeepAChangelog:
					p.c.Changelog = s
				default:
					p.errorf(v, "unknown changelog style %q: use trailer, gitlab or keepachangelog", s)
				}
			}
		case "cleanup":
			p.cleanup(v)
		default:
			p.unknownKey(k, "", topKeys)
		}
	}
	for _, d := range p.c.GoDefinitions {
		if d.Preset != "" && !p.c.HasPreset(d.Preset) {
			p.errs = append(p.errs, diag.Errorf(d.Pos, "go definition adapts preset %s, which presets: does not list: add it there too, so its calls are recognised", d.Preset))
		}
	}
	if !p.c.Milestone.Pos.IsZero() && !p.c.VersionFile.Pos.IsZero() {
		p.errs = append(p.errs, diag.Errorf(p.c.VersionFile.Pos, "set milestone or version_file, not both"))
	}
}

func (p *parser) unknownKey(k *yaml.Node, where string, known []string) {
	msg := fmt.Sprintf("unknown key %q", k.Value)
	if where != "" {
		msg += " in " + where
	}
	if s := yamlx.Suggest(k.Value, known); s != "" {
		msg += fmt.Sprintf(": did you mean %q?", s)
	} else {
		msg += ": known keys are " + strings.Join(known, ", ")
	}
	p.errorf(k, "%s", msg)
}

func (p *parser) str(n *yaml.Node, key string) (string, bool) {
	s, ok := yamlx.String(n)
	if !ok {
		p.errorf(n, "%s must be a string, not %s", key, yamlx.Describe(n))
	}
	return s, ok
}

func (p *parser) boolean(n *yaml.Node, key string) (*bool, bool) {
	b, ok := yamlx.Bool(n)
	if !ok {
		p.errorf(n, "%s must be true or false, not %s", key, yamlx.Describe(n))
		return nil, false
	}
	return &b, true
}

func (p *parser) nonNegInt(n *yaml.Node, key string) (int, bool) {
	i, ok := yamlx.Int(n)
	if !ok || i < 0 {
		p.errorf(n, "%s must be a whole number of milestones, not %s", key, describeValue(n))
		return 0, false
	}
	return i, true
}

func describeValue(n *yaml.Node) string {
	if n != nil && n.Kind == yaml.ScalarNode && n.Tag != "!!null" {
		return fmt.Sprintf("%q", n.Value)
	}
	return yamlx.Describe(n)
}

func (p *parser) stringList(n *yaml.Node, key string) []Value[string] {
	if s, ok := yamlx.String(n); ok {
		return []Value[string]{{s, p.pos(n)}}
	}
	if yamlx.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list of strings, not %s", key, yamlx.Describe(n))
		return nil
	}
	var out []Value[string]
	for _, c := range n.Content {
		if s, ok := p.str(c, key+" entries"); ok {
			out = append(out, Value[string]{s, p.pos(c)})
		}
	}
	return out
}

func (p *parser) milestone(n *yaml.Node) {
	if n.Kind != yaml.ScalarNode || yamlx.IsNull(n) {
		p.errorf(n, "milestone must be a quoted MAJOR.MINOR string like \"17.9\", not %s", yamlx.Describe(n))
		return
	}
	// Accept 17.9 unquoted too: n.Value keeps the text as written, so
	// 17.10 is not mistaken for 17.1. A release version (v0.140.0, as a
	// semver project says it) reads as --milestone reads it.
	m, err := lifecycle.ParseMilestone(n.Value)
	if err != nil {
		if v, verr := lifecycle.ParseVersion(n.Value); verr == nil && strings.Contains(n.Value, ".") {
			m, err = v, nil
		}
	}
	if err != nil {
		p.errorf(n, "milestone %q is not MAJOR.MINOR (like \"17.9\") or a version (like \"v0.140.0\")", n.Value)
		return
	}
	p.c.Milestone = Value[lifecycle.Milestone]{m, p.pos(n)}
}

var policyKeys = []string{"max_age", "may_default_on", "removable"}

func (p *parser) policy(n *yaml.Node) {
	kvs, err := p.f.Mapping(n, "policy")
	if err != nil {
		p.errs = append(p.errs, diag.AsList(err)...)
		return
	}
	for _, kv := range kvs {
		typ := kv.Key.Value
		if _, err := p.c.Policy.Lookup(typ); err != nil {
			if s := yamlx.Suggest(typ, p.c.Policy.Types()); s != "" {
				p.errorf(kv.Key, "unknown flag type %q in policy: did you mean %q?", typ, s)
			} else {
				p.errorf(kv.Key, "%v", err)
			}
			continue
		}
		fields, err := p.f.Mapping(kv.Value, "policy for "+typ)
		if err != nil {
			p.errs = append(p.errs, diag.AsList(err)...)
			continue
		}
		var o lifecycle.Override
		for _, f := range fields {
			switch f.Key.Value {
			case "max_age":
				if i, ok := p.nonNegInt(f.Value, "max_age"); ok {
					o.MaxAge = &i
				}
			case "may_default_on":
				o.MayDefaultOn, _ = p.boolean(f.Value, "may_default_on")
			case "removable":
				o.Removable, _ = p.boolean(f.Value, "removable")
			default:
				p.unknownKey(f.Key, "policy for "+typ, policyKeys)
			}
		}
		t, err := p.c.Policy.Apply(typ, o)
		if err != nil {
			p.errorf(kv.Value, "%v", err)
			continue
		}
		p.c.Policy = t
	}
}

func (p *parser) cutoff(n *yaml.Node) {
	kvs, err := p.f.Mapping(n, "cutoff")
	if err != nil {
		p.errs = append(p.errs, diag.AsList(err)...)
		return
	}
	for _, kv := range kvs {
		switch kv.Key.Value {
		case "enabled":
			if i, ok := p.nonNegInt(kv.Value, "cutoff.enabled"); ok {
				p.c.Cutoff.Enabled = i
			}
		case "disabled":
			if i, ok := p.nonNegInt(kv.Value, "cutoff.disabled"); ok {
				p.c.Cutoff.Disabled = i
			}
		default:
			p.unknownKey(kv.Key, "cutoff", []string{"enabled", "disabled"})
		}
	}
}

var cleanupKeys = []string{"verify", "labels", "remote", "skip_hooks"}

func (p *parser) cleanup(n *yaml.Node) {
	kvs, err := p.f.Mapping(n, "cleanup")
	if err != nil {
		p.errs = append(p.errs, diag.AsList(err)...)
		return
	}
	for _, kv := range kvs {
		switch kv.Key.Value {
		case "verify":
			if s, ok := p.str(kv.Value, "cleanup.verify"); ok {
				p.c.Cleanup.Verify = s
			}
		case "labels":
			for _, l := range p.stringList(kv.Value, "cleanup.labels") {
				p.c.Cleanup.Labels = append(p.c.Cleanup.Labels, l.V)
			}
		case "remote":
			if s, ok := p.str(kv.Value, "cleanup.remote"); ok && s != "" {
				p.c.Cleanup.Remote = s
			}
		case "skip_hooks":
			if b, ok := p.boolean(kv.Value, "cleanup.skip_hooks"); ok {
				p.c.Cleanup.SkipHooks = *b
			}
		default:
			p.unknownKey(kv.Key, "cleanup", cleanupKeys)
		}
	}
}
