package rules_test

import (
	"context"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

// BenchmarkLoadDefault is the extension's policy part of cold start: load,
// compile, prepare and warm up the embedded default pack.
func BenchmarkLoadDefault(b *testing.B) {
	for b.Loop() {
		if _, err := policy.Load(context.Background(), policy.Options{Embedded: rules.Default}); err != nil {
			b.Fatal(err)
		}
	}
}
