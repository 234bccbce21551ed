package godefs

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/config"
)

// gateRegistry is a registry reached through a method, like the
// OpenTelemetry Collector's.
const gateRegistry = `package flags

type Stage int

const (
	StageAlpha Stage = iota
	StageBeta
)

type Gate struct{ id string }

func (g *Gate) IsEnabled() bool { return false }

type Option func(*Gate)

func From(string) Option { return nil }

type Registry struct{}

func (r *Registry) Register(id string, stage Stage, opts ...Option) (*Gate, error) { return &Gate{id}, nil }
func (r *Registry) MustRegister(id string, stage Stage, opts ...Option) *Gate   { return &Gate{id} }

var reg = &Registry{}
`

const wrapperConfig = `
go_definitions:
  - packages: [./...]
    constructor: (*example.com/flags.Registry).Register
    args: {name: 0, stage: 1}
    options: {milestone: example.com/flags.From}
    stages: {StageAlpha: {type: wip, default: false}, StageBeta: {type: beta, default: true}}
handles:
  - constructor: (*example.com/flags.Registry).MustRegister
    name: 0
    enabled: [IsEnabled]
`

func TestWrappers(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      string // derived forms, then the flags their calls declare
	}{{
		name: "name, stage and options forwarded",
		src: `
func load(r *Registry, id string, stage Stage, opts ...Option) *Gate {
	g, err := r.Register(id, stage, opts...)
	if err != nil {
		panic(err)
	}
	return g
}

const FastID = "svc.fast"

var Fast = load(reg, FastID, StageBeta, From("v0.90.0"))
`,
		want: `def example.com/flags.load args=map[name:1 stage:2] options=true
handle example.com/flags.load name=1 enabled=[IsEnabled]
svc.fast type=beta default=true milestone=0.90`,
	}, {
		name: "options not forwarded: the wrapper's own are not the call's",
		src: `
func load(id string, stage Stage) *Gate {
	g, _ := reg.Register(id, stage, From("v0.1.0"))
	return g
}

var Fast = load("svc.fast", StageAlpha)
`,
		want: `def example.com/flags.load args=map[name:0 stage:1] options=false
handle example.com/flags.load name=0 enabled=[IsEnabled]
svc.fast type=wip default=false`,
	}, {
		name: "a stage the wrapper fixes is not a role",
		src: `
func beta(id string) (*Gate, error) { return reg.Register(id, StageBeta) }

var _, _ = beta("svc.fast")
`,
		want: `def example.com/flags.beta args=map[name:0] options=false
handle example.com/flags.beta name=0 enabled=[IsEnabled]
svc.fast type=beta default=false`,
	}, {
		name: "a name the wrapper makes up is no parameter's: no wrapper",
		src: `
func prefixed(id string) *Gate {
	g, _ := reg.Register("svc."+id, StageBeta)
	return g
}
`,
		want: ``,
	}, {
		name: "another result type: a definition, no handle",
		src: `
func register(id string) error {
	_, err := reg.Register(id, StageBeta)
	return err
}

var _ = register("svc.fast")
`,
		want: `def example.com/flags.register args=map[name:0] options=false
svc.fast type=beta default=false`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := config.Parse("/root", []byte(wrapperConfig))
			if err != nil {
				t.Fatal(err)
			}
			fset, files, info := check(t, gateRegistry, "package flags\n"+tc.src)
			sources := c.AllGoDefinitions()
			forms := Wrappers(files, info, sources, c.AllHandles())
			var lines []string
			for _, d := range forms.GoDefinitions {
				lines = append(lines, fmt.Sprintf("def %s args=%v options=%t", d.Constructor, d.Args, len(d.Options) > 0))
			}
			for _, h := range forms.Handles {
				lines = append(lines, fmt.Sprintf("handle %s name=%d enabled=%v", h.Constructor, h.Name, h.Enabled))
			}
			var flags []string
			for _, d := range dedupe(Extract(fset, files, info, append(slices.Clip(sources), forms.GoDefinitions...), c)) {
				s := fmt.Sprintf("%s type=%s default=%t", d.Name, d.Type, d.DefaultEnabled)
				if !d.NoMilestone {
					s += " milestone=" + d.Milestone.String()
				}
				flags = append(flags, s)
			}
			sort.Strings(flags)
			if got := strings.Join(append(lines, flags...), "\n"); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
