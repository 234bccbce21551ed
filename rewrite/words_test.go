package rewrite

import (
	"slices"
	"testing"
)

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"RewriteURIs":              {"rewrite", "uri"},
		"RewriteURIAnnotation":     {"rewrite", "uri", "annotation"},
		"matching.enableMigration": {"matching", "migration"},
		"AutoEnableV2ConfigChange": {"auto", "v2", "change"},
		"FillIDs":                  {"fill", "id"},
		"Parser_FillsEntitiesIDs":  {"parser", "fill", "entitie", "id"},
		"EnableFastReplication":    {"fast", "replication"},
	} {
		if got := words(in); !slices.Equal(got, want) {
			t.Errorf("words(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMentionsFlag(t *testing.T) {
	for _, tc := range []struct {
		line, name string
		want       bool
	}{
		{"Gateway is the proxy; see the Kong Gateway docs", "Gateway", false},
		{"// GatewayFeature enables the Gateway APIs.", "Gateway", false},
		{`flags := "GatewayAlpha=true,Gateway=false"`, "Gateway", true},
		{`| Gateway | beta | "Gateway" |`, "Gateway", true},
		{"set `Gateway` to true", "Gateway", true},
		{"--feature-gates=Knative=TRUE", "Knative", true},
		{"Knative serving", "Knative", false},
		{"the CombinedRoutes gate", "CombinedRoutes", true},
		{"use new_ui here", "new_ui", true},
		{"renew_ui is another", "new_ui", false},
	} {
		if got := mentionsFlag([]byte(tc.line), tc.name); got != tc.want {
			t.Errorf("mentionsFlag(%q, %q) = %v, want %v", tc.line, tc.name, got, tc.want)
		}
	}
}

// TestNamesField pins which lines of files other than Go name a deleted
// field: configuration keyed by an exported field, never prose naming an
// unexported one (Temporal's nexus handler lost its field enabled, and
// every "enabled" of the repository's YAML and docs was listed).
func TestNamesField(t *testing.T) {
	for _, tc := range []struct {
		line, name string
		want       bool
	}{
		{`state: "enabled"`, "enabled", false},
		{"Nexus is enabled by default", "enabled", false},
		{"CombinedServiceRoutes: false", "CombinedServiceRoutes", true},
		{"  combined: CombinedServiceRoutes", "CombinedServiceRoutes", true},
		{"Enabled: true", "Enabled", true},
		{"  - Enabled: false", "Enabled", true},
		{"The feature is Enabled here", "Enabled", false},
		{`{"Enabled": true}`, "Enabled", true},
	} {
		if got := namesField([]byte(tc.line), tc.name); got != tc.want {
			t.Errorf("namesField(%q, %q) = %v, want %v", tc.line, tc.name, got, tc.want)
		}
	}
}

func TestNamesState(t *testing.T) {
	for _, tc := range []struct {
		name, flag string
		on, want   bool
	}{
		{"combined routes disabled", "CombinedRoutes", false, true},
		{"combined routes disabled", "CombinedRoutes", true, false},
		{"expression routes feature gate enabled and combined routes disabled", "CombinedRoutes", false, true},
		{"combined routes feature gate is disabled", "CombinedRoutes", false, true},
		{"CombinedRoutes=false", "CombinedRoutes", false, true},
		{"combined routes on", "CombinedRoutes", true, true},
		{"combined routes on ingress", "CombinedRoutes", true, false},
		{"routes disabled for combined services", "CombinedRoutes", false, false},
		{"expression routes enabled", "CombinedRoutes", true, false},
		{"fill ids off", "FillIDs", false, true},
		{"Setting disable-home-env-overwrite to false should result in an overwrite", "DisableHomeEnvOverwrite", false, true},
		{"Setting disable-home-env-overwrite to true should result in no overwrite", "DisableHomeEnvOverwrite", false, false},
		{"fast path with retries disabled", "FastPath", false, false},
		{"", "FastPath", false, false},
		{"disable fast path to false", "EnableFastPath", false, false},
		{"Setting disable-working-directory-overwrite to false", "DisableWorkingDirOverwrite", false, true},
		{"combined router disabled", "CombinedRoutes", false, false},
		{"Setting running-in-environment-with-injected-sidecars to false", "RunningInEnvWithInjectedSidecars", false, true},
		{"running in environment with injected sidecars true", "RunningInEnvWithInjectedSidecars", false, false},
		{"task-with-creds-init-disabled", "DisableCredsInit", true, true},
		{"task-with-creds-init-disabled", "DisableCredsInit", false, false},
		{"creds init false", "DisableCredsInit", false, false},
		{"disable creds init false", "DisableCredsInit", false, true},
		{"enable fast path false", "EnableFastPath", false, true},
		{"fast path disabled", "EnableFastPath", false, true},
	} {
		if got := namesState(wordsOf(tc.name, true), tc.flag, tc.on); got != tc.want {
			t.Errorf("namesState(%q, %q, on=%v) = %v, want %v", tc.name, tc.flag, tc.on, got, tc.want)
		}
	}
}
