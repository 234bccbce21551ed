package config

import (
	"go/ast"
	"go/importer"
	goparser "go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// featureSrc is the package the forms under test name.
const featureSrc = `package feature

import (
	"context"
	"testing"
)

type Key string

func Enabled(name string) bool                        { return false }
func IsEnabled(ctx context.Context, name string) bool { return false }
func On(ctx context.Context, keys ...string) bool      { return false }
func ByKey(k Key) bool                                 { return false }
func Count(n int) bool                                 { return false }
func Force(t *testing.T, name string, v bool)          {}
func Pairs(t *testing.T, flags ...any)                 {}
func Getenv(s string) string                           { return s }

var Var = func(name string) bool { return false }

type Client struct{ inner }
type inner struct{}

func (c *Client) Bool(ctx context.Context, key string, def bool) bool { return def }
func (c Client) Value(key string) bool                             { return false }
func (inner) Promoted(key string) bool                             { return false }

type Gate interface{ Enabled(key string) bool }

type Generic[T any] struct{}

func (g *Generic[T]) On(key string) bool { return false }

type Flag struct{ name string }

func New(name string, def bool) *Flag      { return &Flag{name} }
func (f *Flag) IsOn(ctx context.Context) bool { return false }
func NewNothing(name string)                 {}
func Bind(key string, def bool, p *bool) error { return nil }

type Flags struct{ Fast bool }

type Spec struct {
	Default bool
	Stage   string
}

type Variable struct{ Key, Value string }
`

func loaded(t *testing.T, complete bool) Loaded {
	t.Helper()
	fset := token.NewFileSet()
	f, err := goparser.ParseFile(fset, "feature.go", featureSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("example.com/feature", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return Loaded{
		Paths: []string{"context", "example.com/feature"},
		Types: func(path string) []*types.Package {
			if path == pkg.Path() {
				return []*types.Package{pkg}
			}
			return nil
		},
		Complete: complete,
	}
}

func TestCheckForms(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want []string // errors, in order; "" for none
	}{
		{"fits", `accessors:
  - func: example.com/feature.Enabled
    key: 0
  - func: example.com/feature.IsEnabled
    key: 1
  - func: example.com/feature.ByKey
    key: 0
  - method: (*example.com/feature.Client).Bool
    key: 1
    default: 2
  - method: (example.com/feature.Client).Value
    key: 0
  - method: (example.com/feature.Gate).Enabled
    key: 0
  - method: (*example.com/feature.Generic).On
    key: 0
  - func: example.com/feature.Enabled
    key: 0
    unwrap: [example.com/feature.Getenv]
handles:
  - constructor: example.com/feature.New
    name: 0
    enabled: [IsOn]
test_overrides:
  - func: example.com/feature.Force
    flag: 1
    value: 2
  - func: example.com/feature.Pairs
    pairs: 1
  - struct: example.com/feature.Variable
    flag: Key
    value: Value
  - map_key_type: example.com/feature.Key
`, nil},
		{"variadic", `accessors:
  - func: example.com/feature.On
    key: 3
`, nil},
		{"key beyond", `accessors:
  - func: example.com/feature.Enabled
    key: 1
`, []string{".flagsweep.yaml:3:10: key: 1 is beyond the parameters of example.com/feature.Enabled, func(name string) bool: this accessor matches no call"}},
		{"default beyond", `accessors:
  - func: example.com/feature.Enabled
    key: 0
    default: 1
`, []string{".flagsweep.yaml:4:14: default: 1 is beyond the parameters"}},
		{"key is the context", `accessors:
  - func: example.com/feature.IsEnabled
    key: 0
`, []string{".flagsweep.yaml:3:10: key: 0 is the context.Context parameter of example.com/feature.IsEnabled"}},
		{"key is a number", `accessors:
  - func: example.com/feature.Count
    key: 0
`, []string{"key: 0 is the int parameter of example.com/feature.Count, func(n int) bool, which cannot hold a flag key"}},
		{"no such function", `accessors:
  - func: example.com/feature.Enabld
    key: 0
`, []string{".flagsweep.yaml:2:11: example.com/feature.Enabld: package example.com/feature has no function Enabld (did you mean Enabled?); this accessor matches nothing"}},
		{"a variable", `accessors:
  - func: example.com/feature.Var
    key: 0
`, []string{"Var is a variable, not a function"}},
		{"no such method", `accessors:
  - method: (*example.com/feature.Client).Boo
    key: 1
`, []string{"type Client has no method Boo (did you mean Bool?)"}},
		{"method wildcard", `accessors:
  - method: (*example.com/feature.Client).B*
    key: 1
    default: 2
`, nil},
		{"method wildcard matching nothing", `accessors:
  - method: (*example.com/feature.Client).Int*
    key: 0
`, []string{"type Client has no method matching Int*"}},
		{"method wildcard on the wrong receiver", `accessors:
  - method: (*example.com/feature.Client).Val*
    key: 0
`, []string{"type Client has no method matching Val*"}},
		{"method wildcard, key beyond", `accessors:
  - method: (*example.com/feature.Client).B*
    key: 3
`, []string{"key: 3 is beyond the parameters of (*example.com/feature.Client).Bool"}},
		{"property accessor returning a bool", `accessors:
  - func: example.com/feature.Enabled
    key: 0
    property: true
`, []string{".flagsweep.yaml:2:11: property: true: example.com/feature.Enabled does not return a function returning bool"}},
		{"no such type", `accessors:
  - method: (*example.com/feature.Clent).Bool
    key: 1
`, []string{"package example.com/feature has no type Clent (did you mean Client?)"}},
		{"value method on the pointer", `accessors:
  - method: (*example.com/feature.Client).Value
    key: 0
`, []string{"the method's go/types full name is (example.com/feature.Client).Value: write that"}},
		{"promoted method", `accessors:
  - method: (example.com/feature.Client).Promoted
    key: 0
`, []string{"full name is (example.com/feature.inner).Promoted"}},
		{"unwrap missing", `accessors:
  - func: example.com/feature.Enabled
    key: 0
    unwrap: [example.com/feature.Getenvv]
`, []string{".flagsweep.yaml:4:14: unwrap: example.com/feature.Getenvv: package example.com/feature has no function Getenvv"}},
		{"handle method missing", `handles:
  - constructor: example.com/feature.New
    name: 0
    enabled: [IsOn]
    disabled: [IsOff]
`, []string{".flagsweep.yaml:5:16: disabled: example.com/feature.New returns *example.com/feature.Flag, which has no method IsOff"}},
		{"handle name beyond", `handles:
  - constructor: example.com/feature.New
    name: 2
    enabled: [IsOn]
`, []string{".flagsweep.yaml:3:11: name: 2 is beyond"}},
		{"constructor returns nothing", `handles:
  - constructor: example.com/feature.NewNothing
    name: 0
    enabled: [IsOn]
`, []string{"returns nothing, so it makes no handle"}},
		{"override value beyond", `test_overrides:
  - func: example.com/feature.Force
    flag: 1
    value: 3
`, []string{".flagsweep.yaml:4:12: value: 3 is beyond"}},
		{"override flag is the test", `test_overrides:
  - func: example.com/feature.Force
    flag: 0
    value: 2
`, []string{"flag: 0 is the *testing.T parameter"}},
		{"struct field missing", `test_overrides:
  - struct: example.com/feature.Variable
    flag: Name
    value: Value
`, []string{".flagsweep.yaml:3:11: flag: Variable has no field Name"}},
		{"requirement field missing", `requires:
  - struct: example.com/feature.Variable
    field: Flags
`, []string{".flagsweep.yaml:3:12: field: Variable has no field Flags"}},
		{"requirement type missing", `requires:
  - struct: example.com/feature.Environment
    field: Flags
`, []string{"package example.com/feature has no type Environment"}},
		{"map key type missing", `test_overrides:
  - map_key_type: example.com/feature.Feature
`, []string{"package example.com/feature has no type Feature"}},
		{"feature set context missing", `feature_sets:
  - func: example.com/feature.Enabled
    context: example.com/feature.Ctx
`, []string{".flagsweep.yaml:3:14: context: example.com/feature.Ctx: package example.com/feature has no function Ctx"}},
		{"go definition constructor arg beyond", `go_definitions:
  - packages: [./feature]
    constructor: example.com/feature.New
    args: {name: 0, default: 2}
`, []string{".flagsweep.yaml:4:30: args.default: 2 is beyond"}},
		{"go definition registry field missing", `go_definitions:
  - packages: [./feature]
    map: example.com/feature.Spec
    fields: {default: Default, stage: Stag}
`, []string{".flagsweep.yaml:4:39: fields.stage: Spec has no field Stag (did you mean Stage?)"}},
		{"binder default is no bool", `go_definitions:
  - packages: [./feature]
    struct: example.com/feature.Flags
    binder: example.com/feature.Bind
    args: {field: 2, default: 0}
`, []string{".flagsweep.yaml:5:31: args.default: 0 is the string parameter of example.com/feature.Bind"}},
		{"binder field is no pointer", `go_definitions:
  - packages: [./feature]
    struct: example.com/feature.Flags
    binder: example.com/feature.Bind
    args: {field: 1}
`, []string{".flagsweep.yaml:5:19: args.field: 1 is the bool parameter of example.com/feature.Bind, func(key string, def bool, p *bool) error, not a *bool"}},
		{"binder missing", `go_definitions:
  - packages: [./feature]
    struct: example.com/feature.Flags
    binder: example.com/feature.Bound
    args: {field: 0}
`, []string{".flagsweep.yaml:4:13: example.com/feature.Bound: package example.com/feature has no function Bound; this go definition's binder matches nothing"}},
		{"binder right", `go_definitions:
  - packages: [./feature]
    struct: example.com/feature.Flags
    binder: example.com/feature.Bind
    args: {field: 2, default: 1}
`, nil},
		{"not loaded is no error", `accessors:
  - func: example.com/other.Enabled
    key: 5
`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse("/repo", []byte(tt.yaml))
			if err != nil {
				t.Fatal(err)
			}
			errs, _ := c.CheckForms(loaded(t, true))
			if len(errs) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%v", len(errs), len(tt.want), errs)
			}
			for i, e := range errs {
				if !strings.Contains(e.Error(), tt.want[i]) {
					t.Errorf("error %d = %q, want it to contain %q", i, e.Error(), tt.want[i])
				}
			}
		})
	}
}

func TestCheckFormsNotLoaded(t *testing.T) {
	c, err := Parse("/repo", []byte(`presets: [unleash]
accessors:
  - func: example.com/other.Enabled
    key: 0
  - func: example.com/feature.Enabled
    key: 0
`))
	if err != nil {
		t.Fatal(err)
	}
	// A complete view: the project's own form is a warning, the preset's
	// (Unleash is not loaded either) are silent.
	errs, warns := c.CheckForms(loaded(t, true))
	if len(errs) != 0 {
		t.Errorf("errors: %v", errs)
	}
	want := ".flagsweep.yaml:3:11: warning: package example.com/other is not loaded (no package of the module imports it): this form matches nothing"
	if len(warns) != 1 || warns[0].Error() != want {
		t.Errorf("warnings = %v, want %q", warns, want)
	}
	// A partial view (go vet, --files) cannot tell.
	if _, warns := c.CheckForms(loaded(t, false)); len(warns) != 0 {
		t.Errorf("partial view: warnings %v", warns)
	}
}

func TestCheckFormsPresets(t *testing.T) {
	// A preset's form whose package is loaded is checked, and the error
	// names the preset at its presets: entry.
	c, err := Parse("/repo", []byte("presets: [openfeature]\n"))
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := goparser.ParseFile(fset, "of.go", `package openfeature
type Client struct{}
func (c *Client) BooleanValue(ctx any, key string) bool { return false }
`, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{}).Check("github.com/open-feature/go-sdk/openfeature", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	errs, _ := c.CheckForms(Loaded{
		Paths:    []string{pkg.Path()},
		Types:    func(string) []*types.Package { return []*types.Package{pkg} },
		Complete: true,
	})
	// The methods this version lacks (Boolean, the IClient interface)
	// are called nowhere: silent.
	want := ".flagsweep.yaml:1:11: preset openfeature: default: 2 is beyond the parameters of (*github.com/open-feature/go-sdk/openfeature.Client).BooleanValue, func(ctx any, key string) bool: this accessor matches no call (another release of the library? adapt the preset: presets: [{preset: openfeature, args: {BooleanValue: {default: none}}}])"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("errors = %v, want %q", errs, want)
	}
}

func TestTrimTypeParams(t *testing.T) {
	for in, want := range map[string]string{
		"(*example.com/p.C[T]).On":    "(*example.com/p.C).On",
		"(example.com/p.M[K, V]).Get": "(example.com/p.M).Get",
		"(*example.com/p.C).On":       "(*example.com/p.C).On",
		"example.com/p.F":             "example.com/p.F",
	} {
		if got := TrimTypeParams(in); got != want {
			t.Errorf("TrimTypeParams(%q) = %q, want %q", in, got, want)
		}
	}
}
