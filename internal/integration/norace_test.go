//go:build !race

package integration

// raceEnabled reports whether the race detector is on: the slowest corpus
// runs are trimmed then.
const raceEnabled = false
