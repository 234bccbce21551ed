package dynamickey_test

import (
	"testing"

	"github.com/flagsweep/flagsweep/analyzers/dynamickey"
	"github.com/flagsweep/flagsweep/analyzers/internal/atest"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	analysistest.Run(t, atest.Setup(t, ""), dynamickey.Analyzer, "a", "feature")
}
