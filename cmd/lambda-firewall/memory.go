package main

import "runtime/debug"

// defaultMemoryLimit is the Go runtime's soft memory limit for the
// extension, which shares the function's memory (128 MB functions are
// common): the collector works harder as the heap nears it instead of
// letting a 6 MB event double the heap. It is a target, not a cap: a larger
// live heap is still allowed. GOMEMLIMIT, when set, wins.
const defaultMemoryLimit = 40 << 20

func setMemoryLimit(getenv func(string) string) {
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(defaultMemoryLimit)
	}
}

// pauseGC turns the collector off until resume is called. Loading the
// policy allocates ~19 MB, most of it garbage by the end, and collecting it
// as it went cost a third of the load's CPU, and so of the cold start. The
// soft memory limit still holds: past it the collector runs regardless.
func pauseGC() (resume func()) {
	old := debug.SetGCPercent(-1)
	return func() { debug.SetGCPercent(old) }
}
