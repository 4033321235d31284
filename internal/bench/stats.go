package bench

import (
	"slices"
	"time"
)

// Dist summarises a set of durations.
type Dist struct {
	N             int
	P50, P90, P99 time.Duration
}

// Summarize returns the percentiles of d (nearest rank); d is sorted in
// place.
func Summarize(d []time.Duration) Dist {
	slices.Sort(d)
	return Dist{N: len(d), P50: percentile(d, 50), P90: percentile(d, 90), P99: percentile(d, 99)}
}

// percentile is the nearest-rank percentile of sorted d.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	if rank < 1 {
		rank = 1
	}
	return sorted[rank-1]
}
