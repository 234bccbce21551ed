package main

import (
	"fmt"

	"github.com/flagsweep/flagsweep/diag"
)

func runLint(e *env, args []string) int {
	fs := newFlagSet(e, "lint", "[packages]", "report flag definition problems and stale flags")
	var c common
	c.register(fs)
	_, code, done := parse(fs, args)
	if done {
		return code
	}
	p, err := c.open(e)
	if err != nil {
		return fail(e, err)
	}
	findings := p.Findings()
	printText(e, findings)
	if len(findings) > 0 {
		return exitFindings
	}
	return exitOK
}

func printText(e *env, ds []diag.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintln(e.stdout, d.String())
	}
}
