// Package configcat is a stub with the signatures of the ConfigCat Go SDK
// v9.0.3.
package configcat

type User interface{}
type Snapshot struct{}

type Client struct{}

func (c *Client) GetBoolValue(key string, defaultValue bool, user User) bool { return defaultValue }

type BoolFlag struct{ key string }

func Bool(key string, defaultValue bool) BoolFlag { return BoolFlag{key} }

func (f BoolFlag) Get(snap *Snapshot) bool { return false }
