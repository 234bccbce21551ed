package definitions

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flagsweep/flagsweep/diag"
)

// Expand returns the files below root that match pattern, a slash-separated
// path relative to root whose segments are path.Match patterns, plus `**`
// for any number of directories. Results are slash-separated paths relative
// to root, sorted.
//
// Unlike filepath.Glob, it does not swallow I/O errors: an unreadable
// directory or a symbolic link loop is an error naming the path, because a
// definition silently skipped is a flag silently unchecked. A missing base
// directory (the part of the pattern before the first wildcard) is reported
// as a *NoDirError so the caller can decide whether that is fine.
func Expand(root, pattern string) ([]string, error) {
	pattern = path.Clean(filepath.ToSlash(pattern))
	if path.IsAbs(pattern) || pattern == ".." || strings.HasPrefix(pattern, "../") {
		return nil, fmt.Errorf("pattern %q must be relative to the project root and stay inside it", pattern)
	}
	segs := strings.Split(pattern, "/")
	for _, s := range segs {
		if _, err := path.Match(s, ""); err != nil {
			return nil, fmt.Errorf("pattern %q is malformed: %v", pattern, err)
		}
	}
	// The literal prefix must exist; below it, matching decides.
	lit := 0
	for lit < len(segs)-1 && !hasMeta(segs[lit]) {
		lit++
	}
	base := path.Join(segs[:lit]...)
	if base != "" {
		info, err := os.Stat(filepath.Join(root, filepath.FromSlash(base)))
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, &NoDirError{Dir: base}
			}
			return nil, pathError(base, err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("%s: not a directory", base)
		}
	}
	g := &globber{root: root, seen: make(map[string]bool)}
	if err := g.match(base, segs[lit:], nil); err != nil {
		return nil, err
	}
	sort.Strings(g.out)
	return g.out, nil
}

// A NoDirError says that the directory a pattern starts from does not exist.
type NoDirError struct{ Dir string }

func (e *NoDirError) Error() string { return fmt.Sprintf("%s: no such directory", e.Dir) }

func hasMeta(s string) bool { return strings.ContainsAny(s, `*?[\`) }

type globber struct {
	root string
	out  []string
	seen map[string]bool // matched files, so `**` paths do not list one twice
}

// match expands segs below dir (relative to root). visiting holds the real
// paths of the directories `**` is inside, to detect symbolic link loops.
func (g *globber) match(dir string, segs []string, visiting []string) error {
	if len(segs) == 0 {
		return nil
	}
	seg, rest := segs[0], segs[1:]
	if seg == "**" {
		// Zero directories…
		if err := g.match(dir, rest, visiting); err != nil {
			return err
		}
		// …or one more, then `**` again.
		real, err := filepath.EvalSymlinks(g.abs(dir))
		if err != nil {
			return pathError(dir, err)
		}
		for _, v := range visiting {
			if v == real {
				return fmt.Errorf("%s: symbolic link loop: fix or remove the link", dir)
			}
		}
		visiting = append(visiting, real)
		entries, err := g.readDir(dir)
		if err != nil {
			return err
		}
		for _, e := range entries {
			sub := path.Join(dir, e.Name())
			isDir, err := g.isDir(sub, e)
			if err != nil {
				return err
			}
			if isDir && !strings.HasPrefix(e.Name(), ".") {
				if err := g.match(sub, segs, visiting); err != nil {
					return err
				}
			}
		}
		return nil
	}
	entries, err := g.readDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if ok, _ := path.Match(seg, e.Name()); !ok {
			continue
		}
		// As in a shell, wildcards do not match hidden names.
		if strings.HasPrefix(e.Name(), ".") && !strings.HasPrefix(seg, ".") {
			continue
		}
		sub := path.Join(dir, e.Name())
		if len(rest) == 0 {
			info, err := os.Stat(g.abs(sub))
			if err != nil {
				return pathError(sub, err)
			}
			if info.Mode().IsRegular() && !g.seen[sub] {
				g.seen[sub] = true
				g.out = append(g.out, sub)
			}
			continue
		}
		isDir, err := g.isDir(sub, e)
		if err != nil {
			return err
		}
		if isDir {
			if err := g.match(sub, rest, visiting); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *globber) abs(rel string) string {
	return filepath.Join(g.root, filepath.FromSlash(rel))
}

func (g *globber) readDir(dir string) ([]fs.DirEntry, error) {
	entries, err := os.ReadDir(g.abs(dir))
	if err != nil {
		if dir == "" {
			dir = "."
		}
		return nil, pathError(dir, err)
	}
	return entries, nil
}

// isDir follows symbolic links, so that a linked definitions directory is
// read; a link that loops or dangles is an error, not a silent skip.
func (g *globber) isDir(rel string, e fs.DirEntry) (bool, error) {
	if e.Type()&fs.ModeSymlink == 0 {
		return e.IsDir(), nil
	}
	info, err := os.Stat(g.abs(rel))
	if err != nil {
		return false, pathError(rel, err)
	}
	return info.IsDir(), nil
}

func pathError(rel string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	msg := err.Error()
	switch {
	case errors.Is(err, fs.ErrPermission):
		msg = "permission denied: make it readable"
	case errors.Is(err, fs.ErrNotExist):
		msg = "broken symbolic link: fix or remove it"
	case strings.Contains(msg, "too many levels of symbolic links"):
		msg = "symbolic link loop: fix or remove the link"
	}
	return fmt.Errorf("%s: %s", rel, msg)
}

// globError turns an Expand error into a positioned error for the definitions
// loader.
func globError(err error) *diag.Error {
	msg := err.Error()
	if file, rest, ok := strings.Cut(msg, ": "); ok && !strings.Contains(file, " ") {
		return &diag.Error{Pos: diag.Position{File: file}, Msg: rest}
	}
	return &diag.Error{Msg: msg}
}
