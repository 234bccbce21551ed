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
