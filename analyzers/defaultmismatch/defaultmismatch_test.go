package defaultmismatch_test

import (
	"testing"

	"github.com/flagsweep/flagsweep/analyzers/defaultmismatch"
	"github.com/flagsweep/flagsweep/analyzers/internal/atest"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, atest.Setup(t, ""), defaultmismatch.Analyzer, "a")
}
