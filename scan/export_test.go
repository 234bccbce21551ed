package scan

import "time"

// NoMemo stops runs from writing the memo of an unchanged tree (every
// tree is then "too recent"), for tests of the per-package cache, which
// the memo would otherwise answer for once their tree is two seconds old;
// the returned function restores it.
func NoMemo() func() {
	w := racyWindow
	racyWindow = 1000 * time.Hour
	return func() { racyWindow = w }
}
