package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite the scripts' expected output files")

// TestMain lets the test binary act as the flagsweep command inside
// scripts, so that they exercise exactly the code under test.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"flagsweep": main,
	})
}

// TestScripts runs the end-to-end scripts in testdata/script: real files,
// real git, and the real go toolchain, in temporary directories.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("..", "..", "testdata", "script"),
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(e *testscript.Env) error {
			// A fixed date, so verdicts that depend on
			// intended_to_rollout_by do not change with the calendar.
			e.Setenv("FLAGSWEEP_TODAY", "2026-11-21")
			// The go command needs its caches; point them at the real
			// ones so scripts do not rebuild the standard library.
			for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
				e.Setenv(v, goEnv(t, v))
			}
			e.Setenv("GOTOOLCHAIN", "local")
			e.Setenv("GOPROXY", "off")
			e.Setenv("GOFLAGS", "-mod=mod")
			e.Setenv("GIT_AUTHOR_NAME", "Flag Sweeper")
			e.Setenv("GIT_AUTHOR_EMAIL", "sweeper@example.com")
			e.Setenv("GIT_COMMITTER_NAME", "Flag Sweeper")
			e.Setenv("GIT_COMMITTER_EMAIL", "sweeper@example.com")
			e.Setenv("GIT_CONFIG_GLOBAL", "/dev/null")
			e.Setenv("GIT_CONFIG_NOSYSTEM", "1")
			// The flagsweep command's path, for go vet -vettool=$FLAGSWEEP.
			bin, err := lookPath("flagsweep", e.Getenv("PATH"))
			if err != nil {
				return err
			}
			e.Setenv("FLAGSWEEP", bin)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits": cmdExits,
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Getuid() == 0, nil
			}
			return false, nil
		},
	})
}

// cmdExits runs a program and checks its exact exit status, which scripts
// rely on (0 ok, 1 findings, 2 could not run): exits 2 flagsweep lint.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits STATUS program [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

func lookPath(name, path string) (string, error) {
	for _, dir := range filepath.SplitList(path) {
		p := filepath.Join(dir, name)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found in PATH", name)
}

var goEnvCache = map[string]string{}

func goEnv(t *testing.T, name string) string {
	if v, ok := goEnvCache[name]; ok {
		return v
	}
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	v := strings.TrimSpace(string(out))
	goEnvCache[name] = v
	return v
}
