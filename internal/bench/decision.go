package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// DecisionTiming is the cost of the engine deciding on one event size,
// without HTTP: input build, evaluation, application and decision log.
type DecisionTiming struct {
	Size int
	Dist
}

// RunDecisions times eng.InspectEvent on a benign event of each size,
// invokes(size) times, round-robin over the sizes. Any verdict other than
// allow fails (with the production timeout, a slow pack fails closed).
func RunDecisions(ctx context.Context, eng *engine.Engine, sizes []int, invokes func(size int) int) ([]DecisionTiming, error) {
	events := make([][]byte, len(sizes))
	times := make([][]time.Duration, len(sizes))
	most := 0
	for i, s := range sizes {
		ev, err := APIGWEvent(s, false)
		if err != nil {
			return nil, err
		}
		events[i] = ev
		most = max(most, invokes(s))
	}
	inv := engine.Invocation{RequestID: "bench-decision", InvokedFunctionARN: functionARN}
	for k := range most {
		for i, s := range sizes {
			if k >= invokes(s) {
				continue
			}
			start := time.Now()
			v := eng.InspectEvent(ctx, inv, events[i])
			d := time.Since(start)
			if v.Action != engine.Allow {
				return nil, fmt.Errorf("decision on the %s event: verdict %s, want allow", SizeName(s), v.Action)
			}
			times[i] = append(times[i], d)
		}
	}
	out := make([]DecisionTiming, len(sizes))
	for i, s := range sizes {
		out[i] = DecisionTiming{Size: s, Dist: Summarize(times[i])}
	}
	return out, nil
}
