// Package testutil helps tests.
package testutil

// Cleaner is a test.
type Cleaner interface{ Cleanup(func()) }

// SetForTest sets *p to v for the test.
func SetForTest[T any](t Cleaner, p *T, v T) {
	old := *p
	*p = v
	t.Cleanup(func() { *p = old })
}
