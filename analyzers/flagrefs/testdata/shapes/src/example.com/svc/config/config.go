// Package config binds the settings and gates into the service's config.
package config

import (
	"example.com/svc/features"
	"example.com/svc/settings"
)

type Config struct {
	Batch  settings.Prop // want `declare batch via holder holder=Batch`
	Queue  func() bool   // want `declare batch via holder holder=Queue`
	Clones bool          // want `declare clones via holder holder=Clones`
	Other  bool
	Watch  settings.Sub // want `declare trace via holder holder=Watch`
}

func New(src map[string]bool, g features.Gates, ns string) *Config {
	clones := g.Enabled(features.Clones) // want `check clones via \(example.com/svc/features.Gates\).Enabled`
	c := &Config{
		Batch:  settings.Batch.Get(src),       // want `override batch via field form=map value=nil holder=Batch`
		Clones: clones,                        // want `override clones via field form=map value=nil holder=Clones`
		Other:  g.Enabled(features.Audit),     // want `check audit via \(example.com/svc/features.Gates\).Enabled`
		Watch:  settings.Trace.Subscribe(src), // want `override trace via field form=map value=nil holder=Watch`
	}
	c.Queue = func() bool { return c.Batch(ns) } // want `override batch via field form=map value=nil holder=Queue` `check batch via property holder=Batch`
	c.Other = ns == ""
	return c
}

// AuditOn is a getter: its whole body returns a check of one flag, so
// its calls, here and in other packages, are checks of that flag.
func (c *Config) AuditOn(g features.Gates) bool {
	return g.Enabled(features.Audit) // want `check audit via \(example.com/svc/features.Gates\).Enabled gets=AuditOn`
}

// Strict is a getter of a getter, negated.
func Strict(c *Config, g features.Gates) bool {
	return !c.AuditOn(g) // want `check audit via \(\*example.com/svc/config.Config\).AuditOn getter gets=Strict`
}

// auditing does more than return the check: no getter.
func auditing(g features.Gates, ns string) bool {
	return g.Enabled(features.Audit) && ns != "" // want `check audit via \(example.com/svc/features.Gates\).Enabled`
}
