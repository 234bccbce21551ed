package main

import "testing"

func TestCompare(t *testing.T) {
	theirs := parseDiff(`diff --git a/x.go b/x.go
--- a/x.go
+++ b/x.go
@@ -1,3 +1,1 @@
-	if flag() {
-		f()
-	}
+	f()
-
diff --git a/y.go b/y.go
--- a/y.go
+++ /dev/null
@@ -1 +0,0 @@
-	}
`)
	ours := parseDiff(`diff --git a/x.go b/x.go
--- a/x.go
+++ b/x.go
@@ -1,3 +1,1 @@
-if flag() {
-	f()
-	}
+	f()
-	g()
`)
	// Five lines each (the blank one left out), four in common:
	// indentation does not count, the file does.
	r, p, a, b := compare(ours, theirs)
	if a != 5 || b != 5 {
		t.Fatalf("sizes %d, %d; want 5, 5", a, b)
	}
	if r != 0.8 || p != 0.8 {
		t.Errorf("recall %.2f, precision %.2f; want 0.80, 0.80", r, p)
	}
}

func TestCompareEmpty(t *testing.T) {
	if r, p, _, _ := compare(change{}, change{}); r != 1 || p != 1 {
		t.Errorf("empty: %v %v", r, p)
	}
}
