// Package app reads the config.
package app

import (
	"example.com/svc/config"
	"example.com/svc/features"
	"example.com/svc/settings"
)

func Run(c *config.Config, gates map[string]bool) int {
	n := 0
	if c.Batch("ns") { // want `check batch via property holder=Batch`
		n++
	}
	if c.Queue() && c.Clones { // want `check batch via property holder=Queue` `check clones via field holder=Clones`
		n++
	}
	if v, ok := gates[features.Clones]; ok && v { // want `check clones via map`
		n++
	}
	if c.Other {
		n++
	}
	return n
}

func audit(c *config.Config, g features.Gates) int {
	if c.AuditOn(g) { // want `check audit via \(\*example.com/svc/config.Config\).AuditOn getter`
		return 1
	}
	if config.Strict(c, g) { // want `check audit via example.com/svc/config.Strict negated getter`
		return 2
	}
	return 0
}

func fixed(c *config.Config) {
	c.Batch = settings.FixedProp(false) // want `override batch via field form=map value=false holder=Batch`
	c.Clones = true                     // want `override clones via field form=map value=true holder=Clones`
	// A property copied to another config's field is the flag's there
	// too (its binding); one handed to a function is a use.
	_ = config.Config{Batch: c.Batch} // want `override batch via field form=map value=nil holder=Batch` `override clones via field form=map value=nil holder=Clones unset`
	hand(c.Batch)                     // want `use batch via field holder=Batch`
	c.Batch = nil                     // want `use batch via field holder=Batch`
}

func hand(settings.Prop) {}

// A parameter every call outside tests gives the flag's property holds
// it: its call is a check, the argument its binding.
func throttle(ns string, batch settings.Prop) bool { // want `declare batch via holder holder=batch`
	return batch(ns) // want `check batch via property holder=batch`
}

func wire(c *config.Config) bool {
	return throttle("ns", c.Batch) // want `override batch via field form=map value=nil holder=batch`
}

// One whose function is also used as a value does not: the property
// handed to it is a use.
func drain(ns string, batch settings.Prop) bool { return batch(ns) }

var drainers = []func(string, settings.Prop) bool{drain}

func wireDrain(c *config.Config) bool {
	return drain("ns", c.Batch) // want `use batch via field holder=Batch`
}

// A subscription's call is a check of its first result; a literal
// returning a constant and a no-op cancel fixes it.
func watch(c *config.Config, on func(bool)) (bool, func()) {
	v, cancel := c.Watch(on) // want `check trace via property holder=Watch`
	return v, cancel
}

func fixedWatch(c *config.Config) {
	c.Watch = func(func(bool)) (bool, func()) { return true, func() {} } // want `override trace via field form=map value=true holder=Watch`
}
