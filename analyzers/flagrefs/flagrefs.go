package flagrefs

import (
	"go/ast"
	"go/build"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// Analyzer finds the flag references of a package. See the package doc.
var Analyzer = &analysis.Analyzer{
	Name:       "flagrefs",
	Doc:        "find feature flag references (the input of flagsweep's other analyzers)",
	URL:        "https://github.com/flagsweep/flagsweep#flag-references",
	Requires:   []*analysis.Analyzer{inspect.Analyzer},
	FactTypes:  []analysis.Fact{new(WrapperFact), new(HandleFact), new(HolderFact), new(GoDefsFact), new(WrapperFormsFact), new(GetterFact)},
	ResultType: reflect.TypeOf((*Result)(nil)),
	Run:        run,
}

var flags struct {
	config string
	state  string
}

func init() {
	Analyzer.Flags.StringVar(&flags.config, "config", "", "`file` .flagsweep.yaml (default: found from the package's directory upward; a relative path is relative to the module root)")
	Analyzer.Flags.StringVar(&flags.state, "state", "", "Features API export `file` to use instead of the configured state")
}

// A Kind says what a reference does with its flag.
type Kind int

const (
	// Check evaluates the flag: an accessor, wrapper or handle method call.
	Check Kind = iota
	// Declare creates a handle: var X = featureflag.NewFeatureFlag("x", …).
	Declare
	// Override forces the flag's state in a test.
	Override
	// FeatureSet lists the flag among those a test runs under every
	// combination of.
	FeatureSet
	// Use is a handle used as a value in a way no configured form
	// describes: passed to a function, stored, compared. It is a use of
	// the flag (never "unused"), and no removal can rewrite it: the
	// removal refuses it and keeps the handle.
	Use
)

var kindNames = [...]string{"check", "declare", "override", "feature-set", "use"}

// String returns the kind's name as used in JSON output.
func (k Kind) String() string { return kindNames[k] }

// A Ref is one reference to a flag.
type Ref struct {
	Kind Kind
	// Flag is the flag's key; empty when Dynamic.
	Flag string
	// Dynamic reports that the key is not a constant.
	Dynamic bool
	// Node is the expression that refers to the flag: a call, or for an
	// override that is not a call, the struct literal or the map entry
	// (an *ast.KeyValueExpr).
	Node ast.Expr
	// Call is Node when the reference is a call; nil otherwise (a check
	// may be a read of a map of forced states, tc.gates[features.X]).
	Call *ast.CallExpr
	// Form says how an Override is written (a call, name/value pairs, a
	// struct literal, a map entry).
	Form config.OverrideForm
	// Lit is the map literal holding a FormMap override's entry, or the
	// list holding a FormList one's element; nil for an assignment
	// (gates[X] = true, Node being the index expression).
	Lit *ast.CompositeLit
	// Key is the expression naming the flag: the key argument, or the
	// handle the method is called on.
	Key ast.Expr
	// Negated reports that the call returns true when the flag is off
	// (a handle's IsDisabled, a negated accessor or wrapper).
	Negated bool
	// Default is the accessor's default-value argument, if it has one.
	Default ast.Expr
	// Value is a test override's value: an argument, field or map value.
	// It is nil when the form lets it be left out: a FormPairs flag
	// without a boolean after it (forced on), a FormStruct literal
	// without the value field (the zero value).
	Value ast.Expr
	// Via is the go/types full name of the function or method called.
	Via string
	// Wrapper is set when Via is a wrapper flagsweep found rather than a
	// configured accessor.
	Wrapper *WrapperFact
	// Getter reports a call of a getter (Via): a function or method
	// whose whole body returns a check of the flag (see getters.go).
	Getter bool
	// Gets is, for the check a getter's whole body returns, the
	// getter's go/types full name: the read goes with the getter.
	Gets string
	// Handle is the handle variable a method is called on, or the one a
	// Declare initialises.
	Handle *types.Var
	// Accessor is, for a call of a property accessor (Via
	// ViaProperty), the go/types full name of the method called: what
	// a holder of its result names as its source, whose fixed
	// properties say which test writes fix it.
	Accessor string
	// Holder is the struct field holding a value derived from the flag
	// that a reference reads, writes or declares (see holders.go).
	Holder *types.Var
	// Unset marks an Override that is a struct literal leaving a bool
	// Holder out: it sets the field to false by omission.
	Unset bool
	// Reset marks an Override that puts the flag back to its default
	// (a call configured without value:, os.Unsetenv(key)).
	Reset bool
	// Fixed is the value an Override configured with a constant forces
	// (value: true: EnableFeatureFlagField(ctx, t, key)), or the state
	// a list override's element gives ("+x" on, "-x" off).
	Fixed *bool
	// keyCase is the case the flag's name was folded to in the key
	// (see config.TestOverride.KeyCase): Flag holds the folded name
	// until the definitions resolve it (resolveFolded).
	keyCase string
	// File is the file the reference is in.
	File *ast.File
	// Generated reports that the file is generated: it is analysed, never
	// rewritten.
	Generated bool
	// Syntactic reports a reference found without types, in a file the
	// type checker did not see (build constraints).
	Syntactic bool
	// LibraryTest reports a call in a test of the package declaring
	// the function called: the flag system's own tests, which exercise
	// it with made-up keys (Dapr's config tests ask IsFeatureEnabled
	// about "testMissing" and a table field). Such a reference is
	// neither undefined nor dynamic; it is a reference all the same.
	LibraryTest bool
}

// Result is what flagrefs computes for one package.
type Result struct {
	// Project is the configuration, definitions and verdicts the package
	// is checked against; nil when the package has no references (it
	// was never needed, so never loaded).
	Project *project.Project
	// Refs are the references in the package, in source order.
	Refs []*Ref
	// Err is why the configuration or definitions could not be read, in
	// which case there are no Refs. It is a result rather than the
	// analyzer's error so that drivers which hide a prerequisite's error
	// behind "failed prerequisites" still show it, through the setup
	// analyzer.
	Err error
	// Ignores indexes the package's //flagsweep:ignore comments.
	Ignores *Ignores
	// Syntax holds the parsed files excluded by build constraints.
	Syntax []*ast.File
	// Wrappers are the package's functions found to be wrappers.
	Wrappers []*types.Func
	// Foreign are the fields of other packages this package binds to a
	// value derived from a flag (a worker's config struct, filled by the
	// service importing it), and the parameters of other packages'
	// functions it gives one or anything else (see params.go): holders
	// their own package could not see.
	// A driver that analyses the whole program may provide them to a
	// second run (UseHolders).
	Foreign []ForeignHolder

	mu     sync.Mutex // guards flagOf: analyzers may run concurrently
	flagOf map[reportKey]string

	config *config.Config
}

// WrapperFact marks a function or method whose flag-key parameter flows
// unchanged into an accessor: calling it evaluates the flag.
type WrapperFact struct {
	// Key is the index of the flag-key parameter.
	Key int
	// Negated reports that the wrapper returns true when the flag is off.
	Negated bool
	// Direct reports that the wrapper's whole body is `return <check>`,
	// so a call can be replaced by the flag's value.
	Direct bool
	// Choose reports a chooser rather than a check: the function returns
	// its parameter On when the flag is on, Off when it is off, so a call
	// can be replaced by the chosen argument.
	Choose  bool
	On, Off int
	// Override reports a test override wrapper rather than a check: the
	// function's whole body forces the flag named by its parameter Key to
	// its parameter Value through a configured override (Kueue's
	// features.SetFeatureGateDuringTest(t, X, v)), so a call is an
	// override like the configured one.
	Override bool
	Value    int
}

// AFact marks WrapperFact as an analysis fact.
func (*WrapperFact) AFact() {}

func (f *WrapperFact) String() string {
	if f.Choose {
		return "chooser"
	}
	if f.Override {
		return "override wrapper"
	}
	s := "wrapper"
	if f.Negated {
		s += " (negated)"
	}
	return s
}

// HandleFact marks a package-level variable created by a handle
// constructor: the variable is the flag.
type HandleFact struct {
	// Flag is the flag's key; empty when it is not a constant.
	Flag string
	// Constructor is the full name of the constructor, which says which
	// handle configuration (methods) applies.
	Constructor string
}

// AFact marks HandleFact as an analysis fact.
func (*HandleFact) AFact() {}

func (f *HandleFact) String() string { return "handle " + f.Flag }

func run(pass *analysis.Pass) (any, error) {
	res := &Result{}
	// Cheapest exit: go vet runs the analyzer on every dependency,
	// the standard library included, which never checks a flag.
	if isStandard(packageDir(pass)) {
		return res, nil
	}
	cfg, provided, err := configFor(pass)
	if err != nil {
		res.Err = err
		return res, nil
	}
	res.Ignores = indexIgnores(pass.Fset, pass.Files)
	res.config = cfg
	if provided == nil {
		// Drivers that provide the project (flagsweep lint) have
		// checked the configuration and read the Go definitions.
		if err := checkForms(pass, cfg); err != nil {
			res.Err = err
			return res, nil
		}
		cfg = withWrappers(pass, cfg)
		res.config = cfg
		exportGoDefs(pass, cfg)
	}
	m := newMatcher(cfg)

	// Cheap exit: a package that names none of the accessors, handle
	// methods, constructors or wrappers cannot refer to a flag.
	known := m.namesWithFacts(pass)
	if provided != nil {
		for _, n := range KeyNames(provided) {
			known[n] = true
		}
	}
	for _, n := range ProvidedHolderNames(cfg) {
		known[n] = true
	}
	var strs map[string]bool
	if m.stringKeys && provided != nil {
		strs = keyStrings(provided)
	}
	if !mentionsAny(pass.Files, known, m.fragments, strs) && len(pass.IgnoredFiles) == 0 {
		return res, nil
	}

	f := &finder{pass: pass, m: m, res: res, ins: pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		wrappers: make(map[*types.Func]*WrapperFact),
		handles:  make(map[*types.Var]*HandleFact),
		holders:  make(map[*types.Var]*HolderFact),
		assigned: make(map[*ast.IndexExpr]bool),

		assignedSel: make(map[*ast.SelectorExpr]bool),
		assignedKey: make(map[*ast.Ident]bool),
	}
	f.findHandles()
	f.findPackageVars()
	f.findAliases()
	f.findWrappers()
	f.findRefs()
	f.findGetters()
	f.findHolders()
	f.findHandleValues()
	for fn := range f.wrappers {
		res.Wrappers = append(res.Wrappers, fn)
	}
	sort.Slice(res.Wrappers, func(i, j int) bool { return res.Wrappers[i].Pos() < res.Wrappers[j].Pos() })
	f.scanIgnoredFiles()
	sort.SliceStable(res.Refs, func(i, j int) bool { return res.Refs[i].Node.Pos() < res.Refs[j].Node.Pos() })
	// Only a package with references needs the definitions and verdicts.
	if len(res.Refs) > 0 {
		if res.Project, err = projectFor(pass, cfg); err != nil {
			res.Refs, res.Err = nil, err
		} else {
			res.Project = withImportedGoDefs(pass, res.Project)
			res.resolveFolded()
			res.resolveKeys()
			res.dropUndefinedStructs()
			res.dropDeclarations(pass.Fset)
		}
	}
	return res, nil
}

// isStandard reports whether a package directory belongs to the standard
// library (including its vendored packages): it lies in GOROOT/src.
func isStandard(dir string) bool {
	for _, goroot := range []string{build.Default.GOROOT, os.Getenv("GOROOT")} {
		if goroot == "" {
			continue
		}
		if rel, err := filepath.Rel(filepath.Join(goroot, "src"), dir); err == nil && !strings.HasPrefix(rel, "..") {
			return true
		}
	}
	return false
}

// mentionsAny reports whether any identifier in files has one of names,
// or contains one of fragments (the literal parts of wildcard names), or
// a string literal's value is one of strs.
func mentionsAny(files []*ast.File, names map[string]bool, fragments []string, strs map[string]bool) bool {
	for _, f := range files {
		found := false
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			if lit, ok := n.(*ast.BasicLit); ok && len(strs) > 0 && lit.Kind == token.STRING {
				if v, err := strconv.Unquote(lit.Value); err == nil && strs[v] {
					found = true
				}
			}
			if id, ok := n.(*ast.Ident); ok {
				if names[id.Name] {
					found = true
				}
				for _, frag := range fragments {
					if strings.Contains(id.Name, frag) {
						found = true
					}
				}
			}
			return true
		})
		if found {
			return true
		}
	}
	return false
}

// finder holds the state of one package's analysis.
type finder struct {
	pass *analysis.Pass
	// ins walks the package's syntax: every phase reads it, none
	// walks the files again.
	ins *inspector.Inspector
	m   *matcher
	// libHandles are the handles the flag library's own tests declare
	// (see Ref.LibraryTest), libFlags their flags, which those tests
	// also force by key.
	libHandles map[*types.Var]bool
	libFlags   map[string]bool
	res        *Result
	wrappers   map[*types.Func]*WrapperFact // this package's wrappers
	handles    map[*types.Var]*HandleFact   // this package's handles
	// holders are the fields holding a flag's property, this
	// package's and those looked up (nil: not a holder).
	holders map[*types.Var]*HolderFact
	// derived returns the flag a value comes from alone, and for a
	// property the handle's constructor (see findHolders).
	derived func(ast.Expr) (flag, constructor string)
	// ctorBodies are the bodies of the package's functions that are
	// handle constructors themselves (registration wrappers): their own
	// registrations are no declarations (see findHandles).
	ctorBodies []*ast.BlockStmt
	// forwards are the calls inside wrappers that pass the wrapper's
	// parameter on: plumbing, not references.
	forwards map[*ast.CallExpr]bool
	// declCalls are the constructor calls that initialise handles.
	declCalls map[*ast.CallExpr]bool
	// assigned are the map index expressions assigned to (overrides,
	// not reads).
	assigned map[*ast.IndexExpr]bool
	// assignedSel and assignedKey are the field-flag selectors and
	// literal keys recorded as writes, which are no reads.
	assignedSel map[*ast.SelectorExpr]bool
	assignedKey map[*ast.Ident]bool
	// aliasInits are the handle identifiers that initialise a local
	// alias of the handle (gate := features.X): no use of their own.
	aliasInits map[*ast.Ident]bool
	// fieldNames indexes the struct fields' declaring names (holderDecl).
	fieldNames map[*types.Var]*ast.Ident
	// propLocals are the local variables given a holder's property as
	// it is (propertyLocals).
	propLocals map[types.Object]propLocal
	// vetoed are the parameters that cannot hold a flag (paramVetoes);
	// paramForeign, in paramOrder, what this package gives other
	// packages' parameters (reportParam).
	vetoed       map[*types.Var]bool
	paramForeign map[HolderKey]ForeignHolder
	paramOrder   []HolderKey
	// accessorProps are the calls of property accessors (accessors:
	// with property: true), each a Use until what holds its result is
	// known: a field or parameter bound to it, or a call of it.
	accessorProps map[*ast.CallExpr]*Ref
	// heldArgs are the holder variables whose address an override
	// call is given (SetForTest(t, &features.X, true)): part of the
	// override, no use of their own.
	heldArgs map[*ast.Ident]bool
	// imported memoizes importsHolders.
	imported *bool
}

// callee returns the function or method a call calls, generic functions
// reduced to their origin.
func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn != nil {
		fn = fn.Origin()
	}
	return fn
}

// wrapperOf returns the wrapper fact of fn, from this package or a fact.
func (f *finder) wrapperOf(fn *types.Func) *WrapperFact {
	if w, ok := f.wrappers[fn]; ok {
		return w
	}
	if fn.Pkg() == nil || fn.Pkg() == f.pass.Pkg {
		return nil
	}
	var w WrapperFact
	if f.pass.ImportObjectFact(fn, &w) {
		return &w
	}
	return nil
}

// handleOf returns the handle fact of a variable.
func (f *finder) handleOf(v *types.Var) *HandleFact {
	if h, ok := f.handles[v]; ok {
		return h
	}
	if v.Pkg() == nil || v.Pkg() == f.pass.Pkg {
		return nil
	}
	var h HandleFact
	if f.pass.ImportObjectFact(v, &h) {
		return &h
	}
	return f.externalHandle(v)
}

// externalHandle returns the handle fact of a package-level variable of
// a package the scan does not analyse (another module's, such as a
// sibling module's internal/x that a go_definitions entry lists by
// import path), from the project's definitions: the declaration names
// the variable and its constructor. (go vet analyses every dependency
// and exports the fact itself.)
func (f *finder) externalHandle(v *types.Var) *HandleFact {
	if v.Pkg() == nil || v.Parent() != v.Pkg().Scope() || !f.listedPackage(v.Pkg().Path()) {
		return nil
	}
	p := f.res.Project
	if p == nil {
		var err error
		if p, err = projectFor(f.pass, f.res.config); err != nil {
			return nil // reported once the package's references are resolved
		}
	}
	for _, fl := range p.Flags {
		for _, g := range fl.Go {
			if g.External && g.Constructor != "" && g.Ident == v.Name() && g.Pkg == v.Pkg().Path() {
				if _, ok := f.m.handle(g.Constructor); ok {
					return &HandleFact{Flag: fl.Name, Constructor: g.Constructor}
				}
			}
		}
	}
	return nil
}

// listedPackage reports whether a go_definitions entry lists the package
// of path by its import path: the cheap test before externalHandle reads
// the project's definitions.
func (f *finder) listedPackage(path string) bool {
	for _, d := range f.res.config.AllGoDefinitions() {
		if slices.Contains(d.Packages, path) {
			return true
		}
	}
	return false
}

// key resolves a key expression to a constant string.
func key(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return "", false
	}
	s, ok := stringValue(tv.Value)
	return s, ok
}

func isFile(pass *analysis.Pass, pos token.Pos) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// generated reports whether a file is generated: the standard header, or a
// configured glob.
func generated(c *config.Config, fset *token.FileSet, f *ast.File) bool {
	if ast.IsGenerated(f) {
		return true
	}
	rel, err := filepath.Rel(c.Root, fset.File(f.FileStart).Name())
	return err == nil && c.IsGenerated(filepath.ToSlash(rel))
}
