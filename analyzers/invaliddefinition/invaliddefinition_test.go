package invaliddefinition_test

import (
	"testing"

	"github.com/flagsweep/flagsweep/analyzers/invaliddefinition"
	"github.com/flagsweep/flagsweep/analyzers/internal/atest"
	"golang.org/x/tools/go/analysis/analysistest"
)

func Test(t *testing.T) {
	analysistest.Run(t, atest.Setup(t, ""), invaliddefinition.Analyzer, "a")
}
