package rewrite

import (
	"go/ast"
	"go/types"
	"strings"

	"github.com/flagsweep/flagsweep/internal/astx"
)

// ginkgoContainers are Ginkgo's container and spec nodes: a setup node
// (BeforeEach) that forces a removed value condemns its container.
var ginkgoContainers = map[string]bool{
	"Describe": true, "Context": true, "When": true, "It": true, "Specify": true,
	"FDescribe": true, "FContext": true, "FWhen": true, "FIt": true,
	"PDescribe": true, "PContext": true, "PWhen": true, "PIt": true,
}

// ginkgoSetups are Ginkgo's setup and teardown nodes: one the removal
// empties goes.
var ginkgoSetups = map[string]bool{
	"BeforeEach": true, "JustBeforeEach": true, "AfterEach": true, "JustAfterEach": true,
	"BeforeAll": true, "AfterAll": true,
}

// isGinkgoNode reports a call of one of Ginkgo's nodes (names) whose last
// argument is its body, a function literal: ginkgo.When("…", func() {…}).
func isGinkgoNode(info *types.Info, call *ast.CallExpr, names map[string]bool) bool {
	if len(call.Args) == 0 {
		return false
	}
	if _, ok := call.Args[len(call.Args)-1].(*ast.FuncLit); !ok {
		return false
	}
	id := astx.Name(call.Fun) // ginkgo.When, or When dot-imported
	if id == nil || !names[id.Name] {
		return false
	}
	if info == nil {
		return true // excluded by build constraints: the name will do
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn != nil && fn.Pkg() != nil && strings.HasPrefix(fn.Pkg().Path(), "github.com/onsi/ginkgo")
}
