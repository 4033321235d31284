package engine_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/internal/bench"
	"github.com/lambda-firewall/lambda-firewall/policy"
)

// packMaskDecision is what the default rule pack decides on
// internal/bench's sensitive API Gateway event, at every size (`lambda-firewall
// eval` on bench.APIGWEvent(size, true)): the card number and CVV by field
// name, the card number in the note by pattern.
var packMaskDecision = policy.Decision{
	Action: "mask",
	Reasons: []policy.Reason{
		{ID: "pii-card", Category: "pii", Severity: "high", Message: "Payment card number masked",
			Path: []any{"http", "body_json", "note"}},
		{ID: "pii-field", Category: "pii", Severity: "medium", Message: "Sensitive field masked by name",
			Path: []any{"http", "body_json", "card_number"}},
		{ID: "pii-field", Category: "pii", Severity: "medium", Message: "Sensitive field masked by name",
			Path: []any{"http", "body_json", "cvv"}},
	},
	Mask: []policy.Mask{
		{Path: []any{"http", "body_json", "card_number"}, Strategy: "last4"},
		{Path: []any{"http", "body_json", "cvv"}, Strategy: "full"},
		{Path: []any{"http", "body_json", "note"}, Strategy: "last4", Pattern: "4111 1111 1111 1111"},
	},
}

// BenchmarkInspectEventPack is engine.InspectEvent on the end-to-end
// benchmark's events (internal/bench), with a fake decider answering what
// the default pack answers: the engine's own cost (input build, mask
// application, decision log) without the policy evaluation.
func BenchmarkInspectEventPack(b *testing.B) {
	cases := []struct {
		name      string
		sensitive bool
		decision  policy.Decision
		want      engine.Action
	}{
		{"mask", true, packMaskDecision, engine.Replace},
		{"allow", false, policy.Decision{Action: "allow"}, engine.Allow},
	}
	for _, size := range []int{bench.Size1K5, bench.Size6M} {
		for _, c := range cases {
			event, err := bench.APIGWEvent(size, c.sensitive)
			if err != nil {
				b.Fatal(err)
			}
			e := engine.New(staticDecider(c.decision), engine.Config{
				Function: engine.FunctionInfo{Name: "bench", Version: "$LATEST", MemoryMB: 1024, Region: "eu-west-1"},
				Logger:   slog.New(slog.NewJSONHandler(io.Discard, nil)),
			})
			inv := engine.Invocation{RequestID: "bench"}
			b.Run(c.name+"/"+bench.SizeName(size), func(b *testing.B) {
				b.SetBytes(int64(len(event)))
				b.ReportAllocs()
				for b.Loop() {
					if v := e.InspectEvent(context.Background(), inv, event); v.Action != c.want {
						b.Fatalf("verdict %v, want %v", v.Action, c.want)
					}
				}
			})
		}
	}
}

// BenchmarkBuildEventInputPack is the input build alone on the same events.
func BenchmarkBuildEventInputPack(b *testing.B) {
	for _, size := range []int{bench.Size1K5, bench.Size6M} {
		event, err := bench.APIGWEvent(size, true)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bench.SizeName(size), func(b *testing.B) {
			b.SetBytes(int64(len(event)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := engine.BuildEventInput(event, engine.Invocation{}, engine.FunctionInfo{}, engine.InputOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkApplyMasksPack is the mask application alone on the sensitive
// events, with the default pack's masks.
func BenchmarkApplyMasksPack(b *testing.B) {
	for _, size := range []int{bench.Size1K5, bench.Size6M} {
		event, err := bench.APIGWEvent(size, true)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(bench.SizeName(size), func(b *testing.B) {
			b.SetBytes(int64(len(event)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := engine.ApplyEventMasks(event, packMaskDecision.Mask); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
