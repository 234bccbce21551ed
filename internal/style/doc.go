// Package style holds the repository's own style checks, run by `make
// test`: the ones gofmt, go vet and staticcheck do not make.
package style
