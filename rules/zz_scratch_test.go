package rules_test

import (
	"context"
	"os"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

func BenchmarkScratch(b *testing.B) {
	opts := policy.Options{Embedded: rules.Default}
	if d := os.Getenv("BUNDLE"); d != "" {
		opts = policy.Options{Paths: []string{d}}
	}
	ev, err := policy.Load(context.Background(), opts)
	if err != nil {
		b.Fatal(err)
	}
	raw, _ := os.ReadFile(os.Getenv("EVENT"))
	input, _, _ := engine.BuildEventInput(raw, engine.Invocation{RequestID: "b"}, engine.FunctionInfo{Name: "b"}, engine.InputOptions{})
	for b.Loop() {
		if _, err := ev.Eval(context.Background(), input); err != nil {
			b.Fatal(err)
		}
	}
}
