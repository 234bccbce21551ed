// Package mesh reads the variables.
package mesh

import "example.com/svc/knobs"

func hops(p *bool) int {
	if knobs.Spans { // want `check SVC_SPANS via field holder=Spans`
		return 1
	}
	if knobs.Dial {
		return 2
	}
	_ = hops(&knobs.Spans) // want `use SVC_SPANS via field holder=Spans`
	knobs.Spans = *p       // want `use SVC_SPANS via field holder=Spans`
	return 3
}
