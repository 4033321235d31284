package rules_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

// TestRegoUnitTests runs every *_test.rego of the default bundle with the
// custom builtins registered and fails on any failing or erroring test.
func TestRegoUnitTests(t *testing.T) {
	var out bytes.Buffer
	passed, failed, err := policy.RunTests(context.Background(), nil, rules.Default, &out, false)
	if err != nil {
		t.Fatalf("run rego tests: %v\n%s", err, out.String())
	}
	if failed > 0 {
		t.Fatalf("%d rego tests failed (%d passed):\n%s", failed, passed, out.String())
	}
	if passed < 50 {
		t.Fatalf("only %d rego tests ran:\n%s", passed, out.String())
	}
	t.Logf("%d rego tests passed", passed)
}
