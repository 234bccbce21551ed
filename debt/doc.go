// Package debt computes a project's feature-flag debt and renders it for
// the people who decide when flags get removed, rather than for the tool
// removing them: how many flags there are and in which verdict, which
// owning groups hold the old ones, which flags are ready for removal (with
// their final values and rollout issues), and how the number of flags, and
// of flags past their type's maximum age, moved month by month.
//
// Build turns an opened project.Project into a Report (pure arithmetic on
// the verdicts package project already computed, so the numbers are the
// ones `flagsweep list` shows). ComputeHistory adds the months: for each,
// the last commit on or before the month's end (git rev-list -1 --before),
// whose definitions are read by writing just the files they need — the
// configuration, the definition files and the version file, or the
// module's whole tree when flags are declared in Go — from git's object
// store into a temporary directory, and opening a project there with that
// month's date. Nothing is checked out: the repository's index, HEAD and
// working tree are never touched, and months whose inputs are identical
// are read once. WriteHTML renders the report as one self-contained page
// with hand-drawn inline SVG charts, so it can be mailed, attached to an
// issue or archived by CI and still open years later with no network.
//
// It is separate from package report, which writes lint findings in the
// formats CI systems read.
package debt
