package bench

import (
	"context"
	"fmt"
	"io"
	"time"
)

// RoundTripConfig says what RunRoundTrips measures.
type RoundTripConfig struct {
	Sizes       []int // event sizes in bytes
	Concurrency []int // concurrent invokes; 1 runs the proxy non-concurrent
	Invokes     int   // measured invokes per setup, size and concurrency
	// InvokesLarge replaces Invokes for events of LargeFrom bytes or more
	// (zero: Invokes for all sizes).
	InvokesLarge int
	LargeFrom    int
	Block        int // invokes per round-robin block (at least the concurrency)
	Warmup       int // unmeasured invokes per setup before each size below LargeFrom
}

// InvokesFor is the number of measured invokes at size.
func (c RoundTripConfig) InvokesFor(size int) int {
	if c.InvokesLarge > 0 && c.LargeFrom > 0 && size >= c.LargeFrom {
		return c.InvokesLarge
	}
	return c.Invokes
}

// RoundTrip is the measurement of one setup at one size and concurrency.
type RoundTrip struct {
	Setup       string
	Size        int
	Concurrency int
	Dist
	// Throughput is invokes per second over the measured blocks.
	Throughput float64
}

// RunRoundTrips measures every setup at every size and concurrency,
// interleaving the setups in round-robin blocks (the first setup of a round
// rotates) so that drift hits all alike. Any failed invoke fails the run.
// Progress lines go to progress.
func RunRoundTrips(ctx context.Context, setups []Setup, cfg RoundTripConfig, progress io.Writer) ([]RoundTrip, error) {
	var out []RoundTrip
	for _, conc := range cfg.Concurrency {
		stacks := make([]*stack, 0, len(setups))
		for _, s := range setups {
			st, err := startStack(s, conc > 1)
			if err != nil {
				closeAll(stacks)
				return nil, err
			}
			stacks = append(stacks, st)
		}
		for _, size := range cfg.Sizes {
			res, err := runCell(ctx, stacks, size, conc, cfg)
			if err != nil {
				closeAll(stacks)
				return nil, fmt.Errorf("%s at concurrency %d: %w", SizeName(size), conc, err)
			}
			for _, r := range res {
				fmt.Fprintf(progress, "%-12s %6s c=%d n=%-4d p50=%-10v p99=%-10v %.0f/s\n",
					r.Setup, SizeName(r.Size), r.Concurrency, r.N, r.P50, r.P99, r.Throughput)
			}
			out = append(out, res...)
		}
		if err := closeAll(stacks); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// runCell measures every stack at one size and concurrency.
func runCell(ctx context.Context, stacks []*stack, size, conc int, cfg RoundTripConfig) ([]RoundTrip, error) {
	benign, err := APIGWEvent(size, false)
	if err != nil {
		return nil, err
	}
	sensitive, err := APIGWEvent(size, true)
	if err != nil {
		return nil, err
	}
	blockN := max(cfg.Block, conc)
	rtts := make([][]time.Duration, len(stacks))
	walls := make([]time.Duration, len(stacks))
	run := func(i, n int, measured bool) error {
		st := stacks[i]
		b := &Block{N: n, Event: benign, Response: benchResponse}
		check := exactly(benign)
		if st.setup.Masked {
			b.Event, check = sensitive, masked(sensitive)
		}
		d, wall, err := st.runBlock(ctx, b, conc, check)
		if err != nil {
			return err
		}
		if measured {
			rtts[i] = append(rtts[i], d...)
			walls[i] += wall
		}
		return nil
	}
	// Large sizes go without warm-up: the stacks are warm by then, and
	// each of their invokes is expensive.
	if cfg.Warmup > 0 && cfg.InvokesFor(size) == cfg.Invokes {
		for i := range stacks {
			if err := run(i, max(cfg.Warmup, conc), false); err != nil {
				return nil, err
			}
		}
	}
	total := cfg.InvokesFor(size)
	for done, round := 0, 0; done < total; round++ {
		n := min(blockN, total-done)
		n = max(n, min(conc, total))
		for k := range stacks {
			if err := run((k+round)%len(stacks), n, true); err != nil {
				return nil, err
			}
		}
		done += n
	}
	res := make([]RoundTrip, len(stacks))
	for i, st := range stacks {
		res[i] = RoundTrip{Setup: st.setup.Name, Size: size, Concurrency: conc, Dist: Summarize(rtts[i])}
		if walls[i] > 0 {
			res[i].Throughput = float64(len(rtts[i])) / walls[i].Seconds()
		}
	}
	return res, nil
}

// closeAll stops the stacks; the first failure to stop is returned.
func closeAll(stacks []*stack) error {
	var first error
	for _, st := range stacks {
		if err := st.close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
