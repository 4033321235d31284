package integration

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/policy"
)

// A builtin that panics, registered for this test binary only, to check
// what a panic inside policy evaluation does.
func init() {
	rego.RegisterBuiltin1(&rego.Function{
		Name: "integration.panic",
		Decl: types.NewFunction(types.Args(types.A), types.B),
	}, func(rego.BuiltinContext, *ast.Term) (*ast.Term, error) {
		panic("integration.panic called")
	})
}

// faultPolicy decides allow unless the payload asks for a fault: a rule
// conflict, a bad decision, no decision, a long loop or a panicking builtin.
const faultPolicy = `package lambda_firewall

default decision := {"action": "allow"}

decision := {"action": "block"} if input.payload.conflict
decision := {"action": "mask", "mask": []} if input.payload.conflict

decision := {"action": "maybe"} if input.payload.invalid

decision := {"action": "block"} if {
	input.payload.loop
	every a in numbers.range(1, 100000) {
		every b in numbers.range(1, 100000) {
			a + b > 0
		}
	}
}

decision := {"action": "block"} if integration.panic(input.payload.panic)
`

// faultEvaluator loads faultPolicy as a bundle directory.
func faultEvaluator(t *testing.T) *policy.Evaluator {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "policy.rego"), []byte(faultPolicy), 0o600); err != nil {
		t.Fatal(err)
	}
	ev, err := policy.Load(context.Background(), policy.Options{Paths: []string{dir}})
	if err != nil {
		t.Fatalf("loading the fault policy: %v", err)
	}
	return ev
}

// fakeDecider fails in Go, instead of OPA, on events whose payload has a
// "boom" key; it allows the others.
type fakeDecider func(ctx context.Context) (policy.Result, error)

func (f fakeDecider) Eval(ctx context.Context, input []byte) (policy.Result, error) {
	if !bytes.Contains(input, []byte(`"boom"`)) {
		return policy.Result{Decision: policy.Decision{Action: "allow"}}, nil
	}
	return f(ctx)
}

// The fault matrix of the policy path: whatever goes wrong while deciding,
// fail closed blocks the event and answers it upstream on the runtime's
// behalf (the runtime gets the next event), fail open hands it over
// byte-exact. Either way nothing hangs and nothing is lost.
func TestPolicyFaults(t *testing.T) {
	real := faultEvaluator(t)
	tests := []struct {
		name    string
		decider engine.Decider
		event   string
		class   string // the decision log error class
	}{
		{"decider error", fakeDecider(func(context.Context) (policy.Result, error) {
			return policy.Result{}, errors.New("boom")
		}), `{"boom":1}`, "eval_error"},
		{"decider timeout", fakeDecider(func(ctx context.Context) (policy.Result, error) {
			<-ctx.Done()
			return policy.Result{}, ctx.Err()
		}), `{"boom":1}`, "timeout"},
		{"decider panic", fakeDecider(func(context.Context) (policy.Result, error) { panic("decider boom") }),
			`{"boom":1}`, "panic"},
		{"rule conflict", real, `{"conflict":true}`, "eval_error"},
		{"invalid decision", real, `{"invalid":true}`, "invalid_decision"},
		{"evaluation timeout", real, `{"loop":true}`, "timeout"},
		{"panic inside a builtin", real, `{"panic":"x"}`, "panic"},
	}
	for _, tt := range tests {
		for _, failOpen := range []bool{false, true} {
			name := tt.name + "/fail closed"
			if failOpen {
				name = tt.name + "/fail open"
			}
			t.Run(name, func(t *testing.T) {
				ctx := testContext(t)
				s := newStack(t, stackOptions{decider: tt.decider, failOpen: failOpen, evalTimeout: 200 * time.Millisecond})
				id := "fault-" + strconv.FormatBool(failOpen)
				start := time.Now()
				out, err := s.sendEvent(ctx, id, []byte(tt.event))
				if err != nil {
					t.Fatal(err)
				}
				if d := time.Since(start); d > 10*time.Second {
					t.Errorf("took %s: the evaluation budget did not hold", d)
				}
				checkEventOutcome(t, []byte(tt.event), out)
				if got, _ := out.decision["error"].(string); got != tt.class {
					t.Errorf("decision log error %q, want %q", got, tt.class)
				}
				if failOpen {
					if !bytes.Equal(out.delivered, []byte(tt.event)) {
						t.Fatalf("fail open: runtime got %q, want the event", out.delivered)
					}
					return
				}
				if out.answer == nil || out.answer.route != "error" ||
					out.answer.header.Get(headerErrorType) != "Function.PolicyViolation" || out.answer.status != 202 {
					t.Fatalf("fail closed: the event was not answered with an error upstream: %+v", out.answer)
				}
				t.Logf("| %s | %s |", tt.name, describe(out))
			})
		}
	}
}
