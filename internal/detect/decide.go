package detect

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/policy"
)

// Decider evaluates an input document; *policy.Evaluator satisfies it.
type Decider interface {
	Eval(ctx context.Context, input []byte) (policy.Result, error)
}

// Outcome is the decision for one event.
type Outcome struct {
	Action  string
	Reasons []policy.Reason
}

// RuleIDs returns the distinct rule ids of the outcome's reasons, sorted.
func (o Outcome) RuleIDs() []string {
	seen := map[string]bool{}
	var ids []string
	for _, r := range o.Reasons {
		if !seen[r.ID] {
			seen[r.ID] = true
			ids = append(ids, r.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// String is the action and rule ids, e.g. "block[sqli-001 xss-002]".
func (o Outcome) String() string {
	return o.Action + "[" + strings.Join(o.RuleIDs(), " ") + "]"
}

var (
	detectInvocation = engine.Invocation{RequestID: "detect-request", DeadlineMs: 1795716003000,
		InvokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:detect"}
	detectFunction = engine.FunctionInfo{Name: "detect", Version: "$LATEST", MemoryMB: 512, Region: "us-east-1"}
)

// Decide builds the event's input document and evaluates it.
func Decide(ctx context.Context, d Decider, event []byte) (Outcome, error) {
	input, _, err := engine.BuildEventInput(event, detectInvocation, detectFunction, engine.InputOptions{})
	if err != nil {
		return Outcome{}, fmt.Errorf("build input: %w", err)
	}
	res, err := d.Eval(ctx, input)
	if err != nil {
		return Outcome{}, fmt.Errorf("evaluate: %w", err)
	}
	return Outcome{Action: res.Decision.Action, Reasons: res.Decision.Reasons}, nil
}
