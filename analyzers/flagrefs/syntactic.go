package flagrefs

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/internal/astx"
)

// scanIgnoredFiles finds references in the package's files that the build
// constraints exclude here (x_windows.go on Linux), by syntax and by what
// the type-checked package and its imports declare. A removal must not miss
// them, and a definition used only there is not unused.
//
// Without types, a key is resolved when it is a literal, a constant of the
// package or of an import, or a concatenation or conversion of those; a
// reference whose key cannot be resolved is left out rather than reported
// as dynamic, since the constant may simply live in another excluded file.
func (f *finder) scanIgnoredFiles() {
	for _, name := range f.pass.IgnoredFiles {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		src, err := f.pass.ReadFile(name)
		if err != nil {
			continue
		}
		file, err := parser.ParseFile(f.pass.Fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil || file.Name.Name != f.pass.Pkg.Name() {
			continue // another package (a //go:build ignore tool), or broken
		}
		f.res.Syntax = append(f.res.Syntax, file)
		f.res.Ignores.addFile(file)
		s := &syntaxScan{finder: f, file: file, imports: fileImports(f.pass.Pkg, file), consts: fileConsts(file)}
		s.scan()
	}
}

type syntaxScan struct {
	*finder
	file    *ast.File
	imports map[string]string // local name → import path
	consts  map[string]ast.Expr
}

// fileImports maps the file's import names to paths.
func fileImports(pkg *types.Package, file *ast.File) map[string]string {
	names := make(map[string]string)
	for _, imp := range file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		name := ""
		switch {
		case imp.Name != nil:
			name = imp.Name.Name
		default:
			name = guessName(pkg, p)
		}
		if name != "_" && name != "." {
			names[name] = p
		}
	}
	return names
}

// guessName returns an imported package's name: from the type-checked
// imports when the package is among them, else from its path.
func guessName(pkg *types.Package, p string) string {
	for _, imp := range pkg.Imports() {
		if imp.Path() == p {
			return imp.Name()
		}
	}
	base := path.Base(p)
	if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
		base = path.Base(path.Dir(p))
	}
	base = strings.TrimPrefix(base, "go-")
	return strings.Map(func(r rune) rune {
		if r == '-' || r == '.' {
			return -1
		}
		return r
	}, base)
}

// fileConsts collects the constants an excluded file declares.
func fileConsts(file *ast.File) map[string]ast.Expr {
	out := make(map[string]ast.Expr)
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, id := range vs.Names {
				if i < len(vs.Values) {
					out[id.Name] = vs.Values[i]
				}
			}
		}
	}
	return out
}

func (s *syntaxScan) importedPkg(p string) *types.Package {
	for _, imp := range s.pass.Pkg.Imports() {
		if imp.Path() == p {
			return imp
		}
	}
	return nil
}

// lookup resolves a name (X or pkg.X) to an object of the package or of
// one of its imports.
func (s *syntaxScan) lookup(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return s.pass.Pkg.Scope().Lookup(e.Name)
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		if !ok {
			return nil
		}
		p, ok := s.imports[x.Name]
		if !ok {
			return nil
		}
		if pkg := s.importedPkg(p); pkg != nil {
			return pkg.Scope().Lookup(e.Sel.Name)
		}
	}
	return nil
}

// calleeName returns the full name of a package-level function a call
// calls (pkg.F or a local F), or "" for anything else.
func (s *syntaxScan) calleeName(fun ast.Expr) (string, *types.Func) {
	switch fun := ast.Unparen(fun).(type) {
	case *ast.Ident:
		fn, _ := s.pass.Pkg.Scope().Lookup(fun.Name).(*types.Func)
		if fn != nil {
			return fn.FullName(), fn
		}
		return s.pass.Pkg.Path() + "." + fun.Name, nil
	case *ast.SelectorExpr:
		x, ok := fun.X.(*ast.Ident)
		if !ok {
			return "", nil
		}
		p, ok := s.imports[x.Name]
		if !ok {
			return "", nil
		}
		if obj, ok := s.lookup(fun).(*types.Func); ok {
			return obj.FullName(), obj
		}
		return p + "." + fun.Sel.Name, nil
	}
	return "", nil
}

func (s *syntaxScan) scan() {
	ast.Inspect(s.file, func(n ast.Node) bool {
		if lit, ok := n.(*ast.CompositeLit); ok {
			s.structLiteral(lit)
			return true
		}
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		name, fn := s.calleeName(call.Fun)
		if a, ok := s.m.accessor(name); ok && name != "" {
			s.keyed(call, Check, name, a.Key, a.Negated, a.Default)
			return true
		}
		if fn != nil {
			if w := s.wrapperOf(fn); w != nil {
				if r := s.keyed(call, Check, name, w.Key, w.Negated, -1); r != nil {
					r.Wrapper = w
				}
				return true
			}
		}
		if o, ok := s.m.override(name); ok && name != "" {
			if o.Flag < len(call.Args) {
				if flag, ok := s.flag(call.Args[o.Flag]); ok {
					r := &Ref{Kind: Override, Call: call, Key: call.Args[o.Flag], Flag: flag, Via: name}
					if overrideCall(r, call, o) {
						s.addSyntactic(r)
					}
				}
			}
			return true
		}
		if s.m.featureSet(name) && name != "" {
			for _, arg := range call.Args {
				if flag, ok := s.flag(arg); ok {
					s.addSyntactic(&Ref{Kind: FeatureSet, Call: call, Key: arg, Flag: flag, Via: name})
				}
			}
			return true
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return true
		}
		// A handle's method: X.IsEnabled(ctx) or pkg.X.IsEnabled(ctx).
		if v, ok := s.lookup(sel.X).(*types.Var); ok {
			if h := s.handleOf(v); h != nil {
				if ok, negated := s.m.handleMethod(h.Constructor, sel.Sel.Name); ok {
					s.addSyntactic(&Ref{Kind: Check, Call: call, Key: sel.X, Flag: h.Flag, Negated: negated, Via: sel.Sel.Name, Handle: v})
				}
				return true
			}
		}
		// A method on a receiver of unknown type: match accessor methods
		// by name, counting only keys that resolve.
		for _, a := range s.m.allAccessors() {
			if a.Func.IsMethod() && a.Func.Name == sel.Sel.Name {
				s.keyed(call, Check, a.Func.String(), a.Key, a.Negated, a.Default)
				break
			}
		}
		return true
	})
}

// structLiteral records a struct literal of a configured override type
// (FormStruct: Runner's common.JobVariable{Key: featureflags.X, Value:
// "false"}) whose flag field resolves, its type named by the literal or
// by the slice or array literal holding it ([]common.JobVariable{{Key:
// …}}). Runner's unit tests are `//go:build !integration`: configured
// with the integration tag, they are read this way, and their overrides
// must be seen for the removal to be complete.
func (s *syntaxScan) structLiteral(lit *ast.CompositeLit) {
	typ := lit.Type
	if typ == nil {
		return // an element: its parent's element type names it (below)
	}
	if at, ok := typ.(*ast.ArrayType); ok {
		for _, el := range lit.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				el = kv.Value
			}
			if inner, ok := el.(*ast.CompositeLit); ok && inner.Type == nil {
				s.structOverride(inner, at.Elt)
			}
		}
		return
	}
	s.structOverride(lit, typ)
}

// structOverride records lit, of type typ, if typ resolves to a configured
// FormStruct type and lit's flag field names a flag.
func (s *syntaxScan) structOverride(lit *ast.CompositeLit, typ ast.Expr) {
	if star, ok := typ.(*ast.StarExpr); ok {
		typ = star.X
	}
	// The type by the import path its qualifier names: the package
	// checked here may not import it (only the excluded test does).
	var full string
	switch t := typ.(type) {
	case *ast.Ident:
		full = s.pass.Pkg.Path() + "." + t.Name
	case *ast.SelectorExpr:
		x, ok := t.X.(*ast.Ident)
		if !ok || s.imports[x.Name] == "" {
			return
		}
		full = s.imports[x.Name] + "." + t.Sel.Name
	default:
		return
	}
	for _, o := range s.m.literals {
		if o.Form != config.FormStruct || !o.Type.Matches(full) {
			continue
		}
		fields := astx.Fields(lit)
		k := fields[o.FlagField]
		if k == nil {
			return
		}
		if flag, ok := s.flag(k); ok {
			s.addSyntactic(&Ref{Kind: Override, Form: config.FormStruct, Node: lit, Key: k, Value: fields[o.ValueField], Flag: flag, Via: o.Type.String()})
		}
		return
	}
}

// keyed records a call whose key resolves, returning the reference (nil
// when the key does not resolve).
func (s *syntaxScan) keyed(call *ast.CallExpr, kind Kind, via string, keyIdx int, negated bool, defIdx int) *Ref {
	if keyIdx < 0 || keyIdx >= len(call.Args) {
		return nil
	}
	flag, ok := s.flag(call.Args[keyIdx])
	if !ok {
		return nil
	}
	r := &Ref{Kind: kind, Call: call, Key: call.Args[keyIdx], Flag: flag, Negated: negated, Via: via}
	if defIdx >= 0 && defIdx < len(call.Args) {
		r.Default = call.Args[defIdx]
	}
	s.addSyntactic(r)
	return r
}

func (s *syntaxScan) addSyntactic(r *Ref) {
	r.Syntactic = true
	r.File = s.file
	r.Generated = generated(s.res.config, s.pass.Fset, s.file)
	s.add(r)
}

// flag resolves a key or handle expression without types.
func (s *syntaxScan) flag(e ast.Expr) (string, bool) {
	if v, ok := s.constValue(e, 0); ok {
		return v, true
	}
	if v, ok := s.lookup(e).(*types.Var); ok {
		if h := s.handleOf(v); h != nil && h.Flag != "" {
			return h.Flag, true
		}
	}
	return "", false
}

// constValue evaluates a constant string expression; depth bounds the
// chase through the file's own constants.
func (s *syntaxScan) constValue(e ast.Expr, depth int) (string, bool) {
	if depth > 10 {
		return "", false
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			v, err := strconv.Unquote(e.Value)
			return v, err == nil
		}
	case *ast.Ident:
		if c, ok := s.pass.Pkg.Scope().Lookup(e.Name).(*types.Const); ok {
			return stringValue(c.Val())
		}
		if x, ok := s.consts[e.Name]; ok {
			return s.constValue(x, depth+1)
		}
	case *ast.SelectorExpr:
		if c, ok := s.lookup(e).(*types.Const); ok {
			return stringValue(c.Val())
		}
	case *ast.BinaryExpr:
		if e.Op == token.ADD {
			x, ok1 := s.constValue(e.X, depth+1)
			y, ok2 := s.constValue(e.Y, depth+1)
			if ok1 && ok2 {
				return x + y, true
			}
		}
	case *ast.CallExpr:
		// A conversion such as Flag("x") or featuregate.Feature(x).
		if len(e.Args) == 1 {
			if _, isType := s.lookup(e.Fun).(*types.TypeName); isType {
				return s.constValue(e.Args[0], depth+1)
			}
			if id, ok := e.Fun.(*ast.Ident); ok && id.Name == "string" {
				return s.constValue(e.Args[0], depth+1)
			}
		}
	}
	return "", false
}
