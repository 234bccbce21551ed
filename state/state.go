// Package state reads feature flag rollout state from GitLab's Features API
// (GET /api/v4/features): from an exported JSON file, or live from an
// instance.
//
// Rollout state is what the code cannot tell: whether a flag is on for
// everyone, off, or on for some. GitLab persists only flags someone has
// set, so a flag absent from the export is at its default.
package state

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/flagsweep/flagsweep/diag"
	"github.com/flagsweep/flagsweep/lifecycle"
)

// A Feature is one flag's state on the instance.
type Feature struct {
	Name  string
	State lifecycle.State
	// Percentage is the largest percentage gate (of time or actors), for
	// display; 0 when there is none.
	Percentage int
	// Actors counts the actors and groups the flag is enabled for.
	Actors int
}

// A Snapshot is the state of every persisted flag at one time.
type Snapshot struct {
	// Source names where the snapshot came from (file or URL), for
	// messages.
	Source   string
	features map[string]Feature
}

// Lookup returns the state of the flag named name on the instance, and
// false when the instance has none persisted (the flag is at its default).
func (s *Snapshot) Lookup(name string) (Feature, bool) {
	if s == nil {
		return Feature{}, false
	}
	f, ok := s.features[name]
	return f, ok
}

// Names returns the names of every persisted flag, sorted.
func (s *Snapshot) Names() []string {
	names := make([]string, 0, len(s.features))
	for n := range s.features {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// apiFeature is one element of the Features API's answer.
type apiFeature struct {
	Name  *string   `json:"name"`
	State string    `json:"state"`
	Gates []apiGate `json:"gates"`
}

type apiGate struct {
	Key   string          `json:"key"`
	Value json.RawMessage `json:"value"`
}

// maxFileSize bounds an export file; GitLab.com's own has a few thousand
// entries of a few hundred bytes.
const maxFileSize = 64 << 20

// ReadFile reads a Features API export. display names the file in errors.
func ReadFile(path, display string) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &diag.Error{Pos: diag.Position{File: display}, Msg: openError(err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFileSize+1))
	if err != nil {
		return nil, &diag.Error{Pos: diag.Position{File: display}, Msg: openError(err)}
	}
	if len(data) > maxFileSize {
		return nil, diag.Errorf(diag.Position{File: display}, "file is larger than %d MiB: is it a Features API export?", maxFileSize>>20)
	}
	s := &Snapshot{Source: display, features: make(map[string]Feature)}
	if err := s.add(data, display); err != nil {
		return nil, err
	}
	return s, nil
}

func openError(err error) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return "no such file: export the state with GET /api/v4/features, or fix state: in .flagsweep.yaml"
	case errors.Is(err, os.ErrPermission):
		return "permission denied: make the file readable"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse parses one Features API answer (a JSON array). It is exported for
// the fuzz test.
func Parse(data []byte, display string) (*Snapshot, error) {
	s := &Snapshot{Source: display, features: make(map[string]Feature)}
	if err := s.add(data, display); err != nil {
		return nil, err
	}
	return s, nil
}

// add merges one page of the Features API into s.
func (s *Snapshot) add(data []byte, display string) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return jsonError(data, display, err)
	}
	// Positions of each element, for errors about one entry.
	offsets := elementOffsets(data)
	for i, r := range raw {
		pos := diag.Position{File: display, Line: 1, Column: 1}
		if i < len(offsets) {
			pos.Line, pos.Column = lineCol(data, offsets[i])
		}
		var af apiFeature
		dec := json.NewDecoder(bytes.NewReader(r))
		if err := dec.Decode(&af); err != nil {
			return diag.Errorf(pos, "a feature must be an object with name, state and gates: %v", stripJSON(err))
		}
		if af.Name == nil || *af.Name == "" {
			return diag.Errorf(pos, "a feature has no name: is this a Features API export?")
		}
		f, err := convert(af)
		if err != nil {
			return diag.Errorf(pos, "feature %q: %v", *af.Name, err)
		}
		s.features[f.Name] = f
	}
	return nil
}

// convert derives a flag's state as Flipper (GitLab's flag library) does:
// on when the boolean gate is set or 100 % of the time; conditional when any
// other gate admits someone; otherwise off. An explicit state field wins.
func convert(af apiFeature) (Feature, error) {
	f := Feature{Name: *af.Name}
	var boolean bool
	var timePct, actorsPct int
	for _, g := range af.Gates {
		switch g.Key {
		case "boolean":
			if len(g.Value) > 0 && string(g.Value) != "null" {
				if err := json.Unmarshal(g.Value, &boolean); err != nil {
					return f, fmt.Errorf("boolean gate value must be true or false")
				}
			}
		case "percentage_of_time", "percentage_of_actors":
			n, err := percent(g.Value)
			if err != nil {
				return f, fmt.Errorf("%s gate: %v", g.Key, err)
			}
			if g.Key == "percentage_of_time" {
				timePct = n
			} else {
				actorsPct = n
			}
			f.Percentage = max(f.Percentage, n)
		case "actors", "groups":
			var list []json.RawMessage
			if len(g.Value) > 0 && string(g.Value) != "null" {
				if err := json.Unmarshal(g.Value, &list); err != nil {
					return f, fmt.Errorf("%s gate value must be a list", g.Key)
				}
			}
			f.Actors += len(list)
		}
	}
	switch af.State {
	case "on":
		f.State = lifecycle.On
	case "off":
		f.State = lifecycle.Off
	case "conditional":
		f.State = lifecycle.Conditional
	case "":
		switch {
		case boolean || timePct == 100:
			f.State = lifecycle.On
		case timePct > 0 || actorsPct > 0 || f.Actors > 0:
			f.State = lifecycle.Conditional
		default:
			f.State = lifecycle.Off
		}
	default:
		return f, fmt.Errorf("unknown state %q: the Features API says on, off or conditional", af.State)
	}
	return f, nil
}

func percent(v json.RawMessage) (int, error) {
	if len(v) == 0 || string(v) == "null" {
		return 0, nil
	}
	var n json.Number
	if err := json.Unmarshal(v, &n); err != nil {
		// Some exports quote numbers.
		var s string
		if err2 := json.Unmarshal(v, &s); err2 != nil {
			return 0, fmt.Errorf("value must be a number from 0 to 100")
		}
		n = json.Number(s)
	}
	x, err := strconv.ParseFloat(string(n), 64)
	if err != nil || x < 0 || x > 100 {
		return 0, fmt.Errorf("value must be a number from 0 to 100, not %s", n)
	}
	return int(x), nil
}

func jsonError(data []byte, display string, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	// Both offsets count the bytes read, through the offending one.
	case errors.As(err, &se):
		off := max(int(se.Offset)-1, 0)
		if strings.Contains(se.Error(), "unexpected end") {
			off = len(data)
		}
		line, col := lineCol(data, off)
		return diag.Errorf(diag.Position{File: display, Line: line, Column: col}, "malformed JSON: %v", se)
	case errors.As(err, &te):
		line, col := lineCol(data, max(int(te.Offset)-1, 0))
		return diag.Errorf(diag.Position{File: display, Line: line, Column: col}, "a Features API export is a JSON array of features, not %s", te.Value)
	}
	return diag.Errorf(diag.Position{File: display, Line: 1, Column: 1}, "malformed JSON: %v", stripJSON(err))
}

func stripJSON(err error) string {
	return strings.TrimPrefix(err.Error(), "json: ")
}

// elementOffsets returns the byte offset of each top-level array element.
func elementOffsets(data []byte) []int {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // [
		return nil
	}
	var offs []int
	for dec.More() {
		off := int(dec.InputOffset())
		// InputOffset is just past the previous token: skip the comma
		// and white space to the element itself.
		for off < len(data) && (data[off] == ',' || data[off] == ' ' || data[off] == '\n' || data[off] == '\r' || data[off] == '\t') {
			off++
		}
		offs = append(offs, off)
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			break
		}
	}
	return offs
}

func lineCol(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	line := 1 + bytes.Count(data[:off], []byte{'\n'})
	col := off - (bytes.LastIndexByte(data[:off], '\n') + 1) + 1
	return line, col
}

// TokenEnv is the environment variable holding the GitLab API token.
const TokenEnv = "GITLAB_TOKEN"

// maxPages bounds pagination, in case a server keeps answering "next".
const maxPages = 1000

// Fetch reads the state live from a GitLab instance's Features API,
// following X-Next-Page pagination. base is the instance URL
// (https://gitlab.example.com); token is an administrator's personal access
// token.
func Fetch(ctx context.Context, client *http.Client, base, token string) (*Snapshot, error) {
	if client == nil {
		client = &http.Client{Timeout: 60 * time.Second}
	}
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("state %q is not a file or an http(s) URL of a GitLab instance", base)
	}
	if token == "" {
		return nil, fmt.Errorf("reading state from %s needs an administrator token in %s", u.Host, TokenEnv)
	}
	s := &Snapshot{Source: u.String(), features: make(map[string]Feature)}
	page := "1"
	for n := 0; page != ""; n++ {
		if n == maxPages {
			return nil, fmt.Errorf("%s: more than %d pages of features: giving up", u.Host, maxPages)
		}
		pageURL := u.JoinPath("api", "v4", "features")
		pageURL.RawQuery = url.Values{"per_page": {"100"}, "page": {page}}.Encode()
		data, next, err := get(ctx, client, pageURL.String(), token)
		if err != nil {
			return nil, err
		}
		if err := s.add(data, pageURL.String()); err != nil {
			return nil, err
		}
		page = next
	}
	return s, nil
}

func get(ctx context.Context, client *http.Client, u, token string) (data []byte, next string, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("PRIVATE-TOKEN", token)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("reading rollout state: %v", err)
	}
	defer resp.Body.Close()
	data, err = io.ReadAll(io.LimitReader(resp.Body, maxFileSize+1))
	if err != nil {
		return nil, "", fmt.Errorf("reading rollout state from %s: %v", u, err)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, "", fmt.Errorf("GET %s: 401 Unauthorized: %s is missing, expired or wrong", u, TokenEnv)
	case resp.StatusCode == http.StatusForbidden:
		return nil, "", fmt.Errorf("GET %s: 403 Forbidden: the Features API needs an administrator's token in %s", u, TokenEnv)
	case resp.StatusCode != http.StatusOK:
		return nil, "", fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	if len(data) > maxFileSize {
		return nil, "", fmt.Errorf("GET %s: answer larger than %d MiB", u, maxFileSize>>20)
	}
	return data, resp.Header.Get("X-Next-Page"), nil
}
