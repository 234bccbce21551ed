package rewrite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/internal/atomicfile"
	"github.com/flagsweep/flagsweep/load"
)

// Reshaped functions. A removal deleting a parameter that held the flag's
// property (see flagrefs/params.go) changes the signature of a function
// other packages call: unlike a deletion, that is a change dependents
// notice even when they do not name anything deleted, and one the
// verification's independent checks against export data (see verify.go)
// cannot judge — a rewritten caller passing one argument fewer is wrong
// against the old signature and right against the new one. So:
//
//   - in the checks of step 1, type errors inside a call of a reshaped
//     function are set aside (they are the old signature's), and the
//     function is no deletion for steps 2 and 3;
//   - once the in-process verification passes, the go command compiles
//     the rewritten tree as an overlay (go list -export -test -overlay):
//     every changed package and every package of the module importing a
//     reshaped function's package, with their tests, against each other's
//     new sources. Any compile error is a VerifyError: nothing is written.
//
// That second check is what makes a signature change sound, and costs a
// compile of those packages; it runs only when a removal reshapes one.

// reshapeKey names a reshaped function: its declaring file and name.
func reshapeKey(fset *token.FileSet, fn *types.Func) string {
	return keepKey(fset.Position(fn.Pos()).Filename, fn.Name())
}

// reshape records that the removal deletes parameter p of fn.
func (r *remover) reshape(fn *types.Func, p *types.Var, flag string) {
	if r.reshaped == nil {
		r.reshaped = make(map[string]string)
	}
	r.reshaped[reshapeKey(r.prog.Fset, fn)] = fn.Pkg().Path()
	r.reshapedParams = append(r.reshapedParams, reshapedParam{r.holderKey(p), fn.Pkg().Name() + "." + fn.Name(), p.Name(), flag})
}

// A reshapedParam is a parameter the removal deletes from a function
// other packages may call.
type reshapedParam struct {
	key      holderKey
	fn, name string
	flag     string
}

// inReshapedCall returns, for a unit checked by step 1, a test of whether
// a position lies in the arguments of a call of a reshaped function.
func (r *remover) inReshapedCall(u *load.Unit) func(token.Pos) bool {
	if len(r.reshaped) == 0 || u == nil {
		return func(token.Pos) bool { return false }
	}
	type span struct{ from, to token.Pos }
	var spans []span
	for _, f := range u.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var id *ast.Ident
			switch fun := ast.Unparen(call.Fun).(type) {
			case *ast.Ident:
				id = fun
			case *ast.SelectorExpr:
				id = fun.Sel
			}
			if fn, ok := u.Info.Uses[id].(*types.Func); ok && id != nil {
				if _, ok := r.reshaped[reshapeKey(r.prog.Fset, fn)]; ok {
					spans = append(spans, span{call.Lparen, call.Rparen + 1})
				}
			}
			return true
		})
	}
	return func(p token.Pos) bool {
		return slices.ContainsFunc(spans, func(s span) bool { return s.from <= p && p <= s.to })
	}
}

// isReshaped reports whether a deletion found by step 2 is a reshaped
// function.
func (r *remover) isReshaped(d deletion) bool {
	_, ok := r.reshaped[keepKey(d.file, d.name)]
	return ok
}

// goVerify compiles the rewritten tree with the go command: the changed
// packages and the module's importers of reshaped functions' packages,
// with their tests (see above).
func (r *remover) goVerify(ov *load.Overlay) error {
	if len(r.reshaped) == 0 {
		return nil
	}
	r.progress("verifying: compiling the callers of %d reshaped functions", len(r.reshaped))
	reshapedPkgs := make(map[string]bool)
	for _, path := range r.reshaped {
		reshapedPkgs[path] = true
	}
	pkgs := make(map[string]bool)
	for _, n := range r.prog.Packages {
		if ov.Changed(n) && !n.IsTestMain() && r.inModule(n) {
			pkgs[strings.TrimSuffix(n.PkgPath, "_test")] = true
		}
	}
	// Every package of the module importing one (loaded or not: one
	// that names nothing of the flag was never listed).
	list := exec.Command("go", "list", "-e", "-f", `{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`, "./...")
	// The whole module, not only the project's directory in it.
	mod := config.ModuleRoot(r.p.Root)
	list.Dir, list.Env = mod, r.opts.Env
	out, err := list.Output()
	if err != nil {
		return &VerifyError{Errors: []string{fmt.Sprintf("go list ./...: %v", err)}}
	}
	for line := range strings.SplitSeq(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if slices.ContainsFunc(fields[1:], func(p string) bool { return reshapedPkgs[p] }) {
			pkgs[fields[0]] = true
		}
	}
	// The overlay: each rewritten file's content, each deleted file
	// gone.
	dir, err := os.MkdirTemp("", "flagsweep-verify-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	src, deleted := r.withLinked()
	replace := make(map[string]string)
	i := 0
	for name, b := range src {
		i++
		tmp := filepath.Join(dir, fmt.Sprintf("%d_%s", i, filepath.Base(name)))
		if err := atomicfile.Write(tmp, b, 0o644); err != nil {
			return err
		}
		replace[name] = tmp
	}
	for name := range deleted {
		replace[name] = ""
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return err
	}
	overlay := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlay, data, 0o644); err != nil {
		return err
	}
	args := []string{"list", "-e", "-export", "-test", "-overlay=" + overlay, "-f", "{{if .Error}}{{.Error.Err}}\n{{end}}", "--"}
	sorted := slices.Sorted(maps.Keys(pkgs))
	cmd := exec.Command("go", slices.Concat(args, sorted)...)
	cmd.Dir, cmd.Env = mod, r.opts.Env
	errs, err := r.goListErrors(cmd)
	if err != nil || len(errs) == 0 {
		return err
	}
	// What failed before the removal is not its doing (a package
	// needing a module the proxy refuses): only new errors count.
	cmd = exec.Command("go", slices.Concat(args[:4], args[5:], sorted)...)
	cmd.Dir, cmd.Env = mod, r.opts.Env
	before, err := r.goListErrors(cmd)
	if err != nil {
		return err
	}
	errs = slices.DeleteFunc(errs, func(e string) bool { return slices.Contains(before, e) })
	if len(errs) == 0 {
		return nil
	}
	if r.pass >= maxKeepRounds {
		return &VerifyError{Errors: errs}
	}
	// Code the scan never analysed (a package naming nothing of the
	// flag) calls a reshaped function, or uses it as a value: once more,
	// keeping the parameters, each error a site left for a human.
	for _, rp := range r.reshapedParams {
		r.retryHolders = append(r.retryHolders, rp.key)
		for _, e := range errs {
			pos, msg := parsePosition(e)
			r.carried = append(r.carried, Site{Flag: rp.flag, Pos: pos, Kind: "declaration", Status: "refused",
				Reason: fmt.Sprintf("the parameter %s of %s holds the flag, but deleting it breaks code the removal did not rewrite (%s): it stays", rp.name, rp.fn, msg)})
		}
	}
	r.traceRetry("a reshaped function's callers do not compile")
	return nil
}

// parsePosition splits a compiler error line into the file:line:col it
// starts with (zero when it has none) and its message.
func parsePosition(line string) (diag.Position, string) {
	m := errPos.FindStringSubmatch(line)
	if m == nil {
		return diag.Position{}, line
	}
	l, _ := strconv.Atoi(m[2])
	c, _ := strconv.Atoi(m[3])
	return diag.Position{File: m[1], Line: l, Column: c}, line[len(m[0]):]
}

var errPos = regexp.MustCompile(`^([^:]+\.go):(\d+):(\d+): `)

// goListErrors runs a go list printing each package's error and returns
// the errors' lines, file names relative to the project.
func (r *remover) goListErrors(cmd *exec.Cmd) ([]string, error) {
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, &VerifyError{Errors: []string{fmt.Sprintf("go list -export: %v: %s", err, strings.TrimSpace(stderr.String()))}}
	}
	var errs []string
	seen := make(map[string]bool)
	// An error's indented lines (have …, want …) continue it.
	text := strings.ReplaceAll(string(out), "\n\t", " ")
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") || seen[line] {
			continue
		}
		seen[line] = true
		// The go command names files relative to its directory.
		if file, rest, ok := strings.Cut(line, ":"); ok && !filepath.IsAbs(file) && strings.HasSuffix(file, ".go") {
			line = r.p.Rel(filepath.Join(cmd.Dir, file)) + ":" + rest
		}
		errs = append(errs, line)
	}
	return errs, nil
}
