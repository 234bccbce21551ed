// Package yamlx reads small YAML files strictly and with positions: it is
// the one place where flagsweep turns bytes into yaml.Nodes, so that every
// YAML input (configuration, flag definitions) gets the same limits and the
// same file:line:col errors.
package yamlx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/flagsweep/flagsweep/diag"
	"go.yaml.in/yaml/v3"
)

// MaxFileSize bounds every YAML file flagsweep reads. Real definitions are
// under 2 KiB; a file this large is a mistake (or an attack), and reading it
// whole into memory is not worth the risk.
const MaxFileSize = 1 << 20

// A File is a parsed YAML document with the source it came from.
type File struct {
	Name string // as given to Read, used in positions
	Src  []byte
	Doc  *yaml.Node // the document's root: a mapping, sequence or scalar; nil for an empty document
}

// Read reads and parses one YAML document from the named file. displayName
// is the name positions use (usually the path relative to the project root).
func Read(path, displayName string) (*File, error) {
	src, err := readLimited(path)
	if err != nil {
		return nil, &diag.Error{Pos: diag.Position{File: displayName}, Msg: describeReadError(err)}
	}
	return Parse(displayName, src)
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(src) > MaxFileSize {
		return nil, errTooLarge
	}
	return src, nil
}

var errTooLarge = fmt.Errorf("file is larger than %d KiB: flag definitions and configuration are small files", MaxFileSize>>10)

// describeReadError turns an OS error into advice without repeating the path
// (the position already names the file).
func describeReadError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied: make the file readable"
	case err == errTooLarge:
		return err.Error()
	case strings.Contains(err.Error(), "too many levels of symbolic links"):
		return "symbolic link loop: fix or remove the link"
	case strings.Contains(err.Error(), "is a directory"):
		return "is a directory, not a YAML file"
	}
	return err.Error()
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse parses src as exactly one YAML document. It rejects what flagsweep's
// inputs never need and what would make them unsafe or ambiguous: invalid
// UTF-8, more than one document, and aliases (which also rules out alias
// bombs).
func Parse(name string, src []byte) (*File, error) {
	if len(src) > MaxFileSize {
		return nil, &diag.Error{Pos: diag.Position{File: name}, Msg: errTooLarge.Error()}
	}
	if !utf8.Valid(src) {
		line, col := firstInvalidUTF8(src)
		return nil, diag.Errorf(diag.Position{File: name, Line: line, Column: col}, "file is not valid UTF-8: save it as UTF-8")
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		line, col := lineCol(src, i)
		return nil, diag.Errorf(diag.Position{File: name, Line: line, Column: col}, "file contains a NUL byte: it is not a text file")
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return &File{Name: name, Src: src}, nil
		}
		return nil, parseError(name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, diag.Errorf(diag.Position{File: name, Line: extra.Line, Column: 1}, "file holds more than one YAML document: keep one per file")
	} else if err != io.EOF {
		return nil, parseError(name, err)
	}
	f := &File{Name: name, Src: src}
	if len(doc.Content) > 0 && !IsNull(doc.Content[0]) {
		f.Doc = doc.Content[0]
	}
	if alias := findAlias(f.Doc); alias != nil {
		return nil, diag.Errorf(f.Pos(alias), "YAML aliases (*%s) are not allowed here: write the value out", alias.Value)
	}
	return f, nil
}

// parserProblems are the problems yaml's parser (as opposed to its
// scanner) reports. For these the library prints a 0-based line — the start
// of the construct that is not closed — so one is added to point at it.
var parserProblems = map[string]bool{
	"did not find expected <stream-start>":   true,
	"did not find expected <document start>": true,
	"found undefined tag handle":             true,
	"did not find expected node content":     true,
	"did not find expected '-' indicator":    true,
	"did not find expected key":              true,
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found duplicate %TAG directive":         true,
}

func parseError(name string, err error) *diag.Error {
	msg := err.Error()
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		if parserProblems[m[2]] {
			line++
		}
		return diag.Errorf(diag.Position{File: name, Line: line, Column: 1}, "malformed YAML: %s", m[2])
	}
	return diag.Errorf(diag.Position{File: name, Line: 1, Column: 1}, "malformed YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}

func findAlias(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// Pos returns the position of a node, with the column converted from
// yaml's characters to bytes as the Go toolchain counts them.
func (f *File) Pos(n *yaml.Node) diag.Position {
	if n == nil || n.Line == 0 {
		return diag.Position{File: f.Name, Line: 1, Column: 1}
	}
	return diag.Position{File: f.Name, Line: n.Line, Column: byteColumn(f.Src, n.Line, n.Column)}
}

// byteColumn converts a 1-based character column on a 1-based line to a
// 1-based byte column.
func byteColumn(src []byte, line, col int) int {
	start := 0
	for l := 1; l < line; l++ {
		i := bytes.IndexByte(src[start:], '\n')
		if i < 0 {
			return col
		}
		start += i + 1
	}
	text := src[start:]
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	b := 0
	for c := 1; c < col && b < len(text); c++ {
		_, size := utf8.DecodeRune(text[b:])
		b += size
	}
	return b + 1
}

func firstInvalidUTF8(src []byte) (line, col int) {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return lineCol(src, i)
		}
		i += size
	}
	return 1, 1
}

// lineCol returns the 1-based line and byte column of offset.
func lineCol(src []byte, offset int) (line, col int) {
	line = 1 + bytes.Count(src[:offset], []byte{'\n'})
	col = offset - (bytes.LastIndexByte(src[:offset], '\n') + 1) + 1
	return line, col
}

// Mapping returns the key/value pairs of a mapping node in order, and an
// error at the node if it is not a mapping. A key that appears twice is an
// error at its second occurrence: YAML libraries disagree on which one wins.
func (f *File) Mapping(n *yaml.Node, what string) ([]KV, error) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, diag.Errorf(f.Pos(n), "%s must be a mapping of keys to values", what)
	}
	seen := make(map[string]*yaml.Node)
	kvs := make([]KV, 0, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, diag.Errorf(f.Pos(k), "%s keys must be plain words", what)
		}
		if prev, ok := seen[k.Value]; ok {
			return nil, diag.Errorf(f.Pos(k), "key %q is repeated (first at line %d): keep one", k.Value, prev.Line)
		}
		seen[k.Value] = k
		kvs = append(kvs, KV{Key: k, Value: v})
	}
	return kvs, nil
}

// A KV is one entry of a mapping.
type KV struct {
	Key, Value *yaml.Node
}

// IsNull reports whether n is absent or an explicit null (`key:` or `key: ~`).
func IsNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// String returns the value of a string scalar; ok is false for any other
// node (a number, a boolean, a list…).
func String(n *yaml.Node) (s string, ok bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return "", false
	}
	return n.Value, true
}

// Bool returns the value of a boolean scalar.
func Bool(n *yaml.Node) (b, ok bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		return false, false
	}
	var v bool
	if err := n.Decode(&v); err != nil {
		return false, false
	}
	return v, true
}

// Int returns the value of an integer scalar.
func Int(n *yaml.Node) (i int, ok bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
		return 0, false
	}
	var v int
	if err := n.Decode(&v); err != nil {
		return 0, false
	}
	return v, true
}

// Strings returns the values of a sequence of string scalars. A lone string
// is accepted as a list of one, as users write `presets: openfeature`.
func Strings(n *yaml.Node) ([]string, bool) {
	if s, ok := String(n); ok {
		return []string{s}, true
	}
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		s, ok := String(c)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// Describe names the kind of a node for error messages: "a number",
// "a list", ….
func Describe(n *yaml.Node) string {
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.Tag {
	case "!!null":
		return "empty"
	case "!!bool":
		return "a boolean"
	case "!!int", "!!float":
		return "a number"
	case "!!timestamp":
		return "a date"
	case "!!str":
		return "a string"
	}
	return "a " + strings.TrimPrefix(n.Tag, "!!")
}

// Suggest returns the candidate closest to word, for "did you mean"
// messages, or "" when none is close enough to help.
func Suggest(word string, candidates []string) string {
	// A quarter of the word may be wrong: enough for typos, not so much
	// that unrelated words look alike.
	best, bestDist := "", max(1, len(word)/4)+1
	for _, c := range candidates {
		if d := editDistance(word, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
