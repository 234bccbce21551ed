// Package settings declares dynamic settings.
package settings

type Bool struct{ key string }

type Prop func(ns string) bool

func NewGlobalBool(key string, def bool) Bool    { return Bool{key} }
func NewNamespaceBool(key string, def bool) Bool { return Bool{key} }

func (b Bool) Get(src map[string]bool) Prop { return func(string) bool { return src[b.key] } }

func FixedProp(v bool) Prop { return func(string) bool { return v } }

var (
	Batch = NewNamespaceBool("batch", true)
	Trace = NewGlobalBool("trace", false)
)
