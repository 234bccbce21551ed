package rewrite

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Generated documentation. A generator that writes code from a source
// entry (mdatagen: metadata.yaml → generated_feature_gates.go) often writes
// documentation from it too — mdatagen's documentation.md, a table with a
// row per gate:
//
//	| Feature Gate | Stage | Description | From Version | To Version | Reference |
//	| ------------ | ----- | ----------- | ------------ | ---------- | --------- |
//	| `otelcol.printInitialConfig` | beta | … | v0.120.0 | N/A | [Link](…) |
//
// The removal edits it as the generator would write it again: the row
// goes with the gate; the section holding the table goes with its last
// row, and the file with its last section; a settled gate's row gets the
// settled stage and version. The maintainers' commits show exactly these
// edits; a reviewer would otherwise meet a stale row, or have to run the
// generator.

// docsDrop returns src without the table rows of the names. When a
// table loses its last row, the section holding it goes (from its heading
// to the next heading of its level or above); when no section is left
// below the title, gone reports that the whole file goes. ok is false
// when src holds no row of any of the names.
func docsDrop(src []byte, names []string) (out []byte, gone, ok bool) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	drop := make([]bool, len(lines))
	for i, l := range lines {
		if n := rowName(l); n != "" && slices.Contains(names, n) {
			drop[i], ok = true, true
		}
	}
	if !ok {
		return src, false, false
	}
	// A table whose every row goes takes its section with it.
	for i := 0; i < len(lines); {
		if !isTableLine(lines[i]) {
			i++
			continue
		}
		start := i
		for i < len(lines) && isTableLine(lines[i]) {
			i++
		}
		rows, gone := 0, 0
		for j := start + 2; j < i; j++ { // after the header and its rule
			rows++
			if drop[j] {
				gone++
			}
		}
		if rows == 0 || gone < rows {
			continue
		}
		head := -1
		for j := start - 1; j >= 0; j-- {
			if level := headingLevel(lines[j]); level > 0 {
				head = j
				break
			}
		}
		if head < 0 || headingLevel(lines[head]) < 2 {
			continue // no section of its own: only the rows go
		}
		end := i
		for end < len(lines) && (headingLevel(lines[end]) == 0 || headingLevel(lines[end]) > headingLevel(lines[head])) {
			end++
		}
		for j := head; j < end; j++ {
			drop[j] = true
		}
	}
	// The blank lines that set a deleted part apart: one stays between
	// what is left, none at the end; the rest of the file is left as
	// it was.
	var buf []byte
	sections := 0
	dropped, lastBlank := false, false
	for i, l := range lines {
		if drop[i] {
			dropped = true
			continue
		}
		blank := len(bytes.TrimSpace(l)) == 0
		if blank && dropped && (lastBlank || len(buf) == 0) {
			continue
		}
		if headingLevel(l) >= 2 {
			sections++
		}
		buf = append(buf, l...)
		dropped, lastBlank = false, blank
	}
	if dropped {
		for bytes.HasSuffix(buf, []byte("\n\n")) {
			buf = buf[:len(buf)-1]
		}
	}
	return buf, sections == 0, true
}

// docsSettle returns src with the cells of name's row under the given
// column headers set to the given values (Stage: stable, To Version:
// v0.154.0). ok is false when there is no such row.
func docsSettle(src []byte, name string, set map[string]string) (out []byte, ok bool) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	header := -1
	for i, l := range lines {
		if !isTableLine(l) {
			header = -1
			continue
		}
		if header < 0 {
			header = i
		}
		if rowName(l) != name || header == i {
			continue
		}
		heads := cells(lines[header])
		row := cells(l)
		if len(row) != len(heads) {
			return src, false
		}
		var buf []byte
		at := 0
		for k, c := range row {
			v, change := set[strings.TrimSpace(string(lines[header][heads[k][0]:heads[k][1]]))]
			if !change {
				continue
			}
			buf = append(buf, l[at:c[0]]...)
			buf = append(buf, " "+v+" "...)
			at = c[1]
		}
		lines[i] = append(buf, l[at:]...)
		return bytes.Join(lines, nil), true
	}
	return src, false
}

// cells returns the byte ranges of a table line's cells, between its
// unescaped pipes.
func cells(l []byte) [][2]int {
	var out [][2]int
	start := -1
	for i := 0; i < len(l); i++ {
		switch {
		case l[i] == '\\':
			i++ // \| is a pipe in a cell
		case l[i] == '|':
			if start >= 0 {
				out = append(out, [2]int{start, i})
			}
			start = i + 1
		}
	}
	return out
}

// rowName returns the name a table row is for: its first cell's text in
// backquotes (| `otelcol.printInitialConfig` | …).
func rowName(l []byte) string {
	if !isTableLine(l) {
		return ""
	}
	c := cells(l)
	if len(c) == 0 {
		return ""
	}
	first := strings.TrimSpace(string(l[c[0][0]:c[0][1]]))
	if len(first) < 3 || first[0] != '`' || first[len(first)-1] != '`' {
		return ""
	}
	return first[1 : len(first)-1]
}

func isTableLine(l []byte) bool { return bytes.HasPrefix(bytes.TrimSpace(l), []byte("|")) }

// headingLevel returns the level of a markdown ATX heading line (2 for
// "## Feature Gates"), or 0.
func headingLevel(l []byte) int {
	n := 0
	for n < len(l) && l[n] == '#' {
		n++
	}
	if n == 0 || n >= len(l) || l[n] != ' ' {
		return 0
	}
	return n
}

// docsPath returns the generated documentation of a generated
// declaration's source, when the generator writes one and it exists.
func docsPath(gs genSource, declFile string) (string, bool) {
	if gs.Docs == "" {
		return "", false
	}
	p := filepath.Join(filepath.Dir(declFile), filepath.FromSlash(gs.Docs))
	if _, err := os.Stat(p); err != nil {
		return "", false
	}
	return p, true
}
