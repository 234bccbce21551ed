package rolledout_test

import (
	"testing"

	"github.com/flagsweep/flagsweep/analyzers/internal/atest"
	"github.com/flagsweep/flagsweep/analyzers/rolledout"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, atest.Setup(t, ""), rolledout.Analyzer, "a")
}
