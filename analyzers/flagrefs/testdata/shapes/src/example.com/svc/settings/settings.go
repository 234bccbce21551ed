// Package settings declares dynamic settings.
package settings

type Bool struct{ key string }

type Prop func(ns string) bool

func NewGlobalBool(key string, def bool) Bool    { return Bool{key} }
func NewNamespaceBool(key string, def bool) Bool { return Bool{key} }

func (b Bool) Get(src map[string]bool) Prop { return func(string) bool { return src[b.key] } }

// Sub is a subscription: the value now, the callback on each change
// until cancelled.
type Sub func(callback func(bool)) (bool, func())

func (b Bool) Subscribe(src map[string]bool) Sub {
	return func(func(bool)) (bool, func()) { return src[b.key], func() {} }
}

func FixedProp(v bool) Prop { return func(string) bool { return v } }

var (
	Batch = NewNamespaceBool("batch", true)
	Trace = NewGlobalBool("trace", false)
)
