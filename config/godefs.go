package config

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/yamlx"
	"go.yaml.in/yaml/v3"
)

// A GoDefinition says where and how flags are declared in Go: calls of a
// constructor (Gitaly's featureflag.NewFeatureFlag), entries of a map whose
// values are a registry type (Kubernetes' map[featuregate.Feature]
// featuregate.FeatureSpec), or elements of a slice of one (Grafana's
// []featuremgmt.FeatureFlag, GitLab Runner's []featureflags.FeatureFlag).
type GoDefinition struct {
	// Packages are the package patterns holding the declarations,
	// relative to the root (./pkg/features, ./internal/...).
	Packages []string
	// Kind is "constructor", "map", "slice", "struct" or "const".
	Kind string
	// Constructor is the constructor, for Kind constructor; Registry the
	// struct type of map values or slice elements, or, for Kind struct,
	// the config struct whose boolean fields are the flags
	// (cfg.FeatureFlags.FastPath), or, for Kind const, the string type
	// whose constants are the flags (Dapr's `type Feature string`).
	Constructor FuncName
	Registry    FuncName
	// NameTag, for Kind struct, is the struct tag key whose name gives
	// a field's flag name (yaml: `yaml:"fast_path"` is fast_path); the
	// field's name otherwise. DefaultTag is the tag key holding its
	// default ("true"); without one, a field flag is off by default.
	NameTag, DefaultTag string
	// Binder, for Kind struct, is a function (or method) binding a field
	// to its source through a pointer — Tekton's setFeature(key,
	// DefaultX, &tc.X), the standard library's fs.BoolVar(&cfg.X, "x",
	// false, usage) —, its Args giving the field pointer's index (field),
	// the default's (default) and the configuration key's (key). A call
	// of it is the field's binding: it goes with the flag, its default
	// argument is the flag's default, and its key another name of the
	// flag (definitions.Definition.Keys).
	Binder FuncName
	// Args maps roles to a constructor's argument indexes; Fields maps
	// roles to a registry type's field names. The roles: name, milestone
	// (introduced in), remove_with (to be removed with), rollout_issue,
	// default, stage, locked, deprecated, owner, description.
	Args   map[string]int
	Fields map[string]string
	// Options maps roles to option functions passed among a
	// constructor's variadic arguments: the first argument of the
	// option's call plays the role (the OpenTelemetry Collector's
	// featuregate.WithRegisterFromVersion("v0.90.0") is the milestone).
	Options map[string]FuncName
	// OptionAliases are older names of option functions, by role, read
	// like Options: the featuregate of early 2023 said
	// WithRegisterRemovalVersion for WithRegisterToVersion. A removal
	// that adds an option writes the first name the package declares.
	// (Presets only: a project names the option its code uses.)
	OptionAliases map[string][]FuncName
	// Type is the lifecycle type of a flag without a stage (default beta).
	Type string
	// Stages maps stage constants' names (featuregate.Beta → "Beta") to
	// lifecycle types.
	Stages map[string]string
	// StageDefaults and StageLocked say what a stage implies when the
	// declaration states no default or lock of its own: OpenTelemetry's
	// StageBeta is on by default, StageStable on and locked there.
	StageDefaults map[string]bool
	StageLocked   map[string]bool
	// GeneratedFrom, set by a preset whose generator writes the
	// declarations, says where a generated declaration's source entry
	// is (see GeneratedSource).
	GeneratedFrom *GeneratedSource
	// Preset names the preset this definition adapts (its packages, or
	// other fields): it replaces the preset's own.
	Preset string
	Pos    diag.Position
	// Where says where each part of the definition was written (see
	// At): "constructor", "map" or "slice", and "args.ROLE" or
	// "fields.ROLE".
	Where map[string]diag.Position
}

// BoolMap is the Registry of a "map: bool" definition: the flags are the
// constant keys of a map[K]bool literal (var gates = map[string]bool{
// OptimizedClones: true}), each entry's value its default.
var BoolMap = FuncName{Name: "bool"}

// IsBoolMap reports whether d declares flags as a map of gates.
func (d *GoDefinition) IsBoolMap() bool { return d.Kind == "map" && d.Registry == BoolMap }

// GoRoles are the roles a Go definition's arguments or fields may play.
var GoRoles = []string{"name", "milestone", "remove_with", "rollout_issue", "default", "stage", "locked", "deprecated", "owner", "description", "field", "key"}

var goDefKeys = []string{"preset", "packages", "constructor", "map", "slice", "struct", "const", "args", "options", "fields", "name_tag", "default_tag", "binder", "type", "stages"}

func (p *parser) goDefinitions(n *yaml.Node) []GoDefinition {
	var out []GoDefinition
	for _, kvs := range p.items(n, "go_definitions") {
		d := GoDefinition{Type: "beta", Pos: p.pos(kvs[0].Key)}
		kinds := 0
		// preset: first, whatever its place, so the other keys adapt it.
		for _, kv := range kvs {
			if kv.Key.Value != "preset" {
				continue
			}
			name, ok := p.str(kv.Value, "preset")
			if !ok {
				continue
			}
			_, known := Presets[name]
			pr := p.c.preset(name) // as presets: adapts it (parsed first)
			if !known || len(pr.GoDefinitions) == 0 {
				p.errorf(kv.Value, "preset %q declares no flags in Go: use one of %s", name, strings.Join(goPresets(), ", "))
				kinds = 1 // one error is enough
				continue
			}
			d = pr.GoDefinitions[0]
			d.Packages = nil
			d.Preset, d.Pos = name, p.pos(kv.Key)
			kinds = 1
		}
		for _, kv := range kvs {
			switch kv.Key.Value {
			case "preset":
			case "packages":
				for _, v := range p.stringList(kv.Value, "packages") {
					d.Packages = append(d.Packages, v.V)
				}
			case "constructor", "map", "slice", "struct", "const":
				if d.Preset != "" {
					p.errorf(kv.Key, "%s: comes from preset %s; leave it out", kv.Key.Value, d.Preset)
					continue
				}
				kinds++
				s, ok := p.str(kv.Value, kv.Key.Value)
				if !ok {
					continue
				}
				f, err := ParseFuncName(s)
				if kv.Key.Value == "map" && s == "bool" {
					// A map of gates: map[string]bool{X: true},
					// each entry's value the flag's default.
					f, err = BoolMap, nil
				}
				switch {
				case kv.Key.Value == "constructor" && err != nil:
					// A registry reached through a method is a
					// constructor too: (*featuregate.Registry).MustRegister.
					p.errorf(kv.Value, "constructor must name a function like example.com/app/flags.NewFlag or a method like (*example.com/app/flags.Registry).Register")
					continue
				case kv.Key.Value != "constructor" && (err != nil || f.IsMethod()):
					hint := ""
					if kv.Key.Value == "map" {
						hint = ", or bool for a map of gates (map[string]bool{X: true})"
					}
					p.errorf(kv.Value, "%s must name a package-level type like example.com/app/flags.Spec%s", kv.Key.Value, hint)
					continue
				}
				d.Kind = kv.Key.Value
				p.note(&d.Where, d.Kind, kv.Value)
				if d.Kind == "constructor" {
					d.Constructor = f
				} else {
					d.Registry = f
				}
			case "args":
				fields, err := p.f.Mapping(kv.Value, "args")
				if err != nil {
					p.errs = append(p.errs, diag.AsList(err)...)
					continue
				}
				d.Args = make(map[string]int)
				for _, f := range fields {
					if !p.role(f.Key) {
						continue
					}
					d.Args[f.Key.Value] = p.index(f.Value, "args."+f.Key.Value)
					p.note(&d.Where, "args."+f.Key.Value, f.Value)
				}
			case "options":
				fields, err := p.f.Mapping(kv.Value, "options")
				if err != nil {
					p.errs = append(p.errs, diag.AsList(err)...)
					continue
				}
				d.Options = make(map[string]FuncName)
				for _, f := range fields {
					if !p.role(f.Key) {
						continue
					}
					s, ok := p.str(f.Value, "options."+f.Key.Value)
					if !ok {
						continue
					}
					fn, err := ParseFuncName(s)
					if err != nil {
						p.errorf(f.Value, "options.%s: %v", f.Key.Value, err)
						continue
					}
					d.Options[f.Key.Value] = fn
					p.note(&d.Where, "options."+f.Key.Value, f.Value)
				}
			case "binder":
				s, ok := p.str(kv.Value, "binder")
				if !ok {
					continue
				}
				f, err := ParseFuncName(s)
				if err != nil {
					p.errorf(kv.Value, "binder must name a function like example.com/app/config.setFeature or a method like (*flag.FlagSet).BoolVar")
					continue
				}
				d.Binder = f
				p.note(&d.Where, "binder", kv.Value)
			case "name_tag", "default_tag":
				if s, ok := p.str(kv.Value, kv.Key.Value); ok {
					if kv.Key.Value == "name_tag" {
						d.NameTag = s
					} else {
						d.DefaultTag = s
					}
				}
			case "fields":
				fields, err := p.f.Mapping(kv.Value, "fields")
				if err != nil {
					p.errs = append(p.errs, diag.AsList(err)...)
					continue
				}
				d.Fields = make(map[string]string)
				for _, f := range fields {
					if !p.role(f.Key) {
						continue
					}
					if s, ok := p.str(f.Value, "fields."+f.Key.Value); ok {
						d.Fields[f.Key.Value] = s
						p.note(&d.Where, "fields."+f.Key.Value, f.Value)
					}
				}
			case "type":
				if s, ok := p.str(kv.Value, "type"); ok {
					d.Type = s
				}
			case "stages":
				fields, err := p.f.Mapping(kv.Value, "stages")
				if err != nil {
					p.errs = append(p.errs, diag.AsList(err)...)
					continue
				}
				d.Stages = make(map[string]string)
				for _, f := range fields {
					p.stage(&d, f)
				}
			default:
				p.unknownKey(kv.Key, "go definition", goDefKeys)
			}
		}
		first := kvs[0].Key
		switch {
		case kinds != 1:
			p.errorf(first, "a go definition needs one of constructor:, map:, slice: or struct:")
		case len(d.Packages) == 0:
			p.errorf(first, "a go definition needs packages: the package patterns that declare the flags")
		case len(d.Options) > 0 && d.Kind != "constructor":
			p.errorf(first, "options: belong to a constructor go definition")
		case (d.NameTag != "" || d.DefaultTag != "") && d.Kind != "struct":
			p.errorf(first, "name_tag: and default_tag: belong to a struct go definition")
		case d.Binder.Name != "" && d.Kind != "struct":
			p.errorf(first, "binder: belongs to a struct go definition")
		case d.Binder.Name != "" && !hasRole(d.Args, "field"):
			p.errorf(first, "a binder needs args: {field: <index of the field's pointer>} (and default: <index>, if it takes one)")
		case (hasRole(d.Args, "field") || hasRole(d.Args, "key")) && d.Binder.Name == "":
			p.errorf(first, "args: {field: …, key: …} are a binder's: name it with binder:")
		case d.Kind == "struct" && d.Binder.Name == "" && len(d.Args) > 0:
			p.errorf(first, "args: of a struct go definition are its binder's: name it with binder:")
		case d.Kind == "constructor" && !hasRole(d.Args, "name"):
			p.errorf(first, "a constructor go definition needs args: {name: <index>}")
		case d.IsBoolMap() && (len(d.Fields) > 0 || len(d.Args) > 0 || len(d.Stages) > 0):
			p.errorf(first, "a map of gates (map: bool) has no fields:, args: or stages: — each entry's key is the name, its value the default")
		case d.Kind == "slice" && d.Fields["name"] == "":
			p.errorf(first, "a slice go definition needs fields: {name: <field>}")
		}
		for _, t := range append([]string{d.Type}, values(d.Stages)...) {
			if _, err := p.c.Policy.Lookup(t); err != nil {
				p.errs = append(p.errs, diag.Errorf(d.Pos, "go definition: %v", err))
			}
		}
		out = append(out, d)
	}
	return out
}

// stage reads one entry of stages:, either a lifecycle type (Beta: beta)
// or what the stage implies (StageStable: {type: beta, default: true,
// locked: true}).
func (p *parser) stage(d *GoDefinition, kv yamlx.KV) {
	name := kv.Key.Value
	if kv.Value.Kind != yaml.MappingNode {
		if s, ok := p.str(kv.Value, "stages."+name); ok {
			d.Stages[name] = s
		}
		return
	}
	fields, err := p.f.Mapping(kv.Value, "stages."+name)
	if err != nil {
		p.errs = append(p.errs, diag.AsList(err)...)
		return
	}
	for _, f := range fields {
		switch f.Key.Value {
		case "type":
			if s, ok := p.str(f.Value, "stages."+name+".type"); ok {
				d.Stages[name] = s
			}
		case "default", "locked":
			b, ok := p.boolean(f.Value, "stages."+name+"."+f.Key.Value)
			if !ok {
				continue
			}
			m := &d.StageDefaults
			if f.Key.Value == "locked" {
				m = &d.StageLocked
			}
			if *m == nil {
				*m = make(map[string]bool)
			}
			(*m)[name] = *b
		default:
			p.unknownKey(f.Key, "stage", []string{"type", "default", "locked"})
		}
	}
}

func (p *parser) role(k *yaml.Node) bool {
	for _, r := range GoRoles {
		if r == k.Value {
			return true
		}
	}
	msg := fmt.Sprintf("unknown role %q: use one of %s", k.Value, strings.Join(GoRoles, ", "))
	if s := yamlx.Suggest(k.Value, GoRoles); s != "" {
		msg = fmt.Sprintf("unknown role %q: did you mean %q?", k.Value, s)
	}
	p.errorf(k, "%s", msg)
	return false
}

func hasRole(m map[string]int, r string) bool {
	_, ok := m[r]
	return ok
}

func values(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// Matches reports whether a go/types full name is f's: equal, or, for a
// name whose package is written ".../suffix", in a package whose path ends
// in /suffix — so a preset matches every major version of a module
// (gitaly/v16 and gitaly/v18).
func (f FuncName) Matches(full string) bool {
	if f.IsGlob() {
		// Match the name by the wildcard, the rest as usual.
		i := strings.LastIndexByte(full, '.')
		if i < 0 {
			return false
		}
		if ok, _ := path.Match(f.Name, full[i+1:]); !ok {
			return false
		}
		f.Name = full[i+1:]
	}
	if !strings.HasPrefix(f.Pkg, ".../") {
		return f.String() == full
	}
	pattern := f
	pattern.Pkg = strings.TrimPrefix(f.Pkg, "...")
	want := pattern.String() // "(*/suffix.T).M" or "/suffix.F"
	if f.Recv != "" {
		// (*pkg/suffix.T).M: compare after the opening paren.
		prefix := "("
		if f.Ptr {
			prefix = "(*"
		}
		return strings.HasPrefix(full, prefix) && strings.HasSuffix(full, strings.TrimPrefix(want, prefix))
	}
	return strings.HasSuffix(full, want)
}

// AllGoDefinitions returns the configured Go definitions and those of
// the presets the configuration does not adapt with a preset: entry.
func (c *Config) AllGoDefinitions() []GoDefinition {
	out := append([]GoDefinition(nil), c.GoDefinitions...)
	adapted := make(map[string]bool)
	for _, d := range c.GoDefinitions {
		adapted[d.Preset] = true
	}
	for _, p := range c.Presets {
		if adapted[p.V] {
			continue
		}
		for _, d := range c.preset(p.V).GoDefinitions {
			d.Preset, d.Pos = p.V, p.Pos // errors point at the presets: entry
			out = append(out, d)
		}
	}
	return out
}

// goPresets names the presets that declare flags in Go.
func goPresets() []string {
	var out []string
	for _, n := range PresetNames() {
		if len(Presets[n].GoDefinitions) > 0 {
			out = append(out, n)
		}
	}
	return out
}

// HasPreset reports whether presets: lists name.
func (c *Config) HasPreset(name string) bool {
	for _, p := range c.Presets {
		if p.V == name {
			return true
		}
	}
	return false
}

// FieldFlagName is the flag a config struct's field declares: the name its
// nameTag gives (`yaml:"fast_path,omitempty"` is fast_path), or its own.
func FieldFlagName(field, tag, nameTag string) string {
	if nameTag != "" {
		if v, ok := reflect.StructTag(tag).Lookup(nameTag); ok {
			if name, _, _ := strings.Cut(v, ","); name != "" && name != "-" {
				return name
			}
		}
	}
	return field
}

// A GeneratedSource is the YAML file a generator writes a declaration
// from: the OpenTelemetry Collector's mdatagen writes
// internal/metadata/generated_feature_gates.go from the component's
// metadata.yaml, whose feature_gates list holds one entry per gate, {id:
// name, …}. A removal deletes the entry there and the declaration in the
// generated file, as the generator would, so that the next generation
// agrees.
type GeneratedSource struct {
	// Path is the source file, relative to the generated file's
	// directory (../../metadata.yaml).
	Path string
	// List is the top-level key of the list of entries; Key the field
	// of an entry holding the flag's name.
	List, Key string
	// Fields names an entry's fields by role (stage, milestone,
	// remove_with), and Stages the value of its stage field for each
	// stage constant of the generated code, so that a stabilizing
	// removal settles the entry as it settles the generated call.
	Fields map[string]string
	Stages map[string]string
	// Docs is the documentation the generator writes beside its code,
	// relative like Path (../../documentation.md): a markdown table with
	// a row per flag, its first cell the flag's name in backquotes, and
	// DocsColumns the headers of the columns holding each role (stage,
	// remove_with). The removal edits it as the generator would.
	Docs        string
	DocsColumns map[string]string
}

// OptionsFor returns the option functions playing role: the configured
// one, then its older names (OptionAliases).
func (d *GoDefinition) OptionsFor(role string) []FuncName {
	var out []FuncName
	if f, ok := d.Options[role]; ok {
		out = append(out, f)
	}
	return append(out, d.OptionAliases[role]...)
}
