package undefined_test

import (
	"testing"

	"github.com/flagsweep/flagsweep/analyzers/internal/atest"
	"github.com/flagsweep/flagsweep/analyzers/undefined"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	analysistest.Run(t, atest.Setup(t, ""), undefined.Analyzer, "a", "feature")
}
