package sdk

type Client struct{}

func (c *Client) BoolVariation(key string, ctx any, def bool) (bool, error) { return def, nil }

func Context() any { return nil }
