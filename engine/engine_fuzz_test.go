package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// FuzzInspectEvent runs random events through the engine with a decision
// built from the fuzz input. The engine must not panic internally (no
// "engine panic" line), must log exactly one decision, and must answer a
// well-formed verdict: JSON payloads for Replace and Respond of a JSON
// event, a valid error type for Fail.
func FuzzInspectEvent(f *testing.F) {
	f.Add([]byte(`{"version":"2.0","rawPath":"/","requestContext":{"http":{"method":"POST"}},"body":"{\"a\":\"b\"}"}`), `["http","body_json","a"]`, uint8(1))
	f.Add([]byte(`{"httpMethod":"GET","path":"/","requestContext":{"elb":{}},"multiValueHeaders":{},"body":"eA==","isBase64Encoded":true}`), `["http","body"]`, uint8(1))
	f.Add([]byte(`{"Records":[{"eventSource":"aws:sqs","body":"{\"k\":[1,2]}"}]}`), `["payload","Records",0,"body","k",1]`, uint8(1))
	f.Add([]byte(`{"resource":"/","httpMethod":"GET","requestContext":{"stage":"p"}}`), `[]`, uint8(2))
	f.Fuzz(func(t *testing.T, event []byte, maskPath string, action uint8) {
		var path []any
		if err := json.Unmarshal([]byte(maskPath), &path); err != nil {
			return
		}
		for i, seg := range path {
			if n, ok := seg.(float64); ok {
				path[i] = int(n)
			}
		}
		d := policy.Decision{Action: []string{"allow", "mask", "block"}[action%3],
			Mask: []policy.Mask{{Path: path, Strategy: []string{"full", "last4", "hash"}[action/3%3]}}}
		var logs strings.Builder
		v := New(decides(d), Config{Logger: jsonLogger(&logs)}).InspectEvent(context.Background(), goldenInvocation(), event)
		if strings.Contains(logs.String(), `"engine panic"`) {
			t.Fatalf("engine panicked:\n%s", logs.String())
		}
		decisionLine(t, logs.String())
		switch v.Action {
		case Allow:
			if v.Payload != nil {
				t.Fatal("allow with a payload")
			}
		case Replace, Respond:
			if json.Valid(event) && !json.Valid(v.Payload) {
				t.Fatalf("%v payload is not JSON: %q", v.Action, v.Payload)
			}
		case Fail:
			if !validErrorType(v.ErrorType) || v.ErrorMessage == "" {
				t.Fatalf("fail verdict %q %q", v.ErrorType, v.ErrorMessage)
			}
		default:
			t.Fatalf("unknown verdict %v", v.Action)
		}
	})
}
