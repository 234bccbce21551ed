package scan

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"golang.org/x/mod/modfile"

	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/diag"
)

// A run memo is the whole answer of a cached scan over a tree that nothing
// has touched since: the fast path of linting an unchanged checkout.
//
// The per-package cache (Cache.keys) must still ask the go command for the
// package graph with export data on every run — on Kueue that is two
// thirds of a warm lint, and more than go vet takes in all. Whether
// anything changed at all is much cheaper to tell: the memo's key hashes,
// besides the project's inputs (Cache.project: executable, configuration,
// definitions, state, date), the patterns, the go command's environment
// (`go env -json`: toolchain, GOFLAGS, GOOS, build tags' sources) and the
// metadata of every file the build could read in the main module, its
// local replacements and its workspace — path, size, modification and
// change times and inode, as git's index tells a changed file. The change
// time cannot be set back by tools that restore modification times, and
// any write, rename or replacement moves it. Files of the module cache
// are immutable (go.sum pins them), and so is GOROOT for a Go version.
//
// A memo is not written when a file changed in the last two seconds (it
// could change again within the file system's timestamp granularity,
// unseen), nor for a scan with problems: those are computed afresh, so
// their messages always describe the tree as it is.
type runMemo struct {
	Diagnostics []diag.Diagnostic
	Refs        []cachedRef
	Warnings    []string
	Packages    int
	CheckFuncs  []string
}

// racyWindow is how recent a file change makes a tree state untrusted (a
// variable for tests, whose trees are always new).
var racyWindow = 2 * time.Second

// runKey returns the memo key of a scan of patterns from dir, and whether
// a memo may be written under it (false when some file is too recent).
// ok is false when the tree cannot be fingerprinted (no go command, no
// module): then there is no memo.
func (c *Cache) runKey(ctx context.Context, dir string, patterns []string, env []string) (k cacheKey, writable, ok bool) {
	cmd := exec.CommandContext(ctx, "go", "env", "-json")
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		return k, false, false
	}
	var goenv map[string]string
	if err := json.Unmarshal(out, &goenv); err != nil {
		return k, false, false
	}
	gomod := goenv["GOMOD"]
	if gomod == "" || gomod == os.DevNull {
		return k, false, false
	}
	h := sha256.New()
	h.Write(c.project[:])
	fmt.Fprintf(h, "run %q %q\n", dir, patterns)
	// GOGCCFLAGS names a temporary directory of the go env run itself.
	delete(goenv, "GOGCCFLAGS")
	for _, name := range slices.Sorted(maps.Keys(goenv)) {
		fmt.Fprintf(h, "env %s=%q\n", name, goenv[name])
	}
	roots, err := moduleRoots(gomod, goenv["GOWORK"])
	if err != nil {
		return k, false, false
	}
	st := &treeState{h: h, since: time.Now().Add(-racyWindow)}
	for _, r := range roots {
		if err := st.walk(r); err != nil {
			return k, false, false
		}
	}
	copy(k[:], h.Sum(nil))
	return k, !st.racy, true
}

// moduleRoots returns the directories whose files a build of the main
// module can read outside the module cache: the module, its replacements
// by local directories, and the workspace's modules and their
// replacements.
func moduleRoots(gomod, gowork string) ([]string, error) {
	seen := make(map[string]bool)
	var roots []string
	add := func(dir string) {
		if dir = filepath.Clean(dir); !seen[dir] {
			seen[dir] = true
			roots = append(roots, dir)
		}
	}
	replaces := func(base string, rs []*modfile.Replace) {
		for _, r := range rs {
			if r.New.Version == "" && modfile.IsDirectoryPath(r.New.Path) {
				p := r.New.Path
				if !filepath.IsAbs(p) {
					p = filepath.Join(base, p)
				}
				add(p)
			}
		}
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil, err
	}
	mf, err := modfile.ParseLax(gomod, data, nil)
	if err != nil {
		return nil, err
	}
	add(filepath.Dir(gomod))
	replaces(filepath.Dir(gomod), mf.Replace)
	if gowork != "" && gowork != "off" {
		data, err := os.ReadFile(gowork)
		if err != nil {
			return nil, err
		}
		wf, err := modfile.ParseWork(gowork, data, nil)
		if err != nil {
			return nil, err
		}
		base := filepath.Dir(gowork)
		add(base) // go.work and go.work.sum themselves
		for _, u := range wf.Use {
			p := u.Path
			if !filepath.IsAbs(p) {
				p = filepath.Join(base, p)
			}
			add(p)
		}
		replaces(base, wf.Replace)
	}
	sort.Strings(roots)
	return roots, nil
}

// A treeState hashes the metadata of the files a build may read.
type treeState struct {
	h     io.Writer
	since time.Time
	racy  bool
}

// buildExts are the extensions of files the go command compiles or reads
// for cgo and assembly.
var buildExts = map[string]bool{
	".go": true, ".c": true, ".h": true, ".cc": true, ".cpp": true, ".cxx": true,
	".hh": true, ".hpp": true, ".hxx": true, ".m": true, ".s": true, ".S": true,
	".sx": true, ".f": true, ".F": true, ".for": true, ".f90": true, ".syso": true,
	".swig": true, ".swigcxx": true,
}

// walk hashes root's files below it, skipping what the go command never
// builds from (directories starting with . or _, testdata) and nested
// modules (not part of this one; a workspace lists those it uses).
func (st *treeState) walk(root string) error {
	fmt.Fprintf(st.h, "root %s\n", root)
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			fmt.Fprintf(st.h, "unreadable %s\n", path)
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if path == root {
				return nil
			}
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" {
				return filepath.SkipDir
			}
			if _, err := os.Lstat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
			return nil
		}
		if !buildExts[filepath.Ext(name)] && name != "go.mod" && name != "go.sum" && name != "go.work" && name != "go.work.sum" && name != "modules.txt" {
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			fmt.Fprintf(st.h, "unreadable %s\n", path)
			return nil
		}
		mtime := fi.ModTime()
		var ctime time.Time
		var ino uint64
		if sys, ok := fi.Sys().(*syscall.Stat_t); ok {
			ctime = time.Unix(sys.Ctim.Unix())
			ino = sys.Ino
		}
		if mtime.After(st.since) || ctime.After(st.since) {
			st.racy = true
		}
		fmt.Fprintf(st.h, "%s %d %d %d %d %v\n", path, fi.Size(), mtime.UnixNano(), ctime.UnixNano(), ino, fi.Mode())
		return nil
	})
}

// memoKey names a run memo's file, apart from package entries.
func memoKey(k cacheKey) cacheKey {
	h := sha256.New()
	fmt.Fprintf(h, "memo %x", k)
	var m cacheKey
	copy(m[:], h.Sum(nil))
	return m
}

// getRun returns the memo for a run key as a Result, or nil.
func (c *Cache) getRun(k cacheKey) *Result {
	e := c.get(memoKey(k))
	if e == nil || e.Run == nil {
		return nil
	}
	m := e.Run
	res := &Result{Diagnostics: m.Diagnostics, Warnings: m.Warnings, CheckFuncs: make(map[string]bool), Reused: m.Packages, Memo: true}
	for _, cr := range m.Refs {
		res.Refs = append(res.Refs, Ref{Ref: &flagrefs.Ref{Kind: cr.Kind, Flag: cr.Flag, Dynamic: cr.Dynamic}, Pos: cr.Pos})
	}
	for _, f := range m.CheckFuncs {
		res.CheckFuncs[f] = true
	}
	return res
}

// putRun stores a scan's result as the memo of its run key, unless it has
// problems (those are reported afresh from the tree as it is).
func (c *Cache) putRun(k cacheKey, res *Result) {
	if len(res.Problems) > 0 {
		return
	}
	m := &runMemo{Diagnostics: res.Diagnostics, Warnings: res.Warnings, Packages: len(res.Packages)}
	for _, r := range res.Refs {
		m.Refs = append(m.Refs, cachedRef{Kind: r.Kind, Flag: r.Flag, Dynamic: r.Dynamic, Pos: r.Pos})
	}
	for f := range res.CheckFuncs {
		m.CheckFuncs = append(m.CheckFuncs, f)
	}
	sort.Strings(m.CheckFuncs)
	c.put(memoKey(k), &cacheEntry{Run: m})
}
