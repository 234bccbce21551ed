package state

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/flagsweep/flagsweep/lifecycle"
)

// export is shaped like GitLab's GET /api/v4/features answer.
const export = `[
  {"name": "on_flag", "state": "on", "gates": [{"key": "boolean", "value": true}]},
  {"name": "off_flag", "state": "off", "gates": [{"key": "boolean", "value": false}]},
  {"name": "half_flag", "state": "conditional", "gates": [{"key": "boolean", "value": false}, {"key": "percentage_of_actors", "value": 50}]},
  {"name": "time100", "gates": [{"key": "percentage_of_time", "value": 100}]},
  {"name": "actors_only", "gates": [{"key": "actors", "value": ["User:1", "Project:2"]}]},
  {"name": "nothing", "gates": []},
  {"name": "with_definition", "state": "on", "gates": [], "definition": {"name": "with_definition", "type": "beta"}}
]`

func TestParse(t *testing.T) {
	s, err := Parse([]byte(export), "features.json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		state  lifecycle.State
		pct    int
		actors int
	}{
		{"on_flag", lifecycle.On, 0, 0},
		{"off_flag", lifecycle.Off, 0, 0},
		{"half_flag", lifecycle.Conditional, 50, 0},
		{"time100", lifecycle.On, 100, 0}, // Flipper: 100 % of the time is on
		{"actors_only", lifecycle.Conditional, 0, 2},
		{"nothing", lifecycle.Off, 0, 0},
		{"with_definition", lifecycle.On, 0, 0},
	}
	for _, tt := range tests {
		f, ok := s.Lookup(tt.name)
		if !ok || f.State != tt.state || f.Percentage != tt.pct || f.Actors != tt.actors {
			t.Errorf("%s = %+v, %v; want state %v pct %d actors %d", tt.name, f, ok, tt.state, tt.pct, tt.actors)
		}
	}
	if _, ok := s.Lookup("absent"); ok {
		t.Error("absent flag found")
	}
	if got := len(s.Names()); got != len(tests) {
		t.Errorf("%d names", got)
	}
	var nilSnap *Snapshot
	if _, ok := nilSnap.Lookup("x"); ok {
		t.Error("nil snapshot knows a flag")
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{`[{"name": "a", "state": "on"},`, "features.json:1:31: malformed JSON"},
		{"[\n  {\"name\": \"a\",\n   \"state\": oops}\n]", "features.json:3:13: malformed JSON: invalid character 'o'"},
		{`{"name": "a"}`, "features.json:1:1: a Features API export is a JSON array of features, not object"},
		{"[\n  {\"state\": \"on\"}\n]", "features.json:2:3: a feature has no name"},
		{"[\n  {\"name\": \"a\", \"state\": \"enabled\"}\n]", `features.json:2:3: feature "a": unknown state "enabled"`},
		{"[\n  1\n]", "features.json:2:3: a feature must be an object"},
		{`[{"name": "a", "gates": [{"key": "percentage_of_time", "value": 150}]}]`, `features.json:1:2: feature "a": percentage_of_time gate: value must be a number from 0 to 100, not 150`},
		{`[{"name": "a", "gates": [{"key": "boolean", "value": "yes"}]}]`, `boolean gate value must be true or false`},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.src), "features.json")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %q", tt.src, err, tt.want)
		}
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "features.json")
	if err := os.WriteFile(p, []byte(export), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := ReadFile(p, "features.json")
	if err != nil || s.Source != "features.json" {
		t.Fatalf("ReadFile = %v, %v", s, err)
	}
	_, err = ReadFile(filepath.Join(dir, "missing.json"), "missing.json")
	if err == nil || !strings.HasPrefix(err.Error(), "missing.json: no such file: export the state") {
		t.Errorf("missing file: %v", err)
	}
}

// fakeGitLab serves the Features API in pages of two, checking the token.
func fakeGitLab(t *testing.T, features []string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v4/features" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("PRIVATE-TOKEN") != "secret" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `{"message":"401 Unauthorized"}`)
			return
		}
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page < 1 {
			page = 1
		}
		const per = 2
		lo := (page - 1) * per
		hi := min(lo+per, len(features))
		if hi < len(features) {
			w.Header().Set("X-Next-Page", strconv.Itoa(page+1))
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, "[%s]", strings.Join(features[lo:hi], ","))
	}))
}

func TestFetch(t *testing.T) {
	var features []string
	for i := range 5 {
		features = append(features, fmt.Sprintf(`{"name": "f%d", "state": "on", "gates": [{"key": "boolean", "value": true}]}`, i))
	}
	srv := fakeGitLab(t, features)
	defer srv.Close()

	s, err := Fetch(context.Background(), srv.Client(), srv.URL+"/", "secret")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(s.Names(), " "); got != "f0 f1 f2 f3 f4" {
		t.Errorf("fetched %s; want all five pages' flags", got)
	}

	_, err = Fetch(context.Background(), srv.Client(), srv.URL, "wrong")
	if err == nil || !strings.Contains(err.Error(), "401 Unauthorized: GITLAB_TOKEN is missing, expired or wrong") {
		t.Errorf("bad token: %v", err)
	}
	_, err = Fetch(context.Background(), srv.Client(), srv.URL, "")
	if err == nil || !strings.Contains(err.Error(), "needs an administrator token in GITLAB_TOKEN") {
		t.Errorf("no token: %v", err)
	}
	_, err = Fetch(context.Background(), srv.Client(), "ftp://x", "secret")
	if err == nil || !strings.Contains(err.Error(), "not a file or an http(s) URL") {
		t.Errorf("bad URL: %v", err)
	}
}

func TestFetchErrors(t *testing.T) {
	forbidden := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
	}))
	defer forbidden.Close()
	_, err := Fetch(context.Background(), forbidden.Client(), forbidden.URL, "t")
	if err == nil || !strings.Contains(err.Error(), "403 Forbidden: the Features API needs an administrator's token") {
		t.Errorf("403: %v", err)
	}
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html>sign in</html>`)
	}))
	defer broken.Close()
	_, err = Fetch(context.Background(), broken.Client(), broken.URL, "t")
	if err == nil || !strings.Contains(err.Error(), "malformed JSON") {
		t.Errorf("HTML answer: %v", err)
	}
	// A server that always says there is a next page is cut off.
	endless := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Next-Page", "2")
		fmt.Fprint(w, `[]`)
	}))
	defer endless.Close()
	_, err = Fetch(context.Background(), endless.Client(), endless.URL, "t")
	if err == nil || !strings.Contains(err.Error(), "more than 1000 pages") {
		t.Errorf("endless pagination: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(export))
	f.Add([]byte(`[]`))
	f.Add([]byte(`[{"name":"a","gates":[{"key":"percentage_of_time","value":"50"}]}]`))
	f.Add([]byte(`[{"name":"a","state":"on"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "f.json")
		if err != nil {
			return
		}
		for _, n := range s.Names() {
			f, _ := s.Lookup(n)
			if f.State == lifecycle.Unknown {
				t.Fatalf("%s: accepted with unknown state", n)
			}
		}
	})
}
