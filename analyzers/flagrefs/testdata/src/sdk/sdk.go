package sdk

type Client struct{}

func (c *Client) BoolVariation(key string, ctx any, def bool) (bool, error) { return def, nil }

// IsOn and IsOnFor are one family of accessors, configured with a
// wildcard method name; IsOff is not of it.
func (c *Client) IsOn(key string) bool              { return false }
func (c *Client) IsOnFor(key string, user int) bool { return false }
func (c *Client) IsOff(key string) bool             { return false }

// Typed is generic: its methods' go/types full names carry the type
// parameter, (*sdk.Typed[T]).Enabled, which the configuration leaves out.
type Typed[T any] struct{}

func (c *Typed[T]) Enabled(key string) bool { return false }
