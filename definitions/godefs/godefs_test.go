package godefs

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/config"
)

// registry is the package every case declares its flags in: a stand-in
// for each project's types, with the same shapes.
const registry = `package flags

type stage string

const (
	Alpha = stage("ALPHA")
	Beta  = stage("BETA")
	GA    = stage("")
)

type Feature string

type Version struct{ s string }

func MustParse(s string) *Version { return &Version{s} }

type Spec struct {
	Default       bool
	LockToDefault bool
	PreRelease    stage
	Version       *Version
}

type VersionedSpecs []Spec

type Row struct {
	Name            string
	DefaultValue    bool
	Deprecated      bool
	ToBeRemovedWith string
	Description     string
	Expression      string
	Owner           string
}

type Handle struct{ name string }

func New(name, version, issue string, on bool) Handle { return Handle{name} }

type Var[T any] struct{ def T }

func Register[T any](name string, def T, desc string) Var[T] { return Var[T]{def} }

func (v Var[T]) Get() T { return v.def }
`

// check parses and type-checks the sources as the package
// example.com/flags, in /root/flags.
func check(t *testing.T, srcs ...string) (*token.FileSet, []*ast.File, *types.Info) {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for i, s := range srcs {
		f, err := parser.ParseFile(fset, fmt.Sprintf("/root/flags/f%d.go", i), s, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("example.com/flags", fset, files, info); err != nil {
		t.Fatal(err)
	}
	return fset, files, info
}

// extract type-checks the registry and src as one package and extracts
// the flags cfg declares.
func extract(t *testing.T, cfgYAML, src string) string {
	t.Helper()
	c, err := config.Parse("/root", []byte(cfgYAML))
	if err != nil {
		t.Fatal(err)
	}
	fset, files, info := check(t, registry, src)
	defs := dedupe(Extract(fset, files, info, c.AllGoDefinitions(), c))
	var lines []string
	for _, d := range defs {
		s := fmt.Sprintf("%s type=%s default=%t", d.Name, d.Type, d.DefaultEnabled)
		if !d.NoMilestone {
			s += " milestone=" + d.Milestone.String()
		}
		if d.HasRemoveWith {
			s += " remove_with=" + d.RemoveWith.String()
		}
		if d.Locked {
			s += " locked"
		}
		if len(d.Owners) > 0 {
			s += " owners=" + strings.Join(d.Owners, ",")
		}
		if d.Group != "" {
			s += " group=" + d.Group
		}
		for _, g := range d.Go {
			s += fmt.Sprintf(" [%s %s", g.Kind, src[g.Start:g.End])
			if g.KeyConst != "" {
				s += " const=" + g.KeyConst
			}
			s += "]"
		}
		lines = append(lines, s)
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name, config, src, want string
	}{{
		name: "map of gates",
		config: `go_definitions:
  - packages: [./flags]
    map: bool
`,
		src: `package flags

const (
	// owner: @alice
	Fast = "fast"
	Slow Feature = "slow"
)

var Defaults = map[string]bool{Fast: true, "plain": false}
var typed = map[Feature]bool{Slow: true}
var other = map[string]int{"count": 1}     // not bools: no gates
var built = map[string]bool{Fast: true, name(): false} // a key that is no constant: code, not a declaration
func name() string { return "x" }
func copied(m map[string]bool) map[string]bool { return map[string]bool{"inner": m[Fast]} } // a computed value: code, not a declaration
`,
		want: `fast type=beta default=true owners=alice [gate Fast: true const=Fast]
plain type=beta default=false [gate "plain": false]
slow type=beta default=true [gate Slow: true const=Slow]`,
	}, {
		name: "map of gates keyed by a string type: its other constants are gates, off",
		config: `go_definitions:
  - packages: [./flags]
    map: bool
`,
		src: `package flags

const (
	// Hot reloads components.
	Hot Feature = "Hot"
	// owner: @dave
	Cold Feature = "Cold"
	A, B Feature = "a", "b" // not alone in their spec: not read
	Untyped = "untyped"
	Late Feature = "Late"
)

var defaults = map[Feature]bool{Hot: true}
var later = map[Feature]bool{Late: true} // read before the constants the maps leave out
`,
		want: `Cold type=beta default=false owners=dave [const Cold Feature = "Cold" const=Cold]
Hot type=beta default=true [gate Hot: true const=Hot]
Late type=beta default=true [gate Late: true const=Late]`,
	}, {
		name: "const: every constant of a string type, without a map",
		config: `go_definitions:
  - packages: [./flags]
    const: example.com/flags.Feature
`,
		src: `package flags

const (
	Streaming Feature = "Streaming"
	TTL       Feature = "ActorStateTTL"
	other           = "other"
)

func use(f Feature) bool { return f == "x" }
`,
		want: `ActorStateTTL type=beta default=false [const TTL       Feature = "ActorStateTTL" const=TTL]
Streaming type=beta default=false [const Streaming Feature = "Streaming" const=Streaming]`,
	}, {
		name: "one constructor for every setting: only boolean defaults are flags",
		config: `go_definitions:
  - packages: [./flags]
    constructor: example.com/flags.Register
    args: {name: 0, default: 1, description: 2}
  - packages: [./flags]
    constructor: example.com/flags.New
    args: {name: 0, milestone: 1, default: 3}
`,
		src: `package flags

import "time"

var (
	Fast    = Register("APP_FAST", true, "Fast.").Get()
	Text    = New("app_text", "v1.0.0", "", true)
	Mode    = Register("APP_MODE", "false", "An enumeration: false, true, hybrid.").Get()
	Cluster = Register("APP_CLUSTER", "main", "The cluster.").Get()
	Count   = Register("APP_COUNT", 3, "A number.").Get()
	Wait    = Register("APP_WAIT", time.Second, "A duration.").Get()
	Any     = Register[any]("APP_ANY", dflt, "Anything.").Get()
	None    = Register[any]("APP_NONE", nil, "Nothing.").Get()
	Named   = Register("APP_NAMED", on(), "A bool from a call.").Get()
)

var dflt any = true

type switchOn bool

func on() switchOn { return true }
`,
		want: `APP_ANY type=beta default=false [constructor Any     = Register[any]("APP_ANY", dflt, "Anything.").Get()]
APP_FAST type=beta default=true [constructor Fast    = Register("APP_FAST", true, "Fast.").Get()]
APP_NAMED type=beta default=false [constructor Named   = Register("APP_NAMED", on(), "A bool from a call.").Get()]
app_text type=beta default=true milestone=1.0 [constructor Text    = New("app_text", "v1.0.0", "", true)]`,
	}, {
		name: "constructor",
		config: `go_definitions:
  - packages: [./flags]
    constructor: example.com/flags.New
    args: {name: 0, milestone: 1, rollout_issue: 2, default: 3}
`,
		src: `package flags

var BundleURI = New("bundle_uri", "v16.6.0", "https://x/1", false)
var Other = New("other", "v17.0.0", "", true)
func mk(name string) Handle { return New(name, "v1.0.0", "", true) } // a dynamic name: not a declaration
`,
		want: `bundle_uri type=beta default=false milestone=16.6 [constructor BundleURI = New("bundle_uri", "v16.6.0", "https://x/1", false)]
other type=beta default=true milestone=17.0 [constructor Other = New("other", "v17.0.0", "", true)]`,
	}, {
		name: "featuregate versioned map, owners, GA left out, lock",
		config: `go_definitions:
  - packages: [./flags]
    map: example.com/flags.Spec
    fields: {default: Default, stage: PreRelease, locked: LockToDefault, milestone: Version}
    stages: {Alpha: wip, Beta: beta, GA: beta}
`,
		src: `package flags

const (
	// owner: @alice, @bob
	// beta: v1.30
	Sidecar Feature = "Sidecar"

	// owner: @carol
	Locked Feature = "Locked"
)

var specs = map[Feature]VersionedSpecs{
	Sidecar: {
		{Version: MustParse("1.28"), Default: false, PreRelease: Alpha},
		{Version: MustParse("1.30"), Default: true, PreRelease: Beta},
	},
	Locked: {
		{Version: MustParse("1.20"), Default: true, PreRelease: GA, LockToDefault: true},
	},
}

var plain = map[Feature]Spec{
	"Plain": {Default: false, PreRelease: Alpha},
}
`,
		want: `Locked type=beta default=true milestone=1.20 locked owners=carol [map Locked: {
		{Version: MustParse("1.20"), Default: true, PreRelease: GA, LockToDefault: true},
	} const=Locked]
Plain type=wip default=false [map "Plain": {Default: false, PreRelease: Alpha}]
Sidecar type=beta default=true milestone=1.28 owners=alice,bob [map Sidecar: {
		{Version: MustParse("1.28"), Default: false, PreRelease: Alpha},
		{Version: MustParse("1.30"), Default: true, PreRelease: Beta},
	} const=Sidecar]`,
	}, {
		name: "runner table: deprecated, to be removed with",
		config: `go_definitions:
  - packages: [./flags]
    slice: example.com/flags.Row
    fields: {name: Name, default: DefaultValue, deprecated: Deprecated, remove_with: ToBeRemovedWith, description: Description}
`,
		src: `package flags

const (
	UseFastzip string = "FF_USE_FASTZIP"
	Old        string = "FF_OLD"
)

var rows = []Row{
	{Name: "FF_TEST_FEATURE", Deprecated: true},
	{Name: UseFastzip, DefaultValue: false, ToBeRemovedWith: ""},
	{Name: Old, DefaultValue: true, ToBeRemovedWith: "19.7"},
}
`,
		want: `FF_OLD type=beta default=true remove_with=19.7 [slice {Name: Old, DefaultValue: true, ToBeRemovedWith: "19.7"} const=Old]
FF_TEST_FEATURE type=beta default=false locked [slice {Name: "FF_TEST_FEATURE", Deprecated: true}]
FF_USE_FASTZIP type=beta default=false [slice {Name: UseFastzip, DefaultValue: false, ToBeRemovedWith: ""} const=UseFastzip]`,
	}, {
		name: "grafana registry: expression string, owner, stage",
		config: `go_definitions:
  - packages: [./flags]
    slice: example.com/flags.Row
    fields: {name: Name, default: Expression, owner: Owner, stage: Description}
    stages: {Alpha: wip}
`,
		src: `package flags

const squad = "@grafana/search"

var (
	registry = []Row{
		{Name: "panelTitleSearch", Expression: "true", Owner: squad},
		{Name: "storageLocalUpload", Owner: squad},
	}
)
`,
		want: `panelTitleSearch type=beta default=true group=@grafana/search [slice {Name: "panelTitleSearch", Expression: "true", Owner: squad}]
storageLocalUpload type=beta default=false group=@grafana/search [slice {Name: "storageLocalUpload", Owner: squad}]`,
	}, {
		name: "a flag in two registries",
		config: `go_definitions:
  - packages: [./flags]
    map: example.com/flags.Spec
    fields: {default: Default}
`,
		src: `package flags

var a = map[Feature]Spec{"Shared": {Default: true}}
var b = map[Feature]Spec{"Shared": {Default: false}}
`,
		want: `Shared type=beta default=true [map "Shared": {Default: true}] [map "Shared": {Default: false}]`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := extract(t, tt.config, tt.src); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
