// Package knobs reads the flags once, at start-up, into variables.
package knobs

import "example.com/svc/env"

var (
	// Spans holds the flag's value: its reads are checks.
	Spans = env.Register("SVC_SPANS", true, "Traces.").Get() // want `declare SVC_SPANS via example.com/svc/env.Register`

	// A setting, not a flag: no reference.
	Zone = env.Register("SVC_ZONE", "a", "The zone.").Get()
	zone = env.Register("SVC_LOCAL_ZONE", "a", "The zone.")

	// Sent hands the flag's value on: a use.
	Sent = wrap(env.Register("SVC_SENT", false, "Sends.").Get()) // want `declare SVC_SENT via example.com/svc/env.Register` `use SVC_SENT via example.com/svc/env.Register`

	// Dial is set from another value too: an ordinary variable, and
	// the flag's value handed to it a use.
	Dial = env.Register("SVC_DIAL", false, "Dials.").Get() // want `declare SVC_DIAL via example.com/svc/env.Register` `use SVC_DIAL via example.com/svc/env.Register`
)

func init() {
	Dial = Zone != ""
	Spans = false // want `override SVC_SPANS via field form=map value=false holder=Spans`
}

type box struct{ on bool }

func wrap(on bool) *box { return &box{on} }

func traced() bool {
	return Spans && zone.Get() != "" // want `check SVC_SPANS via field holder=Spans`
}
