package config

import (
	"fmt"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/yamlx"
	"go.yaml.in/yaml/v3"
)

// A FuncName names a function or method the way go/types prints it with
// (*types.Func).FullName: "example.com/app/feature.Enabled",
// "(*example.com/app/feature.Client).Enabled" or, for an interface method,
// "(example.com/app/feature.Gate).Enabled".
type FuncName struct {
	Pkg  string // import path
	Recv string // receiver type name; empty for a package-level function
	Ptr  bool   // the receiver is a pointer
	Name string
}

// A method's name may hold * wildcards, as a function's may:
// (*dc.Collection).GetBoolProperty* is one form for a family of methods.
var methodRE = regexp.MustCompile(`^\((\*?)([^()\s*]+)\.([\p{L}_][\p{L}\p{N}_]*)\)\.([\p{L}_*][\p{L}\p{N}_*]*)$`)

// ParseFuncName parses a go/types full name.
func ParseFuncName(s string) (FuncName, error) {
	if m := methodRE.FindStringSubmatch(s); m != nil {
		return FuncName{Pkg: m[2], Recv: m[3], Ptr: m[1] == "*", Name: m[4]}, nil
	}
	if strings.ContainsAny(s, "() \t") {
		return FuncName{}, fmt.Errorf("%q is not a go/types full name: write (*import/path.Type).Method or (import/path.Interface).Method", s)
	}
	i := strings.LastIndexByte(s, '.')
	// A function's name may hold * wildcards (dynamicconfig.New*BoolSetting):
	// one entry for a family of constructors.
	if i <= 0 || i < strings.LastIndexByte(s, '/') || !token.IsIdentifier(strings.ReplaceAll(s[i+1:], "*", "X")) {
		return FuncName{}, fmt.Errorf("%q is not a go/types full name: write import/path.Func", s)
	}
	return FuncName{Pkg: s[:i], Name: s[i+1:]}, nil
}

// IsGlob reports whether the function's name holds a * wildcard.
func (f FuncName) IsGlob() bool { return strings.Contains(f.Name, "*") }

// Mention returns the text a call of the function must contain: its
// name, or for a wildcard name its longest literal part (BoolSetting for
// New*BoolSetting), for the cheap tests that skip packages by their text.
func (f FuncName) Mention() string {
	if !f.IsGlob() {
		return f.Name
	}
	longest := ""
	for _, part := range strings.Split(f.Name, "*") {
		if len(part) > len(longest) {
			longest = part
		}
	}
	return longest
}

// String returns the go/types full name.
func (f FuncName) String() string {
	if f.Recv == "" {
		return f.Pkg + "." + f.Name
	}
	star := ""
	if f.Ptr {
		star = "*"
	}
	return fmt.Sprintf("(%s%s.%s).%s", star, f.Pkg, f.Recv, f.Name)
}

// IsMethod reports whether f names a method.
func (f FuncName) IsMethod() bool { return f.Recv != "" }

// An Accessor is a function or method that evaluates a flag: its result is
// the flag's value (or its negation, for Negated).
type Accessor struct {
	Func FuncName
	// Key is the index of the flag-key argument.
	Key int
	// Default is the index of an argument giving the value used when the
	// flag cannot be evaluated (SDKs have one); -1 when there is none.
	Default int
	// Negated accessors return true when the flag is off (IsDisabled).
	Negated bool
	// Unwrap lists functions the key may pass through on its way to the
	// key argument: with os.Getenv, featureflags.IsOn(logger,
	// os.Getenv(featureflags.X)) checks X.
	Unwrap []FuncName
	// Property says the accessor returns a property of the flag — a
	// function (func(…) bool) reading it on each call — rather than its
	// value: Temporal's dynamic configuration before its typed settings,
	// dc.GetBoolPropertyFnWithNamespaceFilter(dynamicconfig.X, false),
	// kept in a config struct's field and called as cfg.X(ns). Such a
	// call is no check: the field, parameter or call holding its
	// result is (see Handle.Properties).
	Property bool
	// Fixed lists functions returning a property fixed at their first
	// argument, for a Property accessor (see Handle.Fixed).
	Fixed []FuncName
	Pos   diag.Position
	// Where says where each part of the form was written, by key (see
	// At), so that a form found not to fit the code once the packages are
	// loaded is reported at the very line that is wrong.
	Where map[string]diag.Position
}

// A Handle is a constructor whose result represents one flag: a variable
// initialised by it is the flag, checked through its methods.
type Handle struct {
	Constructor FuncName
	// Name is the index of the constructor argument holding the flag key.
	Name int
	// Enabled lists the methods returning the flag's value; Disabled those
	// returning its negation.
	Enabled  []string
	Disabled []string
	// Keys lists the methods returning the flag's key (the OpenTelemetry
	// Collector's Gate.ID): X.ID() names the flag wherever a key may
	// stand, as in an override's flag argument.
	Keys []string
	// Properties lists the methods returning a property of the flag: a
	// function (func(…) bool) whose every call reads it. A property
	// stored in a struct field (cfg.X = settings.X.Get(c)) makes the
	// field hold the flag: cfg.X(ns) is a check, the field a
	// declaration that goes with it.
	Properties []string
	// Fixed lists functions returning a property fixed at their first
	// argument (settings.GetBoolPropertyFn(true)): stored where the flag
	// is held, a write of that value — in a test, an override.
	Fixed []FuncName
	// Aliases are the indexes of constructor arguments registering the
	// same flag under another name, for a handle that wraps
	// registrations (Jaeger's NewRenamedGate(current, legacy) keeps a
	// renamed gate's old ID working): the old name is a key of the
	// flag, so that tests forcing it force the flag, and it goes with
	// the flag.
	Aliases []int
	Pos     diag.Position
	// Where says where each part of the form was written (see At).
	Where map[string]diag.Position
}

// A TestOverride forces a flag's state in tests. Most are calls
// (feature.WithOverride(ctx, "x", true)); real code also forces flags with
// values that are not calls, which the other forms describe.
type TestOverride struct {
	// Form is how the override is written: FormCall (the default),
	// FormPairs, FormStruct or FormMap.
	Form OverrideForm
	// Func is the function called, for FormCall and FormPairs. For
	// FormMap it is optional: the function that takes such a map to force
	// the flags in it (SetFeatureGatesDuringTest(t, gate, map…)), whose
	// call goes whole when the removal empties the map.
	Func FuncName
	// Flag is the index of the argument naming the flag (a key or handle),
	// Value the index of the boolean it is forced to (FormCall), -1
	// for a call that puts the flag back to its default (a reset:
	// os.Unsetenv("MM_FEATUREFLAGS_X"), written without value:), or
	// ValueOn or ValueOff for a call forcing a constant. For
	// FormPairs, Flag is the index of the first of the name arguments,
	// each optionally followed by a boolean (true when left out).
	Flag, Value int
	// Type is the struct type (FormStruct) whose FlagField names the flag
	// and ValueField holds its forced value ("true" or true); or the
	// named key type of map[Type]bool literals (FormMap).
	Type                  FuncName
	FlagField, ValueField string
	// ListField, for FormList, is the field of the struct Type listing
	// the flags a test turns on, by name or key (Jaeger's e2e
	// E2EStorageIntegration{FeatureGates: []string{"jaeger.x"}}, handed
	// to the binary as --feature-gates). An element may say the state:
	// "+x" or "x=true" turns x on, "-x" or "x=false" off.
	ListField string
	// StringKeys, for FormMap (map_key_type: string), selects the
	// entries of maps keyed by plain strings that are a flag's name or
	// one of its keys (a binder's configuration key): the configuration
	// a test hands to the code that reads it, map[string]string{
	// "enable-x": "true"}, with boolean values or "true" and "false".
	StringKeys bool
	// KeyPackage, for FormMap, selects map[K]bool literals by their keys
	// instead: constants declared in this package (GitLab Runner's
	// map[string]bool{featureflags.X: true}).
	KeyPackage string
	// KeyPrefix, for FormCall, maps the call's key to the flag: only keys
	// with the prefix are flags, named by the rest — an environment
	// variable set with t.Setenv("OTEL_GO_X_EXEMPLAR", "true") forces the
	// flag EXEMPLAR. (Values may be the strings "true" and "false".)
	KeyPrefix string
	// KeyCase, "upper" or "lower", says the rest of the key is the flag's
	// name in that case: Mattermost reads the config field FilesSearch
	// from MM_FEATUREFLAGS_FILESSEARCH. Empty: the rest is the name as
	// it is.
	KeyCase string
	Pos     diag.Position
	// Where says where each part of the form was written (see At).
	Where map[string]diag.Position
}

// ValueOn and ValueOff are a FormCall override's Value when the call
// forces the constant it is configured with (value: true, value: false)
// rather than an argument: Tekton's EnableFeatureFlagField(ctx, t, key)
// turns the flag it names on.
const (
	ValueOn  = -2
	ValueOff = -3
)

// An OverrideForm says how a test override is written.
type OverrideForm int

const (
	// FormCall is a call with a flag argument and a value argument.
	FormCall OverrideForm = iota
	// FormPairs is a call taking flags, each optionally followed by a
	// boolean: Grafana's featuremgmt.WithFeatures(FlagX, true, FlagY).
	FormPairs
	// FormStruct is a struct literal with a flag field and a value field:
	// GitLab Runner's spec.Variable{Key: featureflags.X, Value: "true"}.
	FormStruct
	// FormMap is a map[K]bool literal keyed by flags:
	// map[featuregate.Feature]bool{features.X: true}.
	FormMap
	// FormList is a struct literal whose list field names the flags a
	// test turns on: E2EStorageIntegration{FeatureGates:
	// []string{"jaeger.x"}}.
	FormList
)

// A FeatureSet is a call whose flag arguments list flags to run a test under
// every combination of (Gitaly's testhelper.NewFeatureSets).
type FeatureSet struct {
	Func FuncName
	// Context, when set, is a function taking the test's *testing.T and
	// returning the context a test runs with (Gitaly's
	// testhelper.Context); a run over an empty set is inlined with it.
	// The default is context.Background().
	Context FuncName
	Pos     diag.Position
	// Where says where each part of the form was written (see At).
	Where map[string]diag.Position
}

// A Requirement is a struct field listing flags that must all be on for
// what the struct describes to apply (Gitaly's
// git.BundledGitEnvironmentConstructor{FeatureFlags: []FeatureFlag{X}}:
// the bundled Git it names is used once X is on). Removing a flag that
// ends on drops it from every such list, and the field with a list it
// empties (no flag left to wait for); removing one that ends off leaves
// the literal for a human, since what it describes can never apply.
type Requirement struct {
	// Type is the struct type; Field the name of its field holding the
	// list (a slice of handles or keys).
	Type  FuncName
	Field string
	Pos   diag.Position
	// Where says where each part of the form was written (see At).
	Where map[string]diag.Position
}

// At returns where the part key of a form was written: the key's value
// ("key", "flag", "args.name"), a list entry ("enabled IsOn", "unwrap
// os.Getenv"), or, for a part not written in this file (a preset's), pos.
func At(where map[string]diag.Position, key string, pos diag.Position) diag.Position {
	if p, ok := where[key]; ok {
		return p
	}
	return pos
}

// note records where a part of a form was written.
func (p *parser) note(where *map[string]diag.Position, key string, n *yaml.Node) {
	if *where == nil {
		*where = make(map[string]diag.Position)
	}
	(*where)[key] = p.pos(n)
}

// funcKey reads the func: or method: entry of an item. Both spellings are
// accepted so a configuration reads naturally; the name decides.
func (p *parser) funcKey(kv yamlx.KV, fn *FuncName, set *bool) {
	s, ok := p.str(kv.Value, kv.Key.Value)
	if !ok {
		return
	}
	if *set {
		p.errorf(kv.Key, "give one of func or method, not both")
		return
	}
	*set = true
	f, err := ParseFuncName(s)
	if err != nil {
		p.errorf(kv.Value, "%v", err)
		return
	}
	switch {
	case kv.Key.Value == "func" && f.IsMethod():
		p.errorf(kv.Value, "%s is a method: write it under method:", s)
	case kv.Key.Value == "method" && !f.IsMethod():
		p.errorf(kv.Value, "%s is a function: write it under func:", s)
	}
	*fn = f
}

func (p *parser) index(n *yaml.Node, key string) int {
	i, ok := yamlx.Int(n)
	if !ok || i < 0 {
		p.errorf(n, "%s must be an argument index (0 for the first argument), not %s", key, describeValue(n))
		return -1
	}
	return i
}

// items returns the mappings of a list, reporting anything else.
func (p *parser) items(n *yaml.Node, key string) [][]yamlx.KV {
	if yamlx.IsNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s must be a list, not %s", key, yamlx.Describe(n))
		return nil
	}
	var out [][]yamlx.KV
	for _, c := range n.Content {
		kvs, err := p.f.Mapping(c, key+" entries")
		if err != nil {
			p.errs = append(p.errs, diag.AsList(err)...)
			continue
		}
		if len(kvs) == 0 {
			p.errorf(c, "an entry of %s is empty", key)
			continue
		}
		out = append(out, kvs)
	}
	return out
}

func (p *parser) requireFunc(n *yaml.Node, set bool, what string) {
	if !set {
		p.errorf(n, "%s needs func: or method: with the go/types full name", what)
	}
}

func (p *parser) accessors(n *yaml.Node) []Accessor {
	var out []Accessor
	for _, kvs := range p.items(n, "accessors") {
		a := Accessor{Key: -1, Default: -1}
		var set, keySet bool
		for _, kv := range kvs {
			switch kv.Key.Value {
			case "func", "method":
				p.funcKey(kv, &a.Func, &set)
				a.Pos = p.pos(kv.Value)
			case "key":
				a.Key = p.index(kv.Value, "key")
				keySet = true
				p.note(&a.Where, "key", kv.Value)
			case "default":
				a.Default = p.index(kv.Value, "default")
				p.note(&a.Where, "default", kv.Value)
			case "negated":
				if b, ok := p.boolean(kv.Value, "negated"); ok {
					a.Negated = *b
				}
			case "property":
				if b, ok := p.boolean(kv.Value, "property"); ok {
					a.Property = *b
				}
			case "fixed_properties":
				a.Fixed = p.fixedProperties(kv.Value, &a.Where)
			case "unwrap":
				for _, v := range p.stringList(kv.Value, "unwrap") {
					f, err := ParseFuncName(v.V)
					if err != nil {
						p.errs = append(p.errs, diag.Errorf(v.Pos, "unwrap: %v", err))
						continue
					}
					a.Unwrap = append(a.Unwrap, f)
					if a.Where == nil {
						a.Where = make(map[string]diag.Position)
					}
					a.Where["unwrap "+f.String()] = v.Pos
				}
			default:
				p.unknownKey(kv.Key, "accessor", []string{"func", "method", "key", "default", "negated", "unwrap", "property", "fixed_properties"})
			}
		}
		first := kvs[0].Key
		p.requireFunc(first, set, "an accessor")
		if !keySet {
			p.errorf(first, "an accessor needs key: the index of its flag-key argument")
		} else if a.Key >= 0 && a.Key == a.Default {
			p.errorf(first, "key and default must be different arguments")
		}
		if len(a.Fixed) > 0 && !a.Property {
			p.errorf(first, "fixed_properties: an accessor returning the flag's value has no property to fix: add property: true, or leave fixed_properties out")
		}
		if a.Property && (a.Negated || len(a.Unwrap) > 0) {
			p.errorf(first, "property: true: a property accessor can be neither negated nor unwrap a key")
		}
		out = append(out, a)
	}
	return out
}

// fixedProperties parses a fixed_properties: list of functions, noting
// where each is written.
func (p *parser) fixedProperties(n *yaml.Node, where *map[string]diag.Position) []FuncName {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "fixed_properties must be a list of functions, not %s", yamlx.Describe(n))
		return nil
	}
	var out []FuncName
	for _, e := range n.Content {
		s, ok := p.str(e, "fixed_properties")
		if !ok {
			continue
		}
		f, err := ParseFuncName(s)
		if err != nil {
			p.errorf(e, "fixed_properties: %v", err)
			continue
		}
		out = append(out, f)
		p.note(where, "fixed_properties "+s, e)
	}
	return out
}

func (p *parser) handles(n *yaml.Node) []Handle {
	var out []Handle
	for _, kvs := range p.items(n, "handles") {
		h := Handle{Name: -1}
		var set, nameSet bool
		for _, kv := range kvs {
			switch kv.Key.Value {
			case "constructor":
				if s, ok := p.str(kv.Value, "constructor"); ok {
					set = true
					f, err := ParseFuncName(s)
					if err != nil {
						p.errorf(kv.Value, "%v", err)
					}
					h.Constructor = f
					h.Pos = p.pos(kv.Value)
				}
			case "name":
				h.Name = p.index(kv.Value, "name")
				nameSet = true
				p.note(&h.Where, "name", kv.Value)
			case "enabled":
				h.Enabled = p.methodNames(kv.Value, "enabled", &h.Where)
			case "disabled":
				h.Disabled = p.methodNames(kv.Value, "disabled", &h.Where)
			case "key_methods":
				h.Keys = p.methodNames(kv.Value, "key_methods", &h.Where)
			case "aliases":
				if kv.Value.Kind != yaml.SequenceNode {
					p.errorf(kv.Value, "aliases must be a list of argument indexes, not %s", yamlx.Describe(kv.Value))
					continue
				}
				for _, n := range kv.Value.Content {
					h.Aliases = append(h.Aliases, p.index(n, "aliases"))
				}
				p.note(&h.Where, "aliases", kv.Value)
			case "properties":
				h.Properties = p.methodNames(kv.Value, "properties", &h.Where)
			case "fixed_properties":
				h.Fixed = p.fixedProperties(kv.Value, &h.Where)
			default:
				p.unknownKey(kv.Key, "handle", []string{"constructor", "name", "aliases", "enabled", "disabled", "key_methods", "properties", "fixed_properties"})
			}
		}
		first := kvs[0].Key
		if !set {
			p.errorf(first, "a handle needs constructor: the go/types full name of the function that creates it")
		}
		if !nameSet {
			p.errorf(first, "a handle needs name: the index of the constructor argument holding the flag key")
		}
		if slices.Contains(h.Aliases, h.Name) {
			p.errorf(first, "aliases: argument %d is the handle's name: an alias is another argument registering the same flag", h.Name)
		}
		if len(h.Enabled) == 0 && len(h.Disabled) == 0 && len(h.Properties) == 0 {
			p.errorf(first, "a handle needs enabled: (and optionally disabled:) method names that check it, or properties: methods returning a func(…) bool that does")
		}
		out = append(out, h)
	}
	return out
}

// methodNames reads a list of method names, noting where each is written
// as "KEY NAME" in where.
func (p *parser) methodNames(n *yaml.Node, key string, where *map[string]diag.Position) []string {
	var out []string
	for _, v := range p.stringList(n, key) {
		if !token.IsIdentifier(v.V) {
			p.errs = append(p.errs, diag.Errorf(v.Pos, "%s: %q is not a method name", key, v.V))
			continue
		}
		out = append(out, v.V)
		if *where == nil {
			*where = make(map[string]diag.Position)
		}
		(*where)[key+" "+v.V] = v.Pos
	}
	return out
}

var overrideKeys = []string{"func", "method", "flag", "value", "key_prefix", "key_case", "pairs", "struct", "list", "map_key_type", "map_key_package"}

func (p *parser) testOverrides(n *yaml.Node) []TestOverride {
	var out []TestOverride
	for _, kvs := range p.items(n, "test_overrides") {
		t := TestOverride{Flag: -1, Value: -1}
		var set bool
		var flag, value, keyPkg, list *yaml.Node
		forms := map[OverrideForm]bool{}
		for _, kv := range kvs {
			switch kv.Key.Value {
			case "func", "method":
				p.funcKey(kv, &t.Func, &set)
				t.Pos = p.pos(kv.Value)
			case "flag":
				flag = kv.Value
			case "value":
				value = kv.Value
			case "list":
				list = kv.Value
			case "pairs":
				t.Flag = p.index(kv.Value, "pairs")
				forms[FormPairs] = true
				p.note(&t.Where, "pairs", kv.Value)
			case "struct", "map_key_type":
				s, ok := p.str(kv.Value, kv.Key.Value)
				if !ok {
					continue
				}
				if kv.Key.Value == "map_key_type" && s == "string" {
					t.StringKeys, t.Pos = true, p.pos(kv.Value)
					forms[FormMap] = true
					continue
				}
				f, err := ParseFuncName(s)
				if err != nil || f.IsMethod() {
					p.errorf(kv.Value, "%s must name a type like example.com/app/flags.Key", kv.Key.Value)
					continue
				}
				t.Type, t.Pos = f, p.pos(kv.Value)
				forms[map[string]OverrideForm{"struct": FormStruct, "map_key_type": FormMap}[kv.Key.Value]] = true
			case "key_prefix":
				if s, ok := p.str(kv.Value, "key_prefix"); ok {
					t.KeyPrefix = s
				}
			case "key_case":
				if s, ok := p.str(kv.Value, "key_case"); ok {
					if s != "upper" && s != "lower" {
						p.errorf(kv.Value, "key_case must be upper or lower (the case of the flag's name in the key), not %q", s)
					}
					t.KeyCase = s
				}
			case "map_key_package":
				if s, ok := p.str(kv.Value, "map_key_package"); ok {
					t.KeyPackage, t.Pos = s, p.pos(kv.Value)
					forms[FormMap] = true
					keyPkg = kv.Value
				}
			default:
				p.unknownKey(kv.Key, "test override", overrideKeys)
			}
		}
		if t.StringKeys && keyPkg != nil {
			// Which keys name flags: any string, or the constants of
			// a package — one rule per override.
			p.errorf(keyPkg, "map_key_package cannot go with map_key_type: string (any string key); give one, or two overrides")
		}
		first := kvs[0].Key
		if set {
			forms[FormCall] = !forms[FormPairs] && !forms[FormMap]
		}
		if list != nil {
			// struct: with list: names a list field, not a
			// flag field and a value field.
			if !forms[FormStruct] {
				p.errorf(list, "list: names a field of the struct: type; add struct:")
			} else {
				delete(forms, FormStruct)
				forms[FormList] = true
				t.ListField = p.field(list, "list")
				p.note(&t.Where, "list", list)
				if flag != nil || value != nil {
					p.errorf(first, "a list test override names the flags in its list: field; flag: and value: do not go with it")
					flag, value = nil, nil
				}
			}
		}
		n := 0
		for form, on := range forms {
			if on {
				t.Form = form
				n++
			}
		}
		switch {
		case n != 1 || t.Form == FormPairs && !set:
			p.errorf(first, "a test override needs one of: func: (or method:) with flag: and value:; func: with pairs:; struct: with flag: and value: fields, or with list:; map_key_type: or map_key_package:")
		case t.Form == FormCall:
			// Without value: the call puts the flag back to its
			// default (a reset, os.Unsetenv): it forces nothing.
			if flag == nil {
				p.errorf(first, "a test override needs flag: (and value:, unless the call resets the flag to its default) argument indexes")
			} else {
				t.Flag = p.index(flag, "flag")
				p.note(&t.Where, "flag", flag)
				if value != nil {
					switch {
					case value.Kind == yaml.ScalarNode && value.Tag == "!!bool":
						// value: true — the call forces the flag
						// to that constant (a helper enabling
						// the flag it names).
						t.Value = ValueOff
						if b, err := strconv.ParseBool(value.Value); err == nil && b {
							t.Value = ValueOn
						}
					default:
						t.Value = p.index(value, "value")
					}
					p.note(&t.Where, "value", value)
				}
			}
		case t.Form == FormStruct:
			if flag == nil || value == nil {
				p.errorf(first, "a struct test override needs flag: and value: field names")
			} else {
				t.FlagField, t.ValueField = p.field(flag, "flag"), p.field(value, "value")
				p.note(&t.Where, "flag", flag)
				p.note(&t.Where, "value", value)
			}
		case flag != nil || value != nil:
			p.errorf(first, "flag: and value: belong to func: and struct: overrides only")
		}
		if t.KeyPrefix != "" && t.Form != FormCall {
			p.errorf(first, "key_prefix: belongs to func: overrides with flag: and value:")
		}
		if t.KeyCase != "" && t.KeyPrefix == "" {
			p.errorf(first, "key_case: says how key_prefix: maps the rest of the key to the flag: add key_prefix:")
		}
		out = append(out, t)
	}
	return out
}

func (p *parser) field(n *yaml.Node, key string) string {
	s, ok := p.str(n, key)
	if ok && !token.IsIdentifier(s) {
		p.errorf(n, "%s must be a field name, not %q", key, s)
	}
	return s
}

func (p *parser) requirements(n *yaml.Node) []Requirement {
	var out []Requirement
	for _, kvs := range p.items(n, "requires") {
		var r Requirement
		for _, kv := range kvs {
			switch kv.Key.Value {
			case "struct":
				s, ok := p.str(kv.Value, "struct")
				if !ok {
					continue
				}
				f, err := ParseFuncName(s)
				if err != nil || f.IsMethod() {
					p.errorf(kv.Value, "struct must name a type like example.com/app/git.Environment")
					continue
				}
				r.Type, r.Pos = f, p.pos(kv.Value)
			case "field":
				if s, ok := p.str(kv.Value, "field"); ok {
					if !token.IsIdentifier(s) {
						p.errorf(kv.Value, "field must be the name of the struct's field, like FeatureFlags, not %q", s)
						continue
					}
					r.Field = s
					p.note(&r.Where, "field", kv.Value)
				}
			default:
				p.unknownKey(kv.Key, "requirement", []string{"struct", "field"})
			}
		}
		if r.Type.Name == "" || r.Field == "" {
			p.errorf(kvs[0].Key, "a requirement needs struct: (the type) and field: (its field listing the flags)")
			continue
		}
		out = append(out, r)
	}
	return out
}

func (p *parser) featureSets(n *yaml.Node) []FeatureSet {
	var out []FeatureSet
	for _, kvs := range p.items(n, "feature_sets") {
		var fs FeatureSet
		var set bool
		for _, kv := range kvs {
			switch kv.Key.Value {
			case "func", "method":
				p.funcKey(kv, &fs.Func, &set)
				fs.Pos = p.pos(kv.Value)
			case "context":
				if s, ok := p.str(kv.Value, "context"); ok {
					f, err := ParseFuncName(s)
					if err != nil || f.IsMethod() {
						p.errorf(kv.Value, "context must name a function like example.com/app/testhelper.Context")
					} else {
						fs.Context = f
						p.note(&fs.Where, "context", kv.Value)
					}
				}
			default:
				p.unknownKey(kv.Key, "feature set", []string{"func", "method", "context"})
			}
		}
		p.requireFunc(kvs[0].Key, set, "a feature set")
		out = append(out, fs)
	}
	return out
}
