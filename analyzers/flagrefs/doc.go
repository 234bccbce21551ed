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
// # The model
//
// A flag has declarations, reads, writes and derived values; a Ref's Kind
// says which (Declare; Check; Override and FeatureSet; a Ref whose Holder
// is set touches a derived value), and Use is a handle escaping as a value
// no form describes. The configuration (config.Config and its presets)
// says which functions, methods, types and fields play each role; the
// matcher indexes it once per package. The analyzer then reads the
// package's syntax through the shared inspector, in four phases, each
// needing what the one before found:
//
//  1. declarations that references depend on: variables initialised by a
//     handle constructor and their local aliases (HandleFact), wrappers,
//     choosers and override wrappers (WrapperFact), found to a fixpoint
//     over the function declarations; package variables given a handle's
//     check where they are declared (X = env.Register(…).Get(), a
//     HolderFact: pkgvars.go), whose overrides phase 2 must know;
//  2. references, in one preorder over calls, literals, assignments,
//     selectors and index expressions: every read (accessor, wrapper or
//     handle method call, map or field read) and write (override call,
//     name/value pairs, struct or map literal entry, assignment);
//  3. derived values: getters — functions and methods whose whole body
//     returns a read of one flag (GetterFact), their calls checks, to a
//     fixpoint (getters.go) —, then struct fields given only a flag's
//     value or a property function of it, directly, through a local or
//     a closure (HolderFact), found to a fixpoint from the reads of
//     phase 2, then the reads and writes of those fields and of the
//     package variables of phase 1;
//  4. escapes: uses of a handle that no reference accounts for.
//
// The analyzer reports nothing itself: its Result feeds the diagnostic
// analyzers (undefined, dynamickey, stale, rolledout, defaultmismatch,
// invaliddefinition) and flagsweep's inventory and codemod.
//
// Configuration comes through the analyzer's flags: -config names
// .flagsweep.yaml (default: found by walking up from the package), -state a
// Features API export overriding the configured state.
package flagrefs
