package a

import "testing"

// A test's property built from a value it does not spell (a table
// field) is an override of that value, which the removal follows.
func TestProps(t *testing.T) {
	for _, tc := range []struct{ on bool }{{on: true}} {
		c := &config{
			NewUI: func() bool { return tc.on }, // want `override new_ui via field .*value=tc.on holder=NewUI`
		}
		_ = c
	}
}

// A test's own params field handed on as it is to a holder, and set only
// by fixed functions, holds the flag too: each fixed function is a write
// of its value, the hand-over a binding.
type params struct {
	newUI func() bool // want `declare new_ui via holder holder=newUI`
	other func() bool
}

func newTestConfig(opts ...func(*params)) *config {
	p := params{
		newUI: func() bool { return false }, // want `override new_ui via field .*value=false holder=newUI`
		other: func() bool { return false },
	}
	for _, opt := range opts {
		opt(&p)
	}
	c := &config{
		NewUI: p.newUI, // want `override new_ui via field .*value=nil holder=NewUI`
	}
	_ = c
	return c
}

func TestParams(t *testing.T) {
	newTestConfig(func(p *params) {
		p.newUI = func() bool { return true } // want `override new_ui via field .*value=true holder=newUI`
	})
	// A field read otherwise (called here) is an ordinary one: its
	// hand-over is a use left for a human.
	p := params{other: func() bool { return true }}
	c := &config{
		NewUI: p.other, // want `use new_ui via field holder=NewUI`
	}
	_ = p.other()
	_ = c
}

// A bool field of a test's table handed as it is to a parameter holding
// the flag's value, and set only by constants, holds it too: each
// constant is a write of its value, the hand-over a binding.
func TestRender(t *testing.T) {
	for _, tc := range []struct {
		fast bool // want `declare new_ui via holder holder=fast`
		want string
	}{
		{fast: true, want: "fast"},  // want `override new_ui via field .*value=true holder=fast`
		{fast: false, want: "slow"}, // want `override new_ui via field .*value=false holder=fast`
	} {
		tc := tc
		if got := Render(tc.fast); got != tc.want { // want `override new_ui via field .*value=nil holder=fast`
			t.Fatal(got)
		}
	}
}

// A test storing what it likes in a bool holder (a case's field, a
// loop's variable) overrides it with that value: it does not make the
// field an ordinary one, as such a store outside the tests would.
func TestDerivedStore(t *testing.T) {
	for _, on := range []bool{false, true} {
		d := derived{} // want `override new_ui via field .*holder=on unset`
		d.on = on      // want `override new_ui via field .*value=on holder=on`
		_ = readDerived(d)
	}
}
