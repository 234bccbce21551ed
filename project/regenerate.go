package project

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// Regenerate runs the configured regenerate command (a shell command) in
// dir, the project root of the tree a removal was written to, and returns
// its combined output. Without one it does nothing. The error names the
// command and where it is configured, for a line of its own.
func (p *Project) Regenerate(ctx context.Context, dir string, env []string) (string, error) {
	c := p.Config.Regenerate
	if c.V == "" {
		return "", nil
	}
	cmd := exec.CommandContext(ctx, "sh", "-c", c.V)
	cmd.Dir = dir
	if env == nil {
		env = p.Env // the configured build tags
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s: the regenerate command failed (%v): %s", c.Pos, err, firstLine(c.V))
	}
	return string(out), nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}
