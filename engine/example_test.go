package engine_test

import (
	"context"
	"fmt"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/policy"
)

// staticDecider answers every input with the same decision; in production
// the Decider is a *policy.Evaluator.
type staticDecider policy.Decision

func (d staticDecider) Eval(context.Context, []byte) (policy.Result, error) {
	return policy.Result{Decision: policy.Decision(d)}, nil
}

func ExampleEngine_InspectEvent_mask() {
	d := staticDecider{Action: "mask", Mask: []policy.Mask{
		{Path: []any{"http", "body_json", "card"}, Strategy: "last4"},
	}}
	e := engine.New(d, engine.Config{})
	event := `{"version":"2.0","rawPath":"/pay","requestContext":{"http":{"method":"POST","path":"/pay"}},` +
		`"body":"{\"card\":\"4111111111111111\",\"amount\":12}","isBase64Encoded":false}`

	v := e.InspectEvent(context.Background(), engine.Invocation{RequestID: "req-1"}, []byte(event))
	fmt.Println(v.Action)
	fmt.Println(string(v.Payload))
	// Output:
	// replace
	// {"version":"2.0","rawPath":"/pay","requestContext":{"http":{"method":"POST","path":"/pay"}},"body":"{\"card\":\"************1111\",\"amount\":12}","isBase64Encoded":false}
}

func ExampleEngine_InspectEvent_block() {
	e := engine.New(staticDecider{Action: "block"}, engine.Config{})
	event := `{"version":"2.0","rawPath":"/","requestContext":{"http":{"method":"GET","path":"/"}}}`

	v := e.InspectEvent(context.Background(), engine.Invocation{RequestID: "req-1"}, []byte(event))
	fmt.Println(v.Action)
	fmt.Println(string(v.Payload))
	// Output:
	// respond
	// {"statusCode":403,"headers":{"content-type":"application/json"},"body":"{\"message\":\"Forbidden\",\"request_id\":\"req-1\"}","isBase64Encoded":false}
}

func ExampleEngine_InspectResponse() {
	e := engine.New(staticDecider{Action: "block"}, engine.Config{})
	sqs := `{"Records":[{"messageId":"m1","eventSource":"aws:sqs","body":"hello"}]}`

	ev := e.InspectEvent(context.Background(), engine.Invocation{RequestID: "req-1"}, []byte(sqs))
	fmt.Println(ev.Action, ev.ErrorType)
	v := e.InspectResponse(context.Background(), engine.Invocation{RequestID: "req-1"}, ev.Memo, []byte(`{"ok":true}`))
	fmt.Println(v.Action, v.ErrorType)
	// Output:
	// fail Function.PolicyViolation
	// fail Function.ResponseBlocked
}
