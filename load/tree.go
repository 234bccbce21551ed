package load

import (
	"bytes"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
)

// A Tree is the text of a module's packages, found as `go list ./...`
// finds them but without the go command: the directories under a root
// that hold .go files, skipping those the pattern skips (testdata,
// vendor, names starting with "." or "_") and nested modules.
//
// It is the cheap filter that decides what to list at all. Listing a
// package with export data makes the go command hash the package and all
// its dependencies; on Kueue, `go list -export -deps -test ./...` is two
// thirds of a `go vet ./...`. A package whose files (those excluded by
// build constraints included) contain none of a removal's names cannot
// refer to its flag, nor break when the removal deletes a declaration it
// does not name: so a removal lists the packages that contain one, and
// their dependencies come with them (see scan.Only).
type Tree struct {
	// Root is the directory the tree stands for, absolute.
	Root string
	// ModulePath is the import path of Root.
	ModulePath string
	// Dirs maps each package directory, relative to Root with slashes
	// ("." for Root itself), to the absolute names of its .go files.
	Dirs map[string][]string
}

// ReadTree finds the package directories under root, the directory of a
// main module or one inside it. It reports ok false when a pattern
// relative to root could reach more than the files under it (a workspace,
// whose modules replace one another's), or root is in no module: then
// only the go command can tell what ./... is.
func ReadTree(root string, getenv func(string) string) (t *Tree, ok bool, err error) {
	root, err = filepath.Abs(root)
	if err != nil {
		return nil, false, err
	}
	modRoot, ok := moduleRoot(root, getenv)
	if !ok {
		return nil, false, nil
	}
	gomod := filepath.Join(modRoot, "go.mod")
	data, err := os.ReadFile(gomod)
	if err != nil {
		return nil, false, err
	}
	modPath := modfile.ModulePath(data)
	if modPath == "" {
		return nil, false, nil
	}
	rel, err := filepath.Rel(modRoot, root)
	if err != nil {
		return nil, false, err
	}
	t = &Tree{Root: root, ModulePath: path.Join(modPath, filepath.ToSlash(rel)), Dirs: make(map[string][]string)}
	err = filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == root {
				return err
			}
			return nil // as go list: an unreadable directory is no package
		}
		if d.IsDir() {
			if name == root {
				return nil
			}
			base := d.Name()
			if base == "testdata" || base == "vendor" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(name, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
			return nil
		}
		base := d.Name()
		if !strings.HasSuffix(base, ".go") || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_") || !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, filepath.Dir(name))
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		t.Dirs[rel] = append(t.Dirs[rel], name)
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return t, true, nil
}

// Narrowable reports whether ReadTree can read the tree of root: root is
// in a module, and no workspace applies.
func Narrowable(root string, getenv func(string) string) bool {
	root, err := filepath.Abs(root)
	if err != nil {
		return false
	}
	_, ok := moduleRoot(root, getenv)
	return ok
}

// EnvLookup returns a lookup in env, a go command's environment, or in
// the process's when env is nil.
func EnvLookup(env []string) func(string) string {
	if env == nil {
		return os.Getenv
	}
	return func(key string) string {
		v := ""
		for _, kv := range env {
			if k, val, ok := strings.Cut(kv, "="); ok && k == key {
				v = val // the last one wins, as in exec
			}
		}
		return v
	}
}

// moduleRoot returns the root of the main module holding root (absolute),
// or false when there is none or a workspace applies.
func moduleRoot(root string, getenv func(string) string) (string, bool) {
	gowork := getenv("GOWORK")
	if gowork != "" && gowork != "off" {
		return "", false
	}
	modRoot := ""
	for d := root; ; d = filepath.Dir(d) {
		if gowork == "" {
			if _, err := os.Stat(filepath.Join(d, "go.work")); err == nil {
				return "", false
			}
		}
		if modRoot == "" {
			if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
				modRoot = d
			}
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	return modRoot, modRoot != ""
}

// ImportPath returns the import path of the package in a directory of
// the tree.
func (t *Tree) ImportPath(dir string) string {
	if dir == "." {
		return t.ModulePath
	}
	return t.ModulePath + "/" + dir
}

// Pattern returns the go command pattern naming the package in a
// directory of the tree, relative to Root.
func (t *Tree) Pattern(dir string) string {
	if dir == "." {
		return "."
	}
	return "./" + dir
}

// Mentioning returns, sorted, the directories not in skip with a file
// containing one of words. Files are read on every CPU; a file that
// cannot be read counts as mentioning them (the go command will say why).
func (t *Tree) Mentioning(words []string, skip map[string]bool) []string {
	if len(words) == 0 {
		return nil
	}
	bs := make([][]byte, 0, len(words))
	for _, w := range words {
		if w != "" {
			bs = append(bs, []byte(w))
		}
	}
	var dirs []string
	for d := range t.Dirs {
		if !skip[d] {
			dirs = append(dirs, d)
		}
	}
	slices.Sort(dirs)
	hit := make([]bool, len(dirs))
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				hit[i] = t.mentions(dirs[i], bs)
			}
		}()
	}
	for i := range dirs {
		next <- i
	}
	close(next)
	wg.Wait()
	var out []string
	for i, d := range dirs {
		if hit[i] {
			out = append(out, d)
		}
	}
	return out
}

func (t *Tree) mentions(dir string, words [][]byte) bool {
	for _, name := range t.Dirs[dir] {
		data, err := os.ReadFile(name)
		if err != nil {
			return true
		}
		for _, w := range words {
			if bytes.Contains(data, w) {
				return true
			}
		}
	}
	return false
}

// DirOf returns the tree directory of an absolute directory name, and
// whether the tree has a package there.
func (t *Tree) DirOf(dir string) (string, bool) {
	rel, err := filepath.Rel(t.Root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	_, ok := t.Dirs[rel]
	return rel, ok
}

// LinkedModules returns the directories of the modules of root's
// repository whose go.mod replaces modPath, root's module, with root
// itself (a relative replace such as `=> ../..` from a nested module, or
// `=> ../internal/globalgates` from a sibling, as the OpenTelemetry
// Collector's modules do): they build against the module's code as it
// is, so a change to its API can break them, though no pattern of the
// module lists them. The repository is the nearest directory above root
// holding .git (root itself outside one).
func LinkedModules(root, modPath string) ([]string, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	top := root
	for dir := root; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			top = dir
			break
		}
		if filepath.Dir(dir) == dir {
			break
		}
	}
	var out []string
	err = filepath.WalkDir(top, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable: as the go command, skip it
		}
		if d.IsDir() {
			if base := d.Name(); name != top && (base == "vendor" || base == "testdata" || base == "node_modules" || strings.HasPrefix(base, ".") || strings.HasPrefix(base, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Name() != "go.mod" || filepath.Dir(name) == root {
			return nil
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return nil
		}
		f, err := modfile.Parse(name, data, nil)
		if err != nil {
			return nil
		}
		dir := filepath.Dir(name)
		for _, r := range f.Replace {
			if r.Old.Path == modPath && r.New.Version == "" && modfile.IsDirectoryPath(r.New.Path) {
				target := r.New.Path
				if !filepath.IsAbs(target) {
					target = filepath.Join(dir, target)
				}
				if filepath.Clean(target) == root {
					out = append(out, dir)
					break
				}
			}
		}
		return nil
	})
	return out, err
}

// LinkedSources returns the linked modules of the module at root (see
// LinkedModules) and the text of their Go files, by absolute name: the
// code that builds against root's module though no listing of it reaches
// that code. A module nested in a linked one is read with it; root's own
// files are not.
func LinkedSources(root string) (dirs []string, files map[string][]byte) {
	files = make(map[string][]byte)
	if abs, err := filepath.Abs(root); err == nil {
		root = abs // compared with the walk's absolute paths below
	}
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return nil, files
	}
	dirs, _ = LinkedModules(root, modfile.ModulePath(data))
	for _, d := range dirs {
		filepath.WalkDir(d, func(p string, de fs.DirEntry, err error) error {
			if err == nil && de.IsDir() && p == root {
				return filepath.SkipDir // this module, nested in the linked one
			}
			if err == nil && !de.IsDir() && strings.HasSuffix(p, ".go") {
				if src, err := os.ReadFile(p); err == nil {
					files[p] = src
				}
			}
			return nil
		})
	}
	return dirs, files
}

// ContainsWord reports whether src contains w as a whole identifier-like
// word (not inside a longer name).
func ContainsWord(src []byte, w string) bool {
	isWord := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(w))
		if j < 0 {
			return false
		}
		at := i + j
		if (at == 0 || !isWord(src[at-1])) && (at+len(w) >= len(src) || !isWord(src[at+len(w)])) {
			return true
		}
		i = at + 1
	}
}
