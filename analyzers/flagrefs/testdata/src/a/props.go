package a

import "sdk"

// A property accessor's result (accessors: property: true) is no check:
// the field holding it is, when called, and tests fix it.
type config struct {
	NewUI  func() bool       // want `declare new_ui via holder holder=NewUI`
	OldAPI func(string) bool // want `declare old_api via holder holder=OldAPI`
}

func newConfig(dc *sdk.Collection) *config {
	return &config{
		NewUI:  dc.GetBoolProperty("new_ui", false),             // want `override new_ui via field .*value=nil holder=NewUI` `use new_ui via property default=false`
		OldAPI: dc.GetBoolPropertyForNamespace("old_api", true), // want `override old_api via field .*value=nil holder=OldAPI` `use old_api via property default=true`
	}
}

func useProps(c *config, dc *sdk.Collection) {
	_ = c.NewUI()                                 // want `check new_ui via property holder=NewUI`
	_ = c.OldAPI("ns")                            // want `check old_api via property holder=OldAPI`
	_ = dc.GetBoolProperty("beta_ui", true)()     // want `check beta_ui via property default=true`
	handOn(dc.GetBoolProperty("beta_ui", true))   // want `use beta_ui via property default=true`
	c.NewUI = sdk.FixedBool(true)                 // want `override new_ui via field .*value=true holder=NewUI`
	c.OldAPI = func(string) bool { return false } // want `override old_api via field .*value=false holder=OldAPI`
	// Outside tests, a property built from another value is no override.
	on := dc != nil
	c.NewUI = func() bool { return on } // want `use new_ui via field holder=NewUI`
}

func handOn(func() bool) {}

// A local given a holder's property as it is holds it: its calls are
// checks, its declaration a binding; handed on, it is a use.
func localProps(c *config) {
	on := c.NewUI  // want `override new_ui via field .*value=nil holder=NewUI`
	_ = on()       // want `check new_ui via property holder=NewUI`
	off := c.NewUI // want `override new_ui via field .*value=nil holder=NewUI`
	handOn(off)    // want `use new_ui via field holder=NewUI`
	// Written again, it is an ordinary variable: the read is a use.
	later := c.NewUI // want `use new_ui via field holder=NewUI`
	later = nil
	_ = later
}

// A bool field given a property called where it is given holds the
// flag's value.
type derived struct {
	on bool // want `declare new_ui via holder holder=on`
}

func derive(c *config) derived {
	return derived{on: c.NewUI()} // want `override new_ui via field .*value=nil holder=on` `check new_ui via property holder=NewUI`
}

func readDerived(d derived) bool {
	return d.on // want `check new_ui via field holder=on`
}

// An exported function's bool parameter that every call outside the
// tests gives the flag's value holds it.
func Render(fast bool) string { // want `declare new_ui via holder holder=fast`
	if fast { // want `check new_ui via field holder=fast`
		return "fast"
	}
	return "slow"
}

func render(c *config) string {
	return Render(c.NewUI()) // want `override new_ui via field .*value=nil holder=fast` `check new_ui via property holder=NewUI`
}
