package main

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestSetMemoryLimit(t *testing.T) {
	prev := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(prev) })

	debug.SetMemoryLimit(math.MaxInt64)
	setMemoryLimit(env(map[string]string{"GOMEMLIMIT": "100MiB"}))
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("GOMEMLIMIT set: limit changed to %d", got)
	}
	setMemoryLimit(env(nil))
	if got := debug.SetMemoryLimit(-1); got != defaultMemoryLimit {
		t.Fatalf("limit %d, want %d", got, defaultMemoryLimit)
	}
}

func TestPauseGC(t *testing.T) {
	prev := debug.SetGCPercent(77)
	t.Cleanup(func() { debug.SetGCPercent(prev) })

	resume := pauseGC()
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Errorf("while paused: GC percent %d, want -1 (off)", got)
	}
	resume()
	if got := debug.SetGCPercent(77); got != 77 {
		t.Errorf("after resume: GC percent %d, want the previous 77", got)
	}
}
