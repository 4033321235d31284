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
	Variant string // VariantDefault or VariantRegoOnly
	Size    int
	Dist
}

// VariantRegoOnly is the default pack with every decision made by the Rego
// evaluator (NewRegoOnlyEngine).
const VariantRegoOnly = "rego-only"

// RunDecisions times the InspectEvent of each engine (variant name →
// engine) on a benign event of each size, invokes(size) times,
// round-robin over the sizes and the engines. Any verdict other than allow
// fails (with the production timeout, a slow pack fails closed).
func RunDecisions(ctx context.Context, engines []NamedEngine, sizes []int, invokes func(size int) int) ([]DecisionTiming, error) {
	events := make([][]byte, len(sizes))
	times := make([][]time.Duration, len(sizes)*len(engines)) // by size, then engine
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
			for j, e := range engines {
				start := time.Now()
				v := e.Engine.InspectEvent(ctx, inv, events[i])
				d := time.Since(start)
				if v.Action != engine.Allow {
					return nil, fmt.Errorf("%s decision on the %s event: verdict %s, want allow", e.Name, SizeName(s), v.Action)
				}
				times[i*len(engines)+j] = append(times[i*len(engines)+j], d)
			}
		}
	}
	var out []DecisionTiming
	for i, s := range sizes {
		for j, e := range engines {
			out = append(out, DecisionTiming{Variant: e.Name, Size: s, Dist: Summarize(times[i*len(engines)+j])})
		}
	}
	return out, nil
}

// NamedEngine is an engine and the variant name it is reported under.
type NamedEngine struct {
	Name   string
	Engine *engine.Engine
}
