package stale_test

import (
	"testing"

	"github.com/flagsweep/flagsweep/analyzers/internal/atest"
	"github.com/flagsweep/flagsweep/analyzers/stale"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	analysistest.Run(t, atest.Setup(t, ""), stale.Analyzer, "a")
}
