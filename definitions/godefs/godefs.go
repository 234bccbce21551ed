// Package godefs reads feature flags declared in Go, through go/types:
// calls of a constructor (Gitaly's featureflag.NewFeatureFlag("x",
// "v16.4.0", url, false)), entries of a map whose values are a registry
// type (Kubernetes' map[featuregate.Feature]featuregate.FeatureSpec, or its
// versioned specs), and elements of a slice of one (Grafana's
// []featuremgmt.FeatureFlag, GitLab Runner's []featureflags.FeatureFlag).
//
// Each declaration becomes a definitions.Definition, mapped onto the same
// model as a YAML file: the stage (featuregate.Beta, FeatureStageGA) gives
// the lifecycle type, a version or ToBeRemovedWith the milestone, a
// LockToDefault or Deprecated field a locked flag, an `// owner: @user`
// comment above the key constant the owners.
package godefs

import (
	"context"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/definitions"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/astx"
	"github.com/flagsweep/flagsweep/lifecycle"
	"github.com/flagsweep/flagsweep/load"
	"golang.org/x/tools/go/types/typeutil"
)

// Load loads the packages the configuration's Go definitions name and
// reads the flags they declare, with the forms of the registration
// wrappers found there (see Wrappers), which the references' analysis
// needs as much as configured ones.
func Load(ctx context.Context, c *config.Config, env []string) ([]*definitions.Definition, Forms, error) {
	sources := c.AllGoDefinitions()
	if len(sources) == 0 {
		return nil, Forms{}, nil
	}
	var patterns []string
	var errs diag.ErrorList
	seen := make(map[string]bool)
	for _, s := range sources {
		for _, p := range s.Packages {
			if seen[p] {
				continue
			}
			seen[p] = true
			// A directory that is not there is the configuration's
			// mistake: say where it is written.
			if dir := strings.TrimSuffix(p, "/..."); strings.HasPrefix(dir, ".") {
				if fi, err := os.Stat(filepath.Join(c.Root, filepath.FromSlash(dir))); err != nil || !fi.IsDir() {
					msg := fmt.Sprintf("go definition: package directory %s does not exist: set packages: to where the flags are declared", p)
					if s.Preset != "" {
						msg = fmt.Sprintf("preset %s reads flags declared in %s, which does not exist: add `go_definitions: [{preset: %s, packages: [./where/they/are]}]`", s.Preset, p, s.Preset)
					}
					errs = append(errs, diag.Errorf(s.Pos, "%s", msg))
					continue
				}
			}
			patterns = append(patterns, p)
		}
	}
	if len(errs) > 0 {
		return nil, Forms{}, errs.Err()
	}
	prog, err := load.Load(ctx, load.Options{Dir: c.Root, Patterns: patterns, Env: env})
	if err != nil {
		return nil, Forms{}, fmt.Errorf("loading the packages that declare flags (%s): %v", strings.Join(patterns, " "), err)
	}
	// A constructor or registry type that cannot match finds no flag, and
	// an argument index beyond the constructor's parameters silently
	// reads nothing (a flag's default lost): name the configuration line.
	paths, typesOf := prog.TypesByPath()
	if errs, _ := c.CheckForms(config.Loaded{Paths: paths, Types: typesOf}); len(errs) > 0 {
		return nil, Forms{}, errs.Err()
	}
	// A constructor is called by name: a package whose text never names
	// one declares nothing, and need not be type-checked from source
	// (gates registered anywhere make packages: ./... the usual pattern).
	var callNames []string
	for _, s := range sources {
		if s.Kind != "constructor" {
			callNames = nil
			break
		}
		m := s.Constructor.Mention()
		if s.Constructor.IsMethod() && !s.Constructor.IsGlob() {
			// A method is called as x.Name(: the bare name of a
			// common one (Register) is in far more packages.
			m = "." + m + "("
		}
		callNames = append(callNames, m)
	}
	var defs []*definitions.Definition
	var forms Forms
	// extract reads one package's declarations, and its registration
	// wrappers' calls (see Wrappers) with them.
	extract := func(n *load.Package, sources []config.GoDefinition) {
		if len(n.CompiledGoFiles) == 0 {
			for _, e := range n.Errors {
				errs = append(errs, &diag.Error{Msg: fmt.Sprintf("go_definitions: %s", e.Msg)})
			}
			return
		}
		if err := prog.Check(n); err != nil {
			errs = append(errs, &diag.Error{Msg: fmt.Sprintf("go_definitions: package %s: %v", n.PkgPath, err)})
			return
		}
		if len(n.TypeErrors) > 0 {
			pos := prog.Fset.Position(n.TypeErrors[0].Pos)
			rel, _ := filepath.Rel(c.Root, pos.Filename)
			errs = append(errs, diag.Errorf(diag.Position{File: filepath.ToSlash(rel), Line: pos.Line, Column: pos.Column},
				"%s (the package declaring flags must type-check)", n.TypeErrors[0].Msg))
			return
		}
		if w := Wrappers(n.Syntax, n.TypesInfo, sources, c.AllHandles()); len(w.GoDefinitions) > 0 {
			forms.GoDefinitions = append(forms.GoDefinitions, w.GoDefinitions...)
			forms.Handles = append(forms.Handles, w.Handles...)
			sources = append(slices.Clip(sources), w.GoDefinitions...)
		}
		found := Extract(prog.Fset, n.Syntax, n.TypesInfo, sources, c)
		for _, d := range found {
			if d.Go[0].Pkg == "" { // a key constant's is its own (keyDecl)
				d.Go[0].Pkg = strings.TrimSuffix(n.PkgPath, "_test")
			}
		}
		if n.Module != nil && !n.Module.Main {
			// Another module's package, wherever its files are (the
			// module cache, vendor/, a replace directory).
			for _, d := range found {
				d.Go[0].External = true
			}
		}
		defs = append(defs, found...)
	}
	var skipped []*load.Package
	for _, n := range prog.Roots {
		if len(callNames) > 0 && len(n.CompiledGoFiles) > 0 {
			if named, err := n.Mentions(callNames); err == nil && !named {
				skipped = append(skipped, n)
				continue
			}
		}
		extract(n, sources)
	}
	// A wrapper may be called from packages that never name the
	// constructor it wraps: those naming the wrapper declare with it.
	if len(forms.GoDefinitions) > 0 {
		var names []string
		for _, d := range forms.GoDefinitions {
			names = append(names, d.Constructor.Mention())
		}
		for _, n := range skipped {
			if named, err := n.Mentions(names); err == nil && named {
				extract(n, append(slices.Clip(sources), forms.GoDefinitions...))
			}
		}
	}
	if len(defs) == 0 && len(errs) == 0 {
		errs = append(errs, &diag.Error{Msg: fmt.Sprintf("%s %s: check the packages and the constructor or registry type", noFlags, strings.Join(patterns, " "))})
	}
	return dedupe(defs), forms, errs.Err()
}

// noFlags starts the error of packages that declare no flag.
const noFlags = "go_definitions: no flag is declared in"

// NoFlags reports the error Load returns when the configured packages
// declare no flag at all: today a configuration mistake, in a tree of the
// repository's past the time before the first flag.
func NoFlags(e *diag.Error) bool { return strings.HasPrefix(e.Msg, noFlags) }

// dedupe merges the declarations of each name: a flag may be listed in
// several registries of one project (Kubernetes lists the generic API
// server's gates again in its own map). The first gives the fields; the
// others are deleted with it.
func dedupe(defs []*definitions.Definition) []*definitions.Definition {
	seen := make(map[string]*definitions.Definition)
	var out []*definitions.Definition
	for _, d := range defs {
		if first := seen[d.Name]; first != nil {
			for _, g := range d.Go {
				// Calls declaring a flag by its key constant each
				// name the same one.
				if !slices.ContainsFunc(first.Go, func(h *definitions.GoDecl) bool { return *h == *g }) {
					first.Go = append(first.Go, g)
				}
			}
			continue
		}
		seen[d.Name] = d
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Extract reads the flags declared in a type-checked package's files.
func Extract(fset *token.FileSet, files []*ast.File, info *types.Info, sources []config.GoDefinition, c *config.Config) []*definitions.Definition {
	x := &extractor{fset: fset, files: files, info: info, c: c, byCall: make(map[*ast.CallExpr]*definitions.Definition)}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				for i := range sources {
					switch {
					case sources[i].Kind == "constructor":
						x.constructor(f, n, &sources[i])
					case sources[i].Kind == "struct" && sources[i].Binder.Name != "":
						x.binder(n, &sources[i])
					}
				}
			case *ast.TypeSpec:
				for i := range sources {
					if sources[i].Kind == "struct" {
						x.structFields(f, n, &sources[i])
					}
				}
			case *ast.CompositeLit:
				for i := range sources {
					switch sources[i].Kind {
					case "map":
						x.mapLit(f, n, &sources[i])
					case "slice":
						x.sliceLit(f, n, &sources[i])
					}
				}
			}
			return true
		})
	}
	x.wrappedRegistrations()
	for _, tm := range x.typedMaps {
		x.typedKeys(tm.key, x.declared(), tm.src)
	}
	for i := range sources {
		if sources[i].Kind == "const" {
			x.constType(&sources[i])
		}
	}
	// A binder's default gives the field's flag its default, wherever
	// the call is written.
	for _, d := range x.defs {
		b, ok := x.bound[d.Name]
		if !ok {
			continue
		}
		if b.hasDefault {
			d.DefaultEnabled = b.value
			d.Fields["default_enabled"] = b.pos
		}
		if b.key != "" && b.key != d.Name {
			d.Keys = append(d.Keys, b.key)
		}
	}
	return x.defs
}

type extractor struct {
	fset  *token.FileSet
	files []*ast.File
	info  *types.Info
	c     *config.Config
	defs  []*definitions.Definition
	// bound are the defaults binder calls give field flags, by name.
	bound map[string]boundDefault
	// byCall are the definitions read from constructor calls.
	byCall map[*ast.CallExpr]*definitions.Definition
	// typedMaps are the key types of the maps of gates read, and
	// typedDone those whose constants typedKeys read.
	typedMaps []typedMap
	typedDone map[*types.Named]bool
	// constFiles are the files of key constants keyDecl read, by name.
	constFiles map[string]*constFile
}

// constFile is a file of key constants, parsed on its own (see keyDecl).
type constFile struct {
	fset *token.FileSet
	ast  *ast.File // nil: it does not parse
}

// wrappedRegistrations reads registrations handed to a handle that wraps
// them (a configured handle whose name argument is a registration, with
// aliases:): var G = NewRenamedGate(reg.MustRegister("new", …),
// reg.MustRegister("old", …)) declares one flag, "new", whose other name
// "old" is one of its keys, and whose declaration is the variable G with
// both registrations. (Without aliases, the wrapper's variable is still
// the declaration: it goes with the flag.)
func (x *extractor) wrappedRegistrations() {
	wrappers := x.c.AllHandles()
	if len(wrappers) == 0 || len(x.byCall) == 0 {
		return
	}
	dropped := make(map[*definitions.Definition]bool)
	for _, f := range x.files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn := calleeFunc(x.info, call)
			if fn == nil {
				return true
			}
			for _, h := range wrappers {
				if !h.Constructor.Matches(fn.FullName()) || h.Name >= len(call.Args) {
					continue
				}
				inner, _ := ast.Unparen(call.Args[h.Name]).(*ast.CallExpr)
				primary := x.byCall[inner]
				if primary == nil {
					continue
				}
				for _, i := range h.Aliases {
					if i >= len(call.Args) {
						continue
					}
					ai, _ := ast.Unparen(call.Args[i]).(*ast.CallExpr)
					if alias := x.byCall[ai]; alias != nil && alias != primary {
						primary.Keys = append(primary.Keys, alias.Name)
						dropped[alias] = true
					}
				}
				if spec := enclosingSpec(f, call); spec != nil && len(spec.Names) == 1 {
					g := primary.Go[0]
					g.Start, g.End = x.offset(spec.Pos()), x.offset(spec.End())
					g.Ident = spec.Names[0].Name
				}
			}
			return true
		})
	}
	if len(dropped) > 0 {
		x.defs = slices.DeleteFunc(x.defs, func(d *definitions.Definition) bool { return dropped[d] })
	}
}

// A boundDefault is what a binder call gives a field: its constant
// default (when the binder takes one) and its configuration key.
type boundDefault struct {
	hasDefault bool
	value      bool
	pos        diag.Position
	key        string
}

// binder reads a binder call's default for the field it binds:
// setFeature(key, DefaultX, &tc.X) makes X's default DefaultX's value.
func (x *extractor) binder(call *ast.CallExpr, src *config.GoDefinition) {
	name := astx.FuncVarName(x.info, call)
	if fn := calleeFunc(x.info, call); fn != nil {
		name = fn.FullName()
	}
	if !src.Binder.Matches(name) {
		return
	}
	fi, di := src.Args["field"], -1
	if i, ok := src.Args["default"]; ok {
		di = i
	}
	if fi >= len(call.Args) || di >= len(call.Args) {
		return
	}
	sel := astx.AddressedSelector(call.Args[fi])
	if sel == nil {
		return
	}
	s := x.info.Selections[sel]
	if s == nil || s.Kind() != types.FieldVal {
		return
	}
	owner := s.Recv()
	if p, ok := owner.Underlying().(*types.Pointer); ok {
		owner = p.Elem()
	}
	named, ok := types.Unalias(owner).(*types.Named)
	if !ok || named.Obj().Pkg() == nil || !src.Registry.Matches(named.Obj().Pkg().Path()+"."+named.Obj().Name()) {
		return
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i := range st.NumFields() {
		if st.Field(i) != s.Obj() {
			continue
		}
		b := boundDefault{hasDefault: di >= 0}
		if di >= 0 {
			v, ok := x.boolean(call.Args[di])
			if !ok {
				return
			}
			b.value, b.pos = v, x.pos(call.Args[di].Pos())
		}
		if ki, ok := src.Args["key"]; ok && ki < len(call.Args) {
			b.key, _ = x.str(call.Args[ki])
		}
		if x.bound == nil {
			x.bound = make(map[string]boundDefault)
		}
		x.bound[config.FieldFlagName(st.Field(i).Name(), st.Tag(i), src.NameTag)] = b
	}
}

func (x *extractor) pos(p token.Pos) diag.Position {
	pp := x.fset.Position(p)
	rel, err := filepath.Rel(x.c.Root, pp.Filename)
	if err != nil {
		rel = pp.Filename
	}
	return diag.Position{File: filepath.ToSlash(rel), Line: pp.Line, Column: pp.Column}
}

func (x *extractor) offset(p token.Pos) int { return x.fset.File(p).Offset(p) }

// newDef starts a definition declared at node, in file f.
func (x *extractor) newDef(f *ast.File, src *config.GoDefinition, kind string, decl ast.Node) *definitions.Definition {
	name := x.fset.Position(f.FileStart).Filename
	d := &definitions.Definition{
		Type:   src.Type,
		Fields: make(map[string]diag.Position),
		Go: []*definitions.GoDecl{{
			File: name, Kind: kind,
			Start: x.offset(decl.Pos()), End: x.offset(decl.End()),
			Generated: ast.IsGenerated(f) || x.c.IsGenerated(x.pos(f.Package).File),
			External:  !within(x.c.Root, name),
		}},
		NoMilestone: true,
	}
	d.File = x.pos(decl.Pos()).File
	d.Path = name
	d.Fields["name"] = x.pos(decl.Pos())
	return d
}

// str returns a constant string expression's value.
func (x *extractor) str(e ast.Expr) (string, bool) {
	tv, ok := x.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// boolean returns a constant boolean, or a string "true"/"false" (Grafana
// writes its default as an Expression string).
func (x *extractor) boolean(e ast.Expr) (bool, bool) {
	tv, ok := x.info.Types[e]
	if !ok || tv.Value == nil {
		return false, false
	}
	switch tv.Value.Kind() {
	case constant.Bool:
		return constant.BoolVal(tv.Value), true
	case constant.String:
		b, err := strconv.ParseBool(constant.StringVal(tv.Value))
		return b, err == nil
	}
	return false, false
}

// MayBeBoolean reports whether the default argument i of a constructor's
// call may be a flag's: of boolean type, a string constant reading as one
// ("true"), or of a type flagsweep cannot tell (an interface). One
// constructor may register every setting of a program (Istio's
// env.Register[T]); those whose default is a string, a number or a
// duration are configuration, not flags. When the parameter's type is
// the constructor's type parameter, the type is all that counts: "false"
// given as T is a string setting (an enumeration whose values include
// "true" and "false").
func MayBeBoolean(info *types.Info, call *ast.CallExpr, i int) bool {
	e := call.Args[i]
	generic := false
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
		params := fn.Origin().Signature().Params()
		generic = i < params.Len() && !fn.Origin().Signature().Variadic() && isTypeParam(params.At(i).Type())
	}
	if tv, ok := info.Types[e]; ok && !generic && tv.Value != nil && tv.Value.Kind() == constant.String {
		_, err := strconv.ParseBool(constant.StringVal(tv.Value))
		return err == nil
	}
	t := info.TypeOf(e)
	if t == nil {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Info()&types.IsBoolean != 0
	case *types.Interface:
		return true // any, or a type parameter: it may hold one
	}
	return false
}

func isTypeParam(t types.Type) bool {
	_, ok := t.(*types.TypeParam)
	return ok
}

// version reads a milestone from a string constant or a call such as
// version.MustParse("1.30").
func (x *extractor) version(e ast.Expr) (lifecycle.Milestone, bool) {
	if s, ok := x.str(e); ok {
		m, err := lifecycle.ParseVersion(s)
		return m, err == nil
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 1 {
		return x.version(call.Args[0])
	}
	return lifecycle.Milestone{}, false
}

// stage returns the name of the constant a stage expression names:
// featuregate.Beta → Beta.
func stage(e ast.Expr) string {
	if id := astx.Name(e); id != nil {
		return id.Name
	}
	return ""
}

// keyConst returns the constant an expression names, if any.
func (x *extractor) keyConst(e ast.Expr) *types.Const {
	id := astx.KeyName(e) // featuregate.Feature("x") too
	if id == nil {
		return nil
	}
	c, _ := x.info.Uses[id].(*types.Const)
	return c
}

var ownerRE = regexp.MustCompile(`(?i)\bowners?:\s*(.+)`)

// owners reads `// owner: @alice, @bob` from the comment above the
// declaration of a key constant (Kubernetes' convention).
func (x *extractor) owners(c *types.Const) []string {
	if c == nil || c.Pkg() == nil {
		return nil
	}
	for _, f := range x.files {
		if c.Pos() < f.FileStart || c.Pos() > f.FileEnd {
			continue
		}
		var doc *ast.CommentGroup
		ast.Inspect(f, func(n ast.Node) bool {
			if gd, ok := n.(*ast.GenDecl); ok {
				for _, spec := range gd.Specs {
					vs, ok := spec.(*ast.ValueSpec)
					if !ok {
						continue
					}
					for _, name := range vs.Names {
						if name.Pos() == c.Pos() {
							doc = vs.Doc
							if doc == nil && len(gd.Specs) == 1 {
								doc = gd.Doc
							}
						}
					}
				}
			}
			return doc == nil
		})
		if doc == nil {
			return nil
		}
		var out []string
		for _, line := range strings.Split(doc.Text(), "\n") {
			m := ownerRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			for _, o := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
				if o = strings.TrimPrefix(o, "@"); o != "" {
					out = append(out, o)
				}
			}
		}
		return out
	}
	return nil
}

// constructor reads a constructor call's arguments by role.
func (x *extractor) constructor(f *ast.File, call *ast.CallExpr, src *config.GoDefinition) {
	fn := calleeFunc(x.info, call)
	if fn == nil || !src.Constructor.Matches(fn.FullName()) {
		return
	}
	decl := ast.Node(call)
	if spec := enclosingSpec(f, call); spec != nil {
		decl = spec
	}
	d := x.newDef(f, src, "constructor", decl)
	if decl == ast.Node(call) {
		// A call initialising no variable — a config struct's field
		// given dc.GetBoolProperty(dynamicconfig.X, false), a call
		// that reads the flag where it declares its default — is
		// declared by its key constant: that is what goes with the
		// flag, once nothing names it (the call goes with what holds
		// its result).
		if i, ok := src.Args["name"]; ok && i >= 0 && i < len(call.Args) {
			if c := x.keyConst(call.Args[i]); c != nil && !x.keyDecl(d, c) {
				return
			}
		}
	}
	arg := func(role string) ast.Expr {
		for _, opt := range src.OptionsFor(role) {
			if e := x.option(call, opt); e != nil {
				return e
			}
		}
		i, ok := src.Args[role]
		if !ok || i < 0 || i >= len(call.Args) {
			return nil
		}
		return call.Args[i]
	}
	if i, ok := src.Args["default"]; ok && i >= 0 && i < len(call.Args) && !MayBeBoolean(x.info, call, i) {
		return // a setting, not a flag
	}
	nameExpr := arg("name")
	var aliases []ast.Expr
	if list := astx.NameList(x.info, nameExpr); list != nil {
		// newFeature([]string{"NEW", "OLD"}, …): the first is the
		// name, the others are keys of the same flag.
		nameExpr, aliases = list[0], list[1:]
	}
	name, ok := x.str(nameExpr)
	if !ok {
		return // a dynamic name: not a declaration flagsweep can read
	}
	d.Name = name
	d.Fields["name"] = x.pos(nameExpr.Pos())
	for _, a := range aliases {
		if k, ok := x.str(a); ok && k != name {
			d.Keys = append(d.Keys, k)
		}
	}
	x.roles(d, src, arg)
	x.byCall[call] = d
	if spec, ok := decl.(*ast.ValueSpec); ok && len(spec.Names) == 1 {
		// The handle variable goes with its handle's declaration; a
		// variable given a value the handle reads (X =
		// env.Register(…).Get()) is no handle, but code names the
		// flag by it all the same.
		d.Go[0].Ident = spec.Names[0].Name
		if ast.Unparen(spec.Values[0]) == call {
			d.Go[0].Constructor = fn.FullName()
		}
	}
	x.defs = append(x.defs, d)
}

// keyDecl makes d's declaration the spec of the key constant c, wherever
// it is declared (another package of the module, usually: Temporal's
// dynamicconfig.X): its file is read again, since the package at hand
// may see c through export data only. It reports false when the spec
// cannot be found (a constant of no file flagsweep can read).
func (x *extractor) keyDecl(d *definitions.Definition, c *types.Const) bool {
	if c.Pkg() == nil || c.Parent() != c.Pkg().Scope() {
		return false
	}
	p := x.fset.Position(c.Pos())
	if p.Filename == "" {
		return false
	}
	cf := x.constFiles[p.Filename]
	if cf == nil {
		// Every call naming a key of the file reads it: parse it once.
		cf = &constFile{fset: token.NewFileSet()}
		cf.ast, _ = parser.ParseFile(cf.fset, p.Filename, nil, parser.ParseComments|parser.SkipObjectResolution)
		if x.constFiles == nil {
			x.constFiles = make(map[string]*constFile)
		}
		x.constFiles[p.Filename] = cf
	}
	fset, f := cf.fset, cf.ast
	if f == nil {
		return false
	}
	var spec *ast.ValueSpec
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok {
			return spec == nil
		}
		for _, id := range vs.Names {
			if id.Name == c.Name() && fset.Position(id.Pos()).Line == p.Line {
				spec = vs
			}
		}
		return false
	})
	if spec == nil || len(spec.Names) != 1 {
		return false
	}
	g := d.Go[0]
	g.File, g.Kind = p.Filename, "const"
	g.Start, g.End = fset.Position(spec.Pos()).Offset, fset.Position(spec.End()).Offset
	g.KeyConst, g.Ident = c.Name(), c.Name()
	g.Pkg = c.Pkg().Path()
	g.Generated = ast.IsGenerated(f)
	g.External = !within(x.c.Root, p.Filename)
	d.File, d.Path = x.pos(c.Pos()).File, p.Filename
	d.Owners = x.owners(c)
	return true
}

// option returns the first argument of the call of opt among a
// constructor's arguments (its variadic options), if any.
func (x *extractor) option(call *ast.CallExpr, opt config.FuncName) ast.Expr {
	if c := Option(x.info, call, opt); c != nil && len(c.Args) > 0 {
		return c.Args[0]
	}
	return nil
}

// Option returns the call of the option function opt among a
// constructor call's arguments, if any: featuregate's
// WithRegisterToVersion("v0.124.0") in MustRegister(id, stage, opts...).
func Option(info *types.Info, call *ast.CallExpr, opt config.FuncName) *ast.CallExpr {
	for _, a := range call.Args {
		c, ok := ast.Unparen(a).(*ast.CallExpr)
		if !ok {
			continue
		}
		if fn := calleeFunc(info, c); fn != nil && opt.Matches(config.TrimTypeParams(fn.FullName())) {
			return c
		}
	}
	return nil
}

// roles fills a definition's fields from the expressions playing each
// role.
func (x *extractor) roles(d *definitions.Definition, src *config.GoDefinition, get func(role string) ast.Expr) {
	if e := get("milestone"); e != nil {
		if m, ok := x.version(e); ok {
			d.Milestone, d.NoMilestone = m, false
			d.Fields["milestone"] = x.pos(e.Pos())
		}
	}
	if e := get("remove_with"); e != nil {
		if m, ok := x.version(e); ok {
			d.RemoveWith, d.HasRemoveWith = m, true
			d.Fields["remove_with"] = x.pos(e.Pos())
		}
	}
	if e := get("default"); e != nil {
		if b, ok := x.boolean(e); ok {
			d.DefaultEnabled = b
			d.Fields["default_enabled"] = x.pos(e.Pos())
		}
	}
	if e := get("rollout_issue"); e != nil {
		if s, ok := x.str(e); ok {
			d.RolloutIssueURL = s
		}
	}
	if e := get("description"); e != nil {
		if s, ok := x.str(e); ok {
			d.Description = s
		}
	}
	if e := get("owner"); e != nil {
		if s, ok := x.str(e); ok && s != "" {
			d.Group = s
		}
	}
	if e := get("stage"); e != nil {
		st := stage(e)
		if t, ok := src.Stages[st]; ok {
			d.Type = t
		}
		// What the stage implies, unless the declaration says otherwise.
		if on, ok := src.StageDefaults[st]; ok && get("default") == nil {
			d.DefaultEnabled = on
			d.Fields["default_enabled"] = x.pos(e.Pos())
		}
		if src.StageLocked[st] {
			d.Locked = true
		}
	} else if t, ok := src.Stages[""]; ok && src.Fields["stage"] != "" {
		d.Type = t // the stage left out: featuregate's GA is ""
	}
	for _, role := range []string{"locked", "deprecated"} {
		if e := get(role); e != nil {
			if b, ok := x.boolean(e); ok && b {
				d.Locked = true
				d.Deprecated = d.Deprecated || role == "deprecated"
			}
		}
	}
}

// isRegistry reports whether t is (a pointer to) the registry type.
func isRegistry(t types.Type, reg config.FuncName) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return false
	}
	return reg.Matches(n.Obj().Pkg().Path() + "." + n.Obj().Name())
}

// boolMap reads a map of gates, map[string]bool{OptimizedClones: true}:
// each entry keyed by a string constant declares a flag, its value the
// default. Only a map of constants, keys and values, is a declaration: a
// map built from variables or calls is code handling flags.
func (x *extractor) boolMap(f *ast.File, lit *ast.CompositeLit, m *types.Map, src *config.GoDefinition) {
	if !isBool(m.Elem()) {
		return
	}
	if b, ok := m.Key().Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return
	}
	type entry struct {
		kv   *ast.KeyValueExpr
		name string
		on   bool
	}
	var entries []entry
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return
		}
		name, ok := x.str(kv.Key)
		if !ok {
			return
		}
		on, ok := x.boolean(kv.Value)
		if !ok {
			return
		}
		entries = append(entries, entry{kv, name, on})
	}
	for _, e := range entries {
		d := x.newDef(f, src, "gate", e.kv)
		d.Name = e.name
		d.Fields["name"] = x.pos(e.kv.Key.Pos())
		d.DefaultEnabled = e.on
		d.Fields["default_enabled"] = x.pos(e.kv.Value.Pos())
		if c := x.keyConst(e.kv.Key); c != nil {
			d.Go[0].KeyConst, d.Go[0].Ident = c.Name(), c.Name()
			d.Owners = x.owners(c)
		}
		x.defs = append(x.defs, d)
	}
	// The constants of the key type the map leaves out are read once
	// every map is (see Extract): another map may declare them.
	if named, ok := types.Unalias(m.Key()).(*types.Named); ok {
		x.typedMaps = append(x.typedMaps, typedMap{named, src})
	}
}

// A typedMap is the key type of a map of gates, whose other constants
// are gates too (see typedKeys).
type typedMap struct {
	key *types.Named
	src *config.GoDefinition
}

// constType reads the flags of a "const:" definition: the constants of
// its type (see typedKeys) that no map of gates declared already. The
// type may be the package's own (Dapr's `type Feature string`) or a
// library's, whose constants the package declares (Crossplane's
// `EnableBetaUsages feature.Flag = "EnableBetaUsages"`, of
// crossplane-runtime's feature.Flag).
func (x *extractor) constType(src *config.GoDefinition) {
	declared := x.declared()
	var named []*types.Named
	for _, obj := range x.info.Defs {
		var t types.Type
		switch obj := obj.(type) {
		case *types.TypeName:
			if obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() {
				t = obj.Type()
			}
		case *types.Const:
			if obj.Pkg() != nil && obj.Parent() == obj.Pkg().Scope() {
				t = obj.Type()
			}
		}
		n, ok := types.Unalias(t).(*types.Named)
		if !ok || n.Obj().Pkg() == nil || !src.Registry.Matches(n.Obj().Pkg().Path()+"."+n.Obj().Name()) || slices.Contains(named, n) {
			continue
		}
		named = append(named, n)
	}
	// Defs is a map: read the types in a fixed order, so the flags
	// come out the same on every run.
	slices.SortFunc(named, func(a, b *types.Named) int {
		return strings.Compare(a.Obj().Pkg().Path()+"."+a.Obj().Name(), b.Obj().Pkg().Path()+"."+b.Obj().Name())
	})
	for _, n := range named {
		x.typedKeys(n, declared, src)
	}
}

// declared returns the names of the flags read so far.
func (x *extractor) declared() map[string]bool {
	out := make(map[string]bool, len(x.defs))
	for _, d := range x.defs {
		out[d.Name] = true
	}
	return out
}

// typedKeys reads the flags a map of gates leaves out: when the map is
// keyed by a string type of the package's own (Dapr's `type Feature
// string`, with `var defaultFeatures = map[Feature]bool{HotReload:
// true}` listing only the gates on by default), every constant of that
// type the package declares, alone in its spec, is a flag, off unless a
// map says otherwise. Its declaration is the constant, deleted once
// nothing names it (as a map entry's key constant is).
//
// A "const:" definition names the type itself, for a package without
// such a map (every flag off by default).
func (x *extractor) typedKeys(named *types.Named, inMap map[string]bool, src *config.GoDefinition) {
	if named.Obj().Pkg() == nil || x.typedDone[named] {
		return
	}
	if b, ok := named.Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
		return
	}
	if x.typedDone == nil {
		x.typedDone = make(map[*types.Named]bool)
	}
	x.typedDone[named] = true
	for _, f := range x.files {
		if strings.HasSuffix(x.fset.Position(f.FileStart).Filename, "_test.go") {
			continue
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for _, id := range vs.Names {
					c, _ := x.info.Defs[id].(*types.Const)
					if c == nil || c.Parent() != c.Pkg().Scope() || !types.Identical(c.Type(), named) || c.Val().Kind() != constant.String {
						continue
					}
					name := constant.StringVal(c.Val())
					if inMap[name] || len(vs.Names) != 1 {
						continue
					}
					d := x.newDef(f, src, "const", vs)
					d.Name = name
					d.Fields["name"] = x.pos(id.Pos())
					d.Go[0].KeyConst, d.Go[0].Ident = c.Name(), c.Name()
					d.Owners = x.owners(c)
					x.defs = append(x.defs, d)
				}
			}
		}
	}
}

// mapLit reads a map from flag keys to registry values, or to lists of
// them (versioned specs: the first gives the milestone, the last the
// current state).
func (x *extractor) mapLit(f *ast.File, lit *ast.CompositeLit, src *config.GoDefinition) {
	t := x.info.TypeOf(lit)
	if t == nil {
		return
	}
	m, ok := t.Underlying().(*types.Map)
	if !ok {
		return
	}
	elem := m.Elem()
	if src.IsBoolMap() {
		x.boolMap(f, lit, m, src)
		return
	}
	versioned := false
	if !isRegistry(elem, src.Registry) {
		s, ok := elem.Underlying().(*types.Slice)
		if !ok || !isRegistry(s.Elem(), src.Registry) {
			return
		}
		versioned = true
	}
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		name, ok := x.str(kv.Key)
		if !ok {
			continue
		}
		var specs []*ast.CompositeLit
		if versioned {
			list, ok := ast.Unparen(kv.Value).(*ast.CompositeLit)
			if !ok {
				continue
			}
			for _, e := range list.Elts {
				if c := astx.CompositeLit(e); c != nil {
					specs = append(specs, c)
				}
			}
		} else if c := astx.CompositeLit(kv.Value); c != nil {
			specs = append(specs, c)
		}
		if len(specs) == 0 {
			continue
		}
		d := x.newDef(f, src, "map", kv)
		d.Name = name
		d.Fields["name"] = x.pos(kv.Key.Pos())
		current := astx.Fields(specs[len(specs)-1])
		first := astx.Fields(specs[0])
		x.roles(d, src, func(role string) ast.Expr {
			field := src.Fields[role]
			if field == "" {
				return nil
			}
			if role == "milestone" {
				return first[field]
			}
			return current[field]
		})
		if c := x.keyConst(kv.Key); c != nil {
			d.Go[0].KeyConst, d.Go[0].Ident = c.Name(), c.Name()
			d.Owners = x.owners(c)
		}
		x.defs = append(x.defs, d)
	}
}

// structFields reads the boolean fields of a config struct, each a flag
// named by its name or its name tag, off by default unless its default tag
// says "true".
func (x *extractor) structFields(f *ast.File, spec *ast.TypeSpec, src *config.GoDefinition) {
	tn, ok := x.info.Defs[spec.Name].(*types.TypeName)
	if !ok || tn.Pkg() == nil || !src.Registry.Matches(tn.Pkg().Path()+"."+tn.Name()) {
		return
	}
	st, ok := spec.Type.(*ast.StructType)
	if !ok {
		return
	}
	for _, field := range st.Fields.List {
		if len(field.Names) != 1 || !isBool(x.info.TypeOf(field.Type)) {
			continue // one declaration per flag: a, b bool is not read
		}
		var tag string
		if field.Tag != nil {
			tag, _ = strconv.Unquote(field.Tag.Value)
		}
		d := x.newDef(f, src, "field", field)
		d.Name = config.FieldFlagName(field.Names[0].Name, tag, src.NameTag)
		d.Fields["name"] = x.pos(field.Names[0].Pos())
		if src.DefaultTag != "" {
			if v, ok := reflect.StructTag(tag).Lookup(src.DefaultTag); ok {
				if b, err := strconv.ParseBool(v); err == nil {
					d.DefaultEnabled = b
					d.Fields["default_enabled"] = x.pos(field.Tag.Pos())
				}
			}
		}
		d.Go[0].Ident = field.Names[0].Name
		x.defs = append(x.defs, d)
	}
}

func isBool(t types.Type) bool {
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// sliceLit reads a slice of registry values, each naming its flag.
func (x *extractor) sliceLit(f *ast.File, lit *ast.CompositeLit, src *config.GoDefinition) {
	t := x.info.TypeOf(lit)
	if t == nil {
		return
	}
	s, ok := t.Underlying().(*types.Slice)
	if !ok || !isRegistry(s.Elem(), src.Registry) {
		return
	}
	for _, el := range lit.Elts {
		c := astx.CompositeLit(el)
		if c == nil {
			continue
		}
		fields := astx.Fields(c)
		nameExpr := fields[src.Fields["name"]]
		name, ok := x.str(nameExpr)
		if !ok {
			continue
		}
		d := x.newDef(f, src, "slice", el)
		d.Name = name
		d.Fields["name"] = x.pos(nameExpr.Pos())
		x.roles(d, src, func(role string) ast.Expr {
			if field := src.Fields[role]; field != "" {
				return fields[field]
			}
			return nil
		})
		if k := x.keyConst(nameExpr); k != nil {
			d.Go[0].KeyConst, d.Go[0].Ident = k.Name(), k.Name()
		}
		x.defs = append(x.defs, d)
	}
}

func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn
}

// enclosingSpec returns the var spec a call initialises, if any.
func enclosingSpec(f *ast.File, call *ast.CallExpr) *ast.ValueSpec {
	var spec *ast.ValueSpec
	ast.Inspect(f, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok {
			for _, v := range vs.Values {
				if ast.Unparen(v) == call || receiverCall(v) == call {
					spec = vs
				}
			}
		}
		return spec == nil
	})
	return spec
}

// receiverCall returns the call a method is called on, when e is such a
// method call: X = env.Register(…).Get() declares the variable X with
// the registration's value, read once.
func receiverCall(e ast.Expr) *ast.CallExpr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	inner, _ := ast.Unparen(sel.X).(*ast.CallExpr)
	return inner
}

// within reports whether file lies in dir.
func within(dir, file string) bool {
	rel, err := filepath.Rel(dir, file)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}
