package main

import (
	"fmt"
	"runtime/debug"
)

func runVersion(e *env, args []string) int {
	fs := newFlagSet(e, "version", "", "print flagsweep's version")
	if _, code, done := parse(fs, args); done {
		return code
	}
	fmt.Fprintf(e.stdout, "flagsweep %s\n", version())
	return exitOK
}

// version returns the module version flagsweep was built at, or "devel"
// for a build from a work tree.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" || info.Main.Version == "(devel)" {
		return "devel"
	}
	return info.Main.Version
}
