package sdk

type Client struct{}

func (c *Client) BoolVariation(key string, ctx any, def bool) (bool, error) { return def, nil }

// Typed is generic: its methods' go/types full names carry the type
// parameter, (*sdk.Typed[T]).Enabled, which the configuration leaves out.
type Typed[T any] struct{}

func (c *Typed[T]) Enabled(key string) bool { return false }
