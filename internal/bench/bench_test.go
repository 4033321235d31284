package bench

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// benchSizes are the event sizes of BenchmarkDecision.
var benchSizes = []int{Size1K5, Size64K, Size1M, Size6M}

// BenchmarkDecision is the default rule pack deciding on an API Gateway v2
// event, without HTTP: input build, evaluation and application
// (engine.InspectEvent with the evaluator of the embedded pack).
func BenchmarkDecision(b *testing.B) {
	eng, err := NewDefaultEngine(context.Background(), benchEvalTimeout)
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range benchSizes {
		b.Run(SizeName(size), func(b *testing.B) {
			event, err := APIGWEvent(size, false)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			inv := engine.Invocation{RequestID: "bench"}
			for b.Loop() {
				if v := eng.InspectEvent(context.Background(), inv, event); v.Action != engine.Allow {
					b.Fatalf("verdict %v, want allow", v.Action)
				}
			}
		})
	}
}

// BenchmarkInvoke is the engine's work for one invoke of the 1.5 KB event
// without HTTP: the event's decision and the decision on the function's
// response (benchResponse), with the default pack, and with the same pack
// evaluated by Rego alone (no fast path).
func BenchmarkInvoke(b *testing.B) {
	ctx := context.Background()
	for _, v := range []struct {
		name string
		new  func(context.Context, time.Duration) (*engine.Engine, error)
	}{{"default", NewDefaultEngine}, {"rego-only", NewRegoOnlyEngine}} {
		b.Run(v.name, func(b *testing.B) {
			eng, err := v.new(ctx, benchEvalTimeout)
			if err != nil {
				b.Fatal(err)
			}
			event, err := APIGWEvent(Size1K5, false)
			if err != nil {
				b.Fatal(err)
			}
			inv := engine.Invocation{RequestID: "bench"}
			b.ReportAllocs()
			for b.Loop() {
				ev := eng.InspectEvent(ctx, inv, event)
				resp := eng.InspectResponse(ctx, inv, ev.Memo, benchResponse)
				if ev.Action != engine.Allow || resp.Action != engine.Allow {
					b.Fatalf("verdicts %v, %v; want allow", ev.Action, resp.Action)
				}
			}
		})
	}
}

// BenchmarkRoundTrip is one invoke of a 1.5 KB event per iteration through
// each setup (the OPA setup only without -short: it builds and runs OPA).
// Compare the p50-µs metric across setups; ns/op also counts starting the
// servers of the setup.
func BenchmarkRoundTrip(b *testing.B) {
	env := testEnv(b)
	setups, err := env.Setups(nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range setups {
		b.Run(s.Name, func(b *testing.B) {
			cfg := RoundTripConfig{Sizes: []int{Size1K5}, Concurrency: []int{1}, Invokes: b.N, Block: b.N}
			res, err := RunRoundTrips(context.Background(), []Setup{s}, cfg, io.Discard)
			if err != nil {
				b.Fatal(err)
			}
			// ns/op includes starting the stack; the round trip itself:
			b.ReportMetric(float64(res[0].P50.Microseconds()), "p50-µs")
		})
	}
}
