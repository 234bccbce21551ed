package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/astx"
	"github.com/flagsweep/flagsweep/load"
)

// The last safety net. Whatever the rewrite understood or not, a removal
// is complete only when no Go code names the flag any more: neither its
// key in a string nor one of the identifiers it is declared by (its handle,
// its key constant). Every line of a non-generated Go file that still
// does, outside comments, is a refused site unless one is already
// reported there; and a flag with a refused site keeps its definition
// (YAML file, registry entry, key constant), since the code left for a
// human still names it, and deleting the definition would change what that
// code does at run time.

// A flagIdent is an identifier a flag is declared by.
type flagIdent struct {
	flag, name string
	// dir is the declaring package's directory; path and pkgName its
	// import path and name, to recognise pkg.Name elsewhere.
	dir, path, pkgName string
	// declFile and declLine are where it is declared: a hit there is
	// the declaration itself, kept for what still uses it.
	declFile string
	declLine int
}

// flagIdents collects the identifiers the targets are declared by.
func (r *remover) flagIdents() []flagIdent {
	var out []flagIdent
	seen := make(map[flagIdent]bool)
	add := func(flag string, obj types.Object) {
		// var _ = registry.MustRegister("x", …) registers a gate no
		// code reads: the blank identifier names nothing.
		if obj == nil || obj.Pkg() == nil || !obj.Pos().IsValid() || obj.Name() == "_" {
			return
		}
		pos := r.prog.Fset.Position(obj.Pos())
		file := pos.Filename
		if !r.ownFile(file) {
			return // a dependency's: not the project's to remove
		}
		// The declaration's line in the code as rewritten: the same
		// declaration, found by name, since edits above it move it.
		line := 0
		if offs := declIdents(file, r.current(file), obj.Name()); len(offs) > 0 {
			line = 1 + bytes.Count(r.current(file)[:offs[0]], []byte{'\n'})
		}
		fi := flagIdent{flag: flag, name: obj.Name(), dir: filepath.Dir(file), path: strings.TrimSuffix(obj.Pkg().Path(), "_test"), pkgName: obj.Pkg().Name(), declFile: file, declLine: line}
		if !seen[fi] {
			seen[fi] = true
			out = append(out, fi)
		}
	}
	// Flags declared in Go name their identifiers; the declaring
	// package's type-checked objects give the rest.
	for _, t := range r.opts.Targets {
		f := r.p.Flag(t.Name)
		if f == nil {
			continue
		}
		for _, g := range f.Go {
			if g.External {
				continue
			}
			for _, name := range []string{g.Ident, g.KeyConst} {
				if name != "" {
					add(t.Name, r.declaredIn(filepath.Dir(g.File), name))
				}
			}
		}
	}
	if !r.opts.KeepDeclaration {
		// (A stabilization keeps the handle, and its aliases.)
		for _, a := range r.handleAliases() {
			add(a.flag, a.v)
		}
	}
	for _, ref := range r.refs {
		if ref.Pkg == nil || ref.Syntactic {
			continue
		}
		if ref.Handle != nil && ref.Kind == flagrefs.Declare {
			add(ref.Flag, ref.Handle)
		}
		if id := astx.KeyName(ref.Key); id != nil {
			// A local constant (const key = "…" in a test) is
			// matched by name across the package's files: its
			// name (key) is no flag's there. Its value, the key's
			// text, is still looked for.
			if c, ok := ref.Pkg.TypesInfo.Uses[id].(*types.Const); ok && c.Parent() == c.Pkg().Scope() {
				add(ref.Flag, c)
			}
		}
	}
	return out
}

// A handleAlias is a package-level variable that only names a target's
// handle: var AllowNoPipelines = metadata.ServiceAllowNoPipelinesFeatureGate,
// the collector's service/pipelines re-exporting its internal package's
// gate to otelcol, another module.
type handleAlias struct {
	flag   string
	v      *types.Var
	handle string // the handle's package path + "." + name
	// file and at are the file declaring the alias, as the scan parsed
	// it, and its declaration there (its spec, or the var declaration
	// holding only it).
	file *ast.File
	at   ast.Node
}

// aliasPackages returns the import paths of the packages declaring
// handle aliases, sorted.
func (r *remover) aliasPackages() []string {
	var out []string
	for _, a := range r.handleAliases() {
		if path := a.v.Pkg().Path(); !slices.Contains(out, path) {
			out = append(out, path)
		}
	}
	slices.Sort(out)
	return out
}

// handleAliases returns the handle aliases of the scanned packages'
// non-test files, once per pass. The reference finder knows them as
// handles too (their checks are checks of the flag); the removal names
// them like the handle (flagIdents), and a linked module that uses one
// is rewritten with the aliases' packages analysed, for their facts
// (Result.aliasPkgs).
func (r *remover) handleAliases() []handleAlias {
	if r.aliases != nil {
		return *r.aliases
	}
	var out []handleAlias
	r.aliases = &out
	handles := make(map[string]string) // pkg path + "." + name → flag
	for _, t := range r.opts.Targets {
		if f := r.p.Flag(t.Name); f != nil {
			for _, g := range f.Go {
				if g.Kind == "constructor" && g.Ident != "" && g.Pkg != "" {
					handles[g.Pkg+"."+g.Ident] = t.Name
				}
			}
		}
	}
	for _, ref := range r.refs {
		if ref.Kind == flagrefs.Declare && ref.Handle != nil && ref.Handle.Pkg() != nil {
			handles[ref.Handle.Pkg().Path()+"."+ref.Handle.Name()] = ref.Flag
		}
	}
	if len(handles) == 0 {
		return nil
	}
	for _, p := range r.scan.Packages {
		if p.TypesInfo == nil {
			continue
		}
		for _, f := range p.Syntax {
			if strings.HasSuffix(r.prog.Fset.Position(f.FileStart).Filename, "_test.go") {
				continue
			}
			for _, a := range astx.VarAliases(p.TypesInfo, f) {
				if a.Of.Pkg() == nil {
					continue
				}
				key := a.Of.Pkg().Path() + "." + a.Of.Name()
				if flag := handles[key]; flag != "" {
					out = append(out, handleAlias{flag: flag, v: a.Var, handle: key, file: f, at: a.Decl})
				}
			}
		}
	}
	return out
}

// stillNamed reports, as refused sites, every line of Go code that names
// a target after the rewrite and has no refused site yet.
func (r *remover) stillNamed() {
	idents := r.flagIdents()
	refusedAt := r.refusedLines()
	// The repository's modules building against this one (linkedFiles)
	// may name an exported handle or key constant too: no verification
	// reaches them, so what they name is refused here, and stays.
	files := slices.Clone(r.projectFiles())
	linked := make(map[string]string) // as reported → absolute
	for _, id := range idents {
		for _, f := range r.linkedFiles(id.name) {
			rel := relPath(r.p.Root, f) // ../otelcol/command.go
			if linked[rel] == "" {
				linked[rel] = f
				files = append(files, rel)
			}
		}
	}
	for _, rel := range files {
		if !strings.HasSuffix(rel, ".go") || r.isGenerated(rel) {
			continue
		}
		abs := filepath.Join(r.p.Root, filepath.FromSlash(rel))
		if linked[rel] != "" {
			abs = linked[rel]
		} else if r.deleted[abs] || !r.ownFile(abs) {
			continue
		}
		var src []byte
		if linked[rel] != "" {
			// As the module's own removal left it (linkedNew), not
			// as on disk: what that removal rewrote is no use left.
			src = r.linkedSrc[abs]
		} else {
			src = r.current(abs)
		}
		if len(src) == 0 || isGeneratedGo(src) || !r.couldName(src, idents) {
			continue
		}
		var names map[int]bool // offsets of test-name strings, when needed
		kept := r.stabilizedSpans(abs, src)
	hits:
		for _, hit := range r.namingTokens(abs, src, idents, true) {
			for _, sp := range kept {
				if sp[0] <= hit.off && hit.off < sp[1] {
					continue hits // the stabilized declaration itself
				}
			}
			if hit.str {
				if names == nil {
					names = testNames(abs, src)
					maps.Copy(names, proseWords(abs, src))
				}
				if names[hit.off] {
					continue // a test's name or a word of prose: documentation, a mention
				}
				// A constant holding the key that nothing used as a
				// key: the flag's constant all the same, deleted like
				// one once nothing mentions it (next pass).
				if c := constHolding(abs, src, hit.off); c != "" && !r.dropConsts[keepKey(abs, c)] {
					r.retryConsts = append(r.retryConsts, exportedDecl{file: abs, name: c})
					continue
				}
			}
			if !hit.str {
				if r.namedLeft == nil {
					r.namedLeft = make(map[string]bool)
				}
				r.namedLeft[keepKey(hit.flag, hit.text)] = true
				if linked[rel] != "" {
					// The handle or constant itself: a removal
					// there may rewrite it. A key in a string is
					// anyone's (a variable of the same name read
					// by that module's own feature): named only.
					r.linkedNaming(abs)
				}
			}
			pos := diag.Position{File: rel, Line: hit.line, Column: hit.col}
			key := lineKey(rel, hit.line)
			if refusedAt[key] {
				continue
			}
			refusedAt[key] = true
			site := Site{
				Flag: hit.flag, Pos: pos, Kind: "mention", Status: "refused",
				Reason: fmt.Sprintf("still names the flag (%s) in code flagsweep did not rewrite: remove it by hand", hit.text),
			}
			if v, err := strconv.Unquote(hit.text); hit.str && err == nil && v != hit.flag && slices.Contains(r.keysOf(hit.flag), v) {
				// The configuration key (a test's config map entry,
				// "await-sidecar-readiness": "true"): configuration
				// for a human to drop, which no Go declaration serves.
				site.Kind = "config-key"
				site.Reason = fmt.Sprintf("still gives the flag's configuration key (%s), which nothing reads now: remove it by hand", hit.text)
			}
			if linked[rel] != "" {
				site.Reason = fmt.Sprintf("still names the flag (%s) in another module of the repository, which builds against this one (its go.mod replaces it with this directory)%s", hit.text, linkedAdvice)
				if r.opts.linkedNew != nil {
					// That module's own removal ran (see
					// removeLinked) and left this use.
					site.Reason = strings.TrimSuffix(site.Reason, linkedAdvice) + linkedLeft
				}
			}
			for _, id := range idents {
				if id.declFile == abs && id.declLine == hit.line {
					// Kept because something still uses it: generated
					// code to regenerate, or a site reported on its own.
					site.Kind = "declaration"
					site.Reason = fmt.Sprintf("%s stays while code still names it: the sites left for a human, or generated files to regenerate", id.name)
				}
			}
			r.out.Sites = append(r.out.Sites, site)
		}
	}
}

// The ends of the reason of a name left in a linked module: before that
// module's own removal ran (a removal in a module that is no project of
// flagsweep, or a sub-run), and after (see removeLinked).
const (
	linkedAdvice = " and which this run does not rewrite: remove it by hand, or run flagsweep in that module first"
	linkedLeft   = ", where the removal did not rewrite it: remove it by hand"
)

// couldName is the cheap text test before tokenizing a file.
func (r *remover) couldName(src []byte, idents []flagIdent) bool {
	for _, t := range r.opts.Targets {
		if bytes.Contains(src, []byte(t.Name)) {
			return true
		}
		for _, k := range r.keysOf(t.Name) {
			if bytes.Contains(src, []byte(k)) {
				return true
			}
		}
	}
	for _, id := range idents {
		if bytes.Contains(src, []byte(id.name)) {
			return true
		}
	}
	return false
}

type namingHit struct {
	flag, text string
	line, col  int
	// str reports a string literal; off is the token's offset.
	str bool
	off int
}

// namingTokens returns the tokens of a file that name a target: a string
// literal that is its key (when keys), or one of its identifiers, bare in
// its declaring package or qualified by an import of it elsewhere.
// Comments never count.
func (r *remover) namingTokens(file string, src []byte, idents []flagIdent, keys bool) []namingHit {
	var out []namingHit
	var quals map[string]map[string]bool // import path → names it is imported under
	qualifiers := func(path, name string) map[string]bool {
		if quals == nil {
			quals = make(map[string]map[string]bool)
		}
		q, ok := quals[path]
		if !ok {
			q = importNames(file, src, path, name)
			quals[path] = q
		}
		return q
	}
	var lastLit string
	var sc scanner.Scanner
	fset := token.NewFileSet()
	tf := fset.AddFile(file, -1, len(src))
	sc.Init(tf, src, nil, 0)
	// The two tokens before the current one: pkg . Name.
	var prev1, prev2 token.Token
	var lit2 string
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		afterPeriod := prev1 == token.PERIOD
		qual := ""
		if afterPeriod && prev2 == token.IDENT {
			qual = lit2
		}
		p := tf.Position(pos)
		switch tok {
		case token.STRING:
			// A string that is the key names the flag; one that only
			// mentions it in prose (a metric's help text, a test's
			// name) is documentation, listed with the mentions.
			v, err := strconv.Unquote(lit)
			if err != nil || !keys {
				break
			}
			for _, t := range r.opts.Targets {
				if r.isKey(v, t.Name) {
					out = append(out, namingHit{flag: t.Name, text: lit, line: p.Line, col: p.Column, str: true, off: p.Offset})
					break
				}
			}
		case token.IDENT:
			for _, id := range idents {
				if lit != id.name {
					continue
				}
				local := filepath.Dir(file) == id.dir
				q := qualifiers(id.path, id.pkgName)
				if !afterPeriod && (local || q[""]) || afterPeriod && qual != "" && q[qual] {
					out = append(out, namingHit{flag: id.flag, text: lit, line: p.Line, col: p.Column, off: p.Offset})
					break
				}
			}
		}
		prev2, lit2 = prev1, ""
		if prev1 == token.IDENT {
			lit2 = lastLit
		}
		prev1, lastLit = tok, lit
	}
	return out
}

// containsWord reports whether s contains w not inside a longer word.
func containsWord(s []byte, w string) bool { return load.ContainsWord(s, w) }

// incomplete returns the targets that some refused use still needs:
// their definitions stay. A refused site not tied to one flag (a fold of a
// removal of several) keeps every target's.
func (r *remover) incomplete() map[string]bool {
	out := make(map[string]bool)
	for _, s := range r.out.Sites {
		// A declaration that stays is not a reason by itself: what uses
		// it is reported on its own (or is generated code, regenerated
		// from the definitions without it). Nor is a configuration
		// key left in a string: no declaration serves it.
		if s.Status != "refused" || s.Kind == "declaration" || s.Kind == "config-key" {
			continue
		}
		if _, ok := r.targets[s.Flag]; ok {
			out[s.Flag] = true
			continue
		}
		for _, t := range r.opts.Targets {
			out[t.Name] = true
		}
	}
	return out
}

// declaredIn finds the package-level object name of the package in dir,
// among the packages the scan type-checked.
func (r *remover) declaredIn(dir, name string) types.Object {
	for _, p := range r.scan.Packages {
		if p.Types == nil || len(p.CompiledGoFiles) == 0 || filepath.Dir(p.CompiledGoFiles[0]) != dir {
			continue
		}
		if obj := p.Types.Scope().Lookup(name); obj != nil {
			return obj
		}
	}
	return nil
}

// ownFile reports whether a file belongs to the project's own module:
// under its root, not vendored, and not in a nested module (a dependency
// kept in the repository and replaced into the build, whose declarations
// are never the project's to edit).
func (r *remover) ownFile(file string) bool {
	if !strings.HasPrefix(file, r.p.Root+string(filepath.Separator)) {
		return false
	}
	if r.moduleDirs == nil {
		r.moduleDirs = make(map[string]bool)
	}
	for dir := filepath.Dir(file); dir != r.p.Root && len(dir) > len(r.p.Root); dir = filepath.Dir(dir) {
		own, ok := r.moduleDirs[dir]
		if !ok {
			_, err := os.Stat(filepath.Join(dir, "go.mod"))
			own = err != nil && filepath.Base(dir) != "vendor"
			r.moduleDirs[dir] = own
		}
		if !own {
			return false
		}
	}
	return true
}

// isKey reports whether a string's value is a flag's key: the name itself,
// one of its other keys (a binder's configuration key), or the name
// behind the state prefix the instance's keys carry.
func (r *remover) isKey(v, name string) bool {
	if v == name || slices.Contains(r.keysOf(name), v) {
		return true
	}
	prefix := r.p.Config.StatePrefix
	return prefix != "" && v == prefix+name
}

// proseWords returns the offsets of the string literals holding one plain
// word (see plainWord) where code does not use a flag's key: a flag named
// Gateway shares its name with the Kubernetes kind, and Kong's controller
// writes "Gateway" in fifty places (Kind: "Gateway", kind == "Gateway",
// log fields) that have nothing to do with the gate. Such a literal names
// the flag only where keys go: a composite literal's key ("Gateway":
// true), an index (gates["Gateway"]), or an argument of a call whose
// name speaks of features, gates or flags (Enabled("Gateway")).
func proseWords(filename string, src []byte) map[int]bool {
	out := make(map[int]bool)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
	if err != nil {
		return out
	}
	keyish := make(map[*ast.BasicLit]bool)
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			if lit, ok := n.Key.(*ast.BasicLit); ok {
				keyish[lit] = true
			}
		case *ast.IndexExpr:
			if lit, ok := n.Index.(*ast.BasicLit); ok {
				keyish[lit] = true
			}
		case *ast.CallExpr:
			if id := astx.Name(n.Fun); id != nil && flagishName(id.Name) {
				for _, a := range n.Args {
					if lit, ok := a.(*ast.BasicLit); ok {
						keyish[lit] = true
					}
				}
			}
		case *ast.BasicLit:
			if n.Kind != token.STRING || keyish[n] {
				return true
			}
			if v, err := strconv.Unquote(n.Value); err == nil && plainWord(v) {
				out[fset.Position(n.Pos()).Offset] = true
			}
		}
		return true
	})
	return out
}

// flagishName reports a function name that speaks of features, gates or
// flags.
func flagishName(name string) bool {
	l := strings.ToLower(name)
	return strings.Contains(l, "feature") || strings.Contains(l, "gate") || strings.Contains(l, "flag") || strings.Contains(l, "enable")
}

// testNames returns the offsets of the string literals that name a test:
// the first argument of t.Run, of a Ginkgo container, spec or table entry.
// A suite named after a feature (ginkgo.Describe("TopologyAwareScheduling"))
// documents the feature, which stays when its flag goes.
func testNames(filename string, src []byte) map[int]bool {
	out := make(map[int]bool)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
	if err != nil {
		return out
	}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		id := astx.Name(call.Fun)
		if id == nil || !(id.Name == "Run" || ginkgoContainers[id.Name] || id.Name == "DescribeTable" || id.Name == "Entry" || id.Name == "By") {
			return true
		}
		if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			out[fset.Position(lit.Pos()).Offset] = true
		}
		return true
	})
	return out
}

// constHolding returns the name of the package-level constant whose whole
// value is the string literal at off (const Key = "fast_path"), or "".
func constHolding(filename string, src []byte, off int) string {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, parser.SkipObjectResolution)
	if err != nil {
		return ""
	}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if len(vs.Names) == 1 && len(vs.Values) == 1 && fset.Position(vs.Values[0].Pos()).Offset == off {
				if _, isLit := vs.Values[0].(*ast.BasicLit); isLit {
					return vs.Names[0].Name
				}
			}
		}
	}
	return ""
}

// refusedLines returns the lines that hold a refused site, by lineKey: one
// line is one site for a human, however many reasons it has.
func (r *remover) refusedLines() map[string]bool {
	out := make(map[string]bool)
	for _, s := range r.out.Sites {
		if s.Status == "refused" {
			out[lineKey(s.Pos.File, s.Pos.Line)] = true
		}
	}
	return out
}

func lineKey(file string, line int) string { return fmt.Sprintf("%s:%d", file, line) }
