// Package flagrefs defines an Analyzer that finds every reference to a
// feature flag in a package, through types rather than text.
//
// # Analyzer flagrefs
//
// flagrefs: find feature flag references
//
// A reference is a call that evaluates a flag — an accessor configured in
// .flagsweep.yaml (`feature.Enabled(ctx, "name")`, an SDK method such as
// OpenFeature's `client.BooleanValue(ctx, "name", false, evalCtx)`), a
// method of a flag handle (`ff.IsEnabled(ctx)`), or a call of a wrapper —
// and also a handle's declaration, a test override and a feature-set
// argument. Calls are matched by the go/types full name of the function or
// method they call, so aliases, dot-imports, method values through
// interfaces and shadowed names are all handled by the type checker.
//
// Keys resolve through constant values: literals, named and typed string
// constants, constants of other packages, concatenations and conversions.
// A key that is not constant is reported as dynamic, never guessed.
//
// A function whose flag-key parameter flows unchanged into an accessor is
// itself an accessor — a wrapper — and is exported as a fact so that
// callers in other packages are recognised too; a package-level variable
// initialised by a handle constructor is likewise exported as a handle.
//
// Files excluded by build constraints (x_windows.go on Linux) are scanned
// syntactically, so a reference there still counts.
//
// The analyzer reports nothing itself: its Result feeds the diagnostic
// analyzers (undefined, dynamickey, stale, rolledout, defaultmismatch,
// invaliddefinition) and flagsweep's inventory and codemod.
//
// Configuration comes through the analyzer's flags: -config names
// .flagsweep.yaml (default: found by walking up from the package), -state a
// Features API export overriding the configured state.
package flagrefs
