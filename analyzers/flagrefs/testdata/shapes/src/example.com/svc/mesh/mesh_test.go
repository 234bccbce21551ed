package mesh

import (
	"testing"

	"example.com/svc/knobs"
	"example.com/svc/testutil"
)

func TestHops(t *testing.T) {
	on := true
	testutil.SetForTest(t, &knobs.Spans, false) // want `override SVC_SPANS via example.com/svc/testutil.SetForTest value=false holder=Spans`
	testutil.SetForTest(t, &knobs.Dial, true)   // not a flag's variable: no reference
	testutil.SetForTest(t, &on, false)
	knobs.Spans = on // want `override SVC_SPANS via field form=map value=on holder=Spans`
	_ = hops(&on)
}
