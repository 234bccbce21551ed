package sdk

// Collection hands out properties: functions reading a flag on each call.
type Collection struct{}

func (c *Collection) GetBoolProperty(key string, def bool) func() bool                   { return nil }
func (c *Collection) GetBoolPropertyForNamespace(key string, def bool) func(string) bool { return nil }

// FixedBool is a property fixed at its argument.
func FixedBool(v bool) func() bool { return func() bool { return v } }
