package lifecycle

import (
	"strings"
	"testing"
)

func TestParseMilestone(t *testing.T) {
	tests := []struct {
		in   string
		want Milestone
		err  string
	}{
		{"17.9", Milestone{17, 9}, ""},
		{"17.10", Milestone{17, 10}, ""},
		{"0.19", Milestone{0, 19}, ""},
		{"16.0", Milestone{16, 0}, ""},
		{"17.x", Milestone{}, `milestone "17.x" is not MAJOR.MINOR`},
		{"17", Milestone{}, "not MAJOR.MINOR"},
		{"17.9.1", Milestone{}, "not MAJOR.MINOR"},
		{"v17.9", Milestone{}, "not MAJOR.MINOR"},
		{"+17.9", Milestone{}, "not MAJOR.MINOR"},
		{"17.-1", Milestone{}, "not MAJOR.MINOR"},
		{" 17.9", Milestone{}, "not MAJOR.MINOR"},
		{"", Milestone{}, "not MAJOR.MINOR"},
		{".", Milestone{}, "not MAJOR.MINOR"},
		{"9999999.1", Milestone{}, "not MAJOR.MINOR"},
		{"17.٣", Milestone{}, "not MAJOR.MINOR"}, // Arabic-Indic digit
	}
	for _, tt := range tests {
		got, err := ParseMilestone(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseMilestone(%q) error = %v, want one containing %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseMilestone(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want Milestone
		ok   bool
	}{
		{"17.9.0-pre", Milestone{17, 9}, true},
		{"17.9.0-pre\n", Milestone{17, 9}, true},
		{"v16.4.0", Milestone{16, 4}, true},
		{"0.19", Milestone{0, 19}, true},
		{"17.11.3+ee", Milestone{17, 11}, true},
		{"  18.0.0  ", Milestone{18, 0}, true},
		{"17.x", Milestone{}, false},
		{"17", Milestone{}, false},
		{"1.2.3.4", Milestone{}, false},
		{"", Milestone{}, false},
		{"vv1.2", Milestone{}, false},
	}
	for _, tt := range tests {
		got, err := ParseVersion(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestDistance(t *testing.T) {
	m := func(s string) Milestone {
		t.Helper()
		v, err := ParseMilestone(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		scheme   Scheme
		from, to string
		want     int
	}{
		{GitLab, "17.5", "17.9", 4},
		{GitLab, "17.9", "17.9", 0},
		{GitLab, "16.11", "17.0", 1}, // design.md: a major bump follows x.11
		{GitLab, "16.10", "17.1", 3},
		{GitLab, "15.11", "17.0", 13},
		{GitLab, "13.12", "14.0", 1}, // GitLab once shipped 13.12: it ends its major
		{GitLab, "17.9", "17.5", -4},
		{GitLab, "17.0", "16.11", -1},
		{Semver, "0.19", "0.20", 1},
		{Semver, "0.19", "1.0", 1},
		{Semver, "9.5", "10.2", 3},
		{Semver, "9.5", "11.0", 2},
		{Semver, "1.30", "1.33", 3},
		{Semver, "10.2", "9.5", -3},
	}
	for _, tt := range tests {
		if got := tt.scheme.Distance(m(tt.from), m(tt.to)); got != tt.want {
			t.Errorf("%v.Distance(%s, %s) = %d, want %d", tt.scheme, tt.from, tt.to, got, tt.want)
		}
	}
}

func TestParseScheme(t *testing.T) {
	for in, want := range map[string]Scheme{"": GitLab, "gitlab": GitLab, "semver": Semver} {
		got, err := ParseScheme(in)
		if err != nil || got != want {
			t.Errorf("ParseScheme(%q) = %v, %v", in, got, err)
		}
		if in != "" && got.String() != in {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), in)
		}
	}
	if _, err := ParseScheme("calver"); err == nil {
		t.Error("ParseScheme(calver) succeeded")
	}
}

func FuzzParseMilestone(f *testing.F) {
	for _, s := range []string{"17.9", "0.19", "17.x", "", "1.2.3", "v16.4.0", "17.9.0-pre", "99999.99999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if m, err := ParseMilestone(s); err == nil {
			// What parses must print back the same, up to leading zeros.
			back, err := ParseMilestone(m.String())
			if err != nil || back != m {
				t.Fatalf("ParseMilestone(%q) = %v, which does not round-trip", s, m)
			}
			if m.Major > maxComponent || m.Minor > maxComponent {
				t.Fatalf("ParseMilestone(%q) = %v: out of range", s, m)
			}
		}
		if m, err := ParseVersion(s); err == nil {
			if d := GitLab.Distance(m, m); d != 0 {
				t.Fatalf("Distance(%v, %v) = %d", m, m, d)
			}
			if GitLab.Distance(Milestone{}, m) < 0 || Semver.Distance(Milestone{}, m) < 0 {
				t.Fatalf("negative distance from 0.0 to %v", m)
			}
		}
	})
}
