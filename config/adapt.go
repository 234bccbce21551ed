package config

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/yamlx"
	"go.yaml.in/yaml/v3"
)

// A PresetAdaptation fits a preset to a release of its library whose
// layout differs from the one the preset was written against: Gitaly's
// flags lived in internal/metadata/featureflag before v16, and Grafana's
// IsEnabled took the flag first before it took a context. Three keys say
// what moved, instead of every form written out:
//
//	presets:
//	  - preset: gitaly
//	    packages: {internal/featureflag: internal/metadata/featureflag}
//	  - preset: grafana
//	    args: {IsEnabled: {key: 0}}
//
// The adapted preset replaces the preset everywhere: its reference forms,
// its Go definitions (whose package directories move with packages:), the
// checks of the configuration against the program.
type PresetAdaptation struct {
	Preset string
	// Packages maps a package of the preset, given by its import path or
	// its last path elements (internal/featureflag), to the project's:
	// the same number of last elements are replaced.
	Packages map[string]string
	// Names renames the preset's functions, methods, receiver types and
	// handle methods: {IsEnabledGlobally: IsEnabledGlobal}.
	Names map[string]string
	// Args sets the argument indexes of the preset's functions and
	// methods by name (the preset's or the renamed one); see ArgIndexes.
	Args map[string]ArgIndexes
	Pos  diag.Position
}

// ArgIndexes are the argument indexes an adaptation sets for one
// function, by role: key (the flag: an accessor's key, an override's
// flag, a handle constructor's name), default, value (an override's), or
// a role of a Go definition's constructor (milestone, rollout_issue, …).
// NoArg (written none) says the function has no such argument.
type ArgIndexes map[string]int

// NoArg is the index of a role a function does not take.
const NoArg = -1

// preset returns a preset, adapted when the configuration adapts it.
func (c *Config) preset(name string) Preset {
	if p, ok := c.adapted[name]; ok {
		return p
	}
	return Presets[name]
}

// presetEntry parses one presets: entry: a name, or a mapping adapting a
// preset. It returns the preset's name, empty when the entry is invalid.
func (p *parser) presetEntry(n *yaml.Node) (Value[string], *PresetAdaptation) {
	if n.Kind != yaml.MappingNode {
		s, ok := p.str(n, "presets entries")
		if !ok {
			return Value[string]{}, nil
		}
		return Value[string]{s, p.pos(n)}, nil
	}
	kvs, err := p.f.Mapping(n, "presets entries")
	if err != nil {
		p.errs = append(p.errs, diag.AsList(err)...)
		return Value[string]{}, nil
	}
	a := &PresetAdaptation{Pos: p.pos(n)}
	var name Value[string]
	stringMap := func(v *yaml.Node, key string) map[string]string {
		kvs, err := p.f.Mapping(v, key)
		if err != nil {
			p.errs = append(p.errs, diag.AsList(err)...)
			return nil
		}
		out := make(map[string]string)
		for _, kv := range kvs {
			if s, ok := p.str(kv.Value, key+" values"); ok && s != "" {
				out[kv.Key.Value] = s
			}
		}
		return out
	}
	for _, kv := range kvs {
		switch kv.Key.Value {
		case "preset":
			if s, ok := p.str(kv.Value, "preset"); ok {
				name = Value[string]{s, p.pos(kv.Value)}
				a.Preset = s
			}
		case "packages":
			a.Packages = stringMap(kv.Value, "packages")
		case "names":
			a.Names = stringMap(kv.Value, "names")
		case "args":
			fns, err := p.f.Mapping(kv.Value, "args")
			if err != nil {
				p.errs = append(p.errs, diag.AsList(err)...)
				continue
			}
			a.Args = make(map[string]ArgIndexes)
			for _, fn := range fns {
				idx, err := p.f.Mapping(fn.Value, "args of "+fn.Key.Value)
				if err != nil {
					p.errs = append(p.errs, diag.AsList(err)...)
					continue
				}
				ai := make(ArgIndexes)
				for _, ikv := range idx {
					if s, ok := yamlx.String(ikv.Value); ok && s == "none" {
						ai[ikv.Key.Value] = NoArg
						continue
					}
					if i := p.index(ikv.Value, ikv.Key.Value); i >= 0 {
						ai[ikv.Key.Value] = i
					}
				}
				a.Args[fn.Key.Value] = ai
			}
		default:
			p.unknownKey(kv.Key, "presets entries", []string{"preset", "packages", "names", "args"})
		}
	}
	if name.V == "" {
		p.errorf(n, "a presets entry that adapts a preset names it: preset: %s", strings.Join(PresetNames(), "|"))
		return Value[string]{}, nil
	}
	pr, ok := Presets[name.V]
	if !ok {
		return name, nil // reported by the caller
	}
	for _, e := range a.check(pr) {
		p.errs = append(p.errs, diag.Errorf(a.Pos, "preset %s: %s", name.V, e))
	}
	return name, a
}

// check reports the adaptation's keys that match nothing in the preset:
// a misspelt package or name would otherwise adapt nothing, silently.
func (a *PresetAdaptation) check(pr Preset) []string {
	var pkgs, names []string
	roles := make(map[string][]string) // function name → roles it has
	eachFunc(&pr, func(f *FuncName, s argSlots) {
		pkgs = append(pkgs, strings.TrimPrefix(f.Pkg, ".../"))
		names = append(names, f.Name, f.Recv)
		for role := range s {
			roles[f.Name] = append(roles[f.Name], role)
		}
	})
	for _, h := range pr.Handles {
		names = slices.Concat(names, h.Enabled, h.Disabled, h.Keys, h.Properties)
	}
	for _, d := range pr.GoDefinitions {
		for role := range d.Args {
			if role == "name" {
				role = "key"
			}
			roles[d.Constructor.Name] = append(roles[d.Constructor.Name], role)
		}
	}
	var errs []string
	for _, k := range slices.Sorted(maps.Keys(a.Packages)) {
		if !slices.ContainsFunc(pkgs, func(p string) bool { return suffixMatch(p, k) }) {
			errs = append(errs, fmt.Sprintf("packages: %s is none of its packages (%s)", k, strings.Join(uniq(pkgs), ", ")))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.Names)) {
		if !slices.Contains(names, k) {
			errs = append(errs, fmt.Sprintf("names: %s names none of its functions, methods or types", k))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.Args)) {
		has, ok := roles[k]
		if !ok {
			has, ok = roles[a.reverseName(k)]
		}
		if !ok {
			errs = append(errs, fmt.Sprintf("args: %s is none of its functions taking a flag (%s)", k, strings.Join(slices.Sorted(maps.Keys(roles)), ", ")))
			continue
		}
		for _, role := range slices.Sorted(maps.Keys(a.Args[k])) {
			if !slices.Contains(has, role) {
				errs = append(errs, fmt.Sprintf("args: %s takes no %s argument in the preset (it has %s)", k, role, strings.Join(uniq(has), ", ")))
			}
		}
	}
	return errs
}

func uniq(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

// reverseName returns the preset's name a renamed name stands for.
func (a *PresetAdaptation) reverseName(name string) string {
	for k, v := range a.Names {
		if v == name {
			return k
		}
	}
	return name
}

// suffixMatch reports whether the import path p ends with the path
// elements suffix (or is it).
func suffixMatch(p, suffix string) bool {
	return p == suffix || strings.HasSuffix(p, "/"+suffix)
}

// Apply returns the preset adapted.
func (a *PresetAdaptation) Apply(pr Preset) Preset {
	out := Preset{
		Doc:           pr.Doc,
		Accessors:     slices.Clone(pr.Accessors),
		Handles:       slices.Clone(pr.Handles),
		TestOverrides: slices.Clone(pr.TestOverrides),
		FeatureSets:   slices.Clone(pr.FeatureSets),
		Requires:      slices.Clone(pr.Requires),
		GoDefinitions: slices.Clone(pr.GoDefinitions),
		Generated:     pr.Generated,
	}
	for i := range out.Accessors {
		out.Accessors[i].Unwrap = slices.Clone(out.Accessors[i].Unwrap)
		out.Accessors[i].Fixed = slices.Clone(out.Accessors[i].Fixed)
	}
	for i := range out.Handles {
		h := &out.Handles[i]
		h.Fixed, h.Aliases = slices.Clone(h.Fixed), slices.Clone(h.Aliases)
		h.Enabled, h.Disabled = a.renameAll(h.Enabled), a.renameAll(h.Disabled)
		h.Keys, h.Properties = a.renameAll(h.Keys), a.renameAll(h.Properties)
	}
	for i := range out.GoDefinitions {
		d := &out.GoDefinitions[i]
		d.Options = maps.Clone(d.Options)
		if d.OptionAliases != nil {
			aliases := make(map[string][]FuncName, len(d.OptionAliases))
			for k, v := range d.OptionAliases {
				aliases[k] = slices.Clone(v)
			}
			d.OptionAliases = aliases
		}
		d.Args = maps.Clone(d.Args)
		d.Packages = slices.Clone(d.Packages)
		for j, dir := range d.Packages {
			d.Packages[j] = a.movePackage(dir)
		}
		ai, ok := a.Args[d.Constructor.Name]
		if !ok {
			ai, ok = a.Args[a.rename(d.Constructor.Name)]
		}
		if d.Constructor.Name == "" || !ok {
			continue
		}
		for role, i := range ai {
			if role == "key" {
				role = "name"
			}
			if _, has := d.Args[role]; !has {
				continue
			}
			if i == NoArg {
				delete(d.Args, role)
			} else {
				d.Args[role] = i
			}
		}
	}
	eachFunc(&out, func(f *FuncName, s argSlots) {
		ai, ok := a.Args[f.Name]
		if !ok {
			ai, ok = a.Args[a.rename(f.Name)]
		}
		f.Pkg = a.movePackage(f.Pkg)
		f.Recv, f.Name = a.rename(f.Recv), a.rename(f.Name)
		if !ok {
			return
		}
		for role, to := range s {
			if i, set := ai[role]; set {
				*to = i
			}
		}
	})
	return out
}

func (a *PresetAdaptation) rename(name string) string {
	if to, ok := a.Names[name]; ok && name != "" {
		return to
	}
	return name
}

func (a *PresetAdaptation) renameAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = a.rename(n)
	}
	return out
}

// movePackage rewrites an import path (".../" patterns included) or a
// package directory (./internal/featureflag) that packages: moves.
func (a *PresetAdaptation) movePackage(p string) string {
	prefix := ""
	for _, pre := range []string{".../", "./"} {
		if strings.HasPrefix(p, pre) {
			prefix, p = pre, strings.TrimPrefix(p, pre)
			break
		}
	}
	rest := ""
	if strings.HasSuffix(p, "/...") {
		p, rest = strings.TrimSuffix(p, "/..."), "/..."
	}
	// The longest matching key wins: {featureflag: …, internal/featureflag: …}.
	best := ""
	for k := range a.Packages {
		if suffixMatch(p, k) && len(k) > len(best) {
			best = k
		}
	}
	if best != "" {
		p = strings.TrimSuffix(p, best) + a.Packages[best]
	}
	return prefix + p + rest
}

// argSlots are the argument indexes a form holds, by role.
type argSlots map[string]*int

// eachFunc calls fn with every function name of a preset and the
// argument indexes that go with it.
func eachFunc(pr *Preset, fn func(*FuncName, argSlots)) {
	for i := range pr.Accessors {
		a := &pr.Accessors[i]
		fn(&a.Func, argSlots{"key": &a.Key, "default": &a.Default})
		for j := range a.Unwrap {
			fn(&a.Unwrap[j], argSlots{})
		}
		for j := range a.Fixed {
			fn(&a.Fixed[j], argSlots{})
		}
	}
	for i := range pr.Handles {
		h := &pr.Handles[i]
		fn(&h.Constructor, argSlots{"key": &h.Name})
		for j := range h.Fixed {
			fn(&h.Fixed[j], argSlots{})
		}
	}
	for i := range pr.TestOverrides {
		o := &pr.TestOverrides[i]
		if o.Func.Name != "" {
			s := argSlots{}
			if o.Form == FormCall {
				s = argSlots{"key": &o.Flag, "value": &o.Value}
			}
			fn(&o.Func, s)
		}
		if o.Type.Name != "" {
			fn(&o.Type, argSlots{})
		}
	}
	for i := range pr.FeatureSets {
		s := &pr.FeatureSets[i]
		fn(&s.Func, argSlots{})
		if s.Context.Name != "" {
			fn(&s.Context, argSlots{})
		}
	}
	for i := range pr.Requires {
		fn(&pr.Requires[i].Type, argSlots{})
	}
	for i := range pr.GoDefinitions {
		d := &pr.GoDefinitions[i]
		if d.Constructor.Name != "" {
			fn(&d.Constructor, argSlots{}) // its Args: see Apply
		}
		if d.Registry.Name != "" {
			fn(&d.Registry, argSlots{})
		}
		for _, k := range slices.Sorted(maps.Keys(d.Options)) {
			f := d.Options[k]
			fn(&f, argSlots{})
			if f != d.Options[k] {
				d.Options[k] = f
			}
		}
		for _, k := range slices.Sorted(maps.Keys(d.OptionAliases)) {
			for j := range d.OptionAliases[k] {
				fn(&d.OptionAliases[k][j], argSlots{})
			}
		}
	}
}

// parsePresets parses presets: (names, or entries adapting a preset).
func (p *parser) parsePresets(v *yaml.Node) {
	var entries []*yaml.Node
	switch {
	case yamlx.IsNull(v):
	case v.Kind == yaml.SequenceNode:
		entries = v.Content
	default:
		entries = []*yaml.Node{v}
	}
	for _, e := range entries {
		name, a := p.presetEntry(e)
		if name.V == "" {
			continue
		}
		if _, ok := Presets[name.V]; !ok {
			p.errs = append(p.errs, diag.Errorf(name.Pos, "unknown preset %q: use one of %s", name.V, strings.Join(PresetNames(), ", ")))
			continue
		}
		if p.c.HasPreset(name.V) {
			p.errs = append(p.errs, diag.Errorf(name.Pos, "preset %s is listed twice: keep one entry", name.V))
			continue
		}
		p.c.Presets = append(p.c.Presets, name)
		if a != nil {
			if p.c.adapted == nil {
				p.c.adapted = make(map[string]Preset)
			}
			p.c.adapted[name.V] = a.Apply(Presets[name.V])
		}
	}
}
