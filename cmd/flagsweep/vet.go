package main

import (
	"crypto/sha256"
	"flag"
	"fmt"
	"hash"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/flagsweep/flagsweep/analyzers"
	"github.com/flagsweep/flagsweep/analyzers/flagrefs"
	"github.com/flagsweep/flagsweep/config"
	"github.com/flagsweep/flagsweep/definitions"
	"github.com/flagsweep/flagsweep/project"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// isVetInvocation reports whether the go command runs flagsweep as a vet
// tool (go vet -vettool=$(which flagsweep)): to ask its version (-V=full),
// its flags (-flags), or to analyse one package described by a vet.cfg
// file.
func isVetInvocation(args []string) bool {
	if len(args) == 0 {
		return false
	}
	last := args[len(args)-1]
	return last == "-V=full" || last == "-flags" || strings.HasSuffix(last, ".cfg") && strings.HasPrefix(args[0], "-") || len(args) == 1 && strings.HasSuffix(last, ".cfg")
}

// vetMain runs the analyzers under the go command's unit protocol.
func vetMain() {
	// -config and -state apply to every analyzer: they are flagrefs'
	// flags, which the others build on, surfaced without a prefix.
	flag.Var(flagrefs.Analyzer.Flags.Lookup("config").Value, "config",
		"configuration file (default: .flagsweep.yaml found from each package upward; relative to the module root)")
	flag.Var(flagrefs.Analyzer.Flags.Lookup("state").Value, "state",
		"Features API export file to use instead of the configured state")
	flag.Var(versionFlag{}, "V", "print version and exit")
	unitchecker.Main(analyzers.All...)
}

// versionFlag answers -V=full with a build ID that covers, besides the
// executable, everything flagsweep's findings depend on outside the Go
// source: the configuration, every definition, the current milestone, the
// state file and the date. The go command keys its vet cache on it, so
// editing a definition makes the next go vet report the change instead of
// a cached result.
type versionFlag struct{}

func (versionFlag) IsBoolFlag() bool { return true }
func (versionFlag) Get() any         { return nil }
func (versionFlag) String() string   { return "" }
func (versionFlag) Set(s string) error {
	if s != "full" {
		return fmt.Errorf("unsupported flag value: -V=%s (use -V=full)", s)
	}
	wd, err := os.Getwd()
	if err != nil {
		log.Fatal(err)
	}
	sum, err := vetDigest(wd)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("flagsweep version devel %s buildID=%x\n", version(), sum)
	os.Exit(0)
	return nil
}

// vetDigest hashes the executable and the project inputs found from dir.
func vetDigest(dir string) ([]byte, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	if err := hashFile(h, "executable", exe); err != nil {
		return nil, err
	}
	today, err := project.Today(os.Getenv)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(h, "today %s\n", today.Format(time.DateOnly))

	file, root := config.Locate(dir)
	cfg := config.Default(root)
	if file != "" {
		hashFile(h, "config", file)
		if c, err := config.Load(file); err == nil {
			cfg = c
		}
	}
	for _, g := range cfg.Definitions {
		matches, _ := definitions.Expand(cfg.Root, g.V)
		for _, m := range matches {
			hashFile(h, "definition "+m, filepath.Join(cfg.Root, filepath.FromSlash(m)))
		}
	}
	version := "VERSION"
	if cfg.VersionFile.V != "" {
		version = cfg.VersionFile.V
	}
	hashFile(h, "version", filepath.Join(cfg.Root, filepath.FromSlash(version)))
	if s := cfg.State.V; s != "" && !strings.Contains(s, "://") {
		hashFile(h, "state", filepath.Join(cfg.Root, filepath.FromSlash(s)))
	}
	return h.Sum(nil), nil
}

// hashFile adds a named file's content to h; a missing file counts as
// such, so that creating it changes the digest.
func hashFile(h hash.Hash, name, path string) error {
	fmt.Fprintf(h, "%s\n", name)
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(h, "missing\n")
		return err
	}
	defer f.Close()
	_, err = io.Copy(h, f)
	fmt.Fprintf(h, "\n")
	return err
}
