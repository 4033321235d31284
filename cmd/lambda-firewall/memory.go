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
