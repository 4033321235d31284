package engine

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// triggerCase is one sample event of aws-lambda-go and how to mask it.
type triggerCase struct {
	name   string // golden file stem
	file   string
	source Source
	mask   policy.Mask
	// check is a gjson path of the masked event and its expected value.
	check, want string
	// response is a handler response for the response phase.
	response string
}

func triggerCases() []triggerCase {
	const proxyResponse = `{"statusCode":200,"headers":{"content-type":"application/json"},"body":"{\"card\":\"4111111111111111\"}","isBase64Encoded":false}`
	return []triggerCase{
		{"apigw_rest", "apigw-request.json", SourceAPIGWREST,
			policy.Mask{Path: []any{"http", "body_json", "a"}},
			"body", "{\r\n\t\"a\": \"[MASKED]\"\r\n}", proxyResponse},
		{"apigw_http", "apigw-v2-request-no-authorizer.json", SourceAPIGWHTTP,
			policy.Mask{Path: []any{"payload", "requestContext", "http", "sourceIp"}, Strategy: "last4"},
			"requestContext.http.sourceIp", "***.3.4", proxyResponse},
		{"function_url", "lambda-urls-request.json", SourceFunctionURL,
			policy.Mask{Path: []any{"http", "body"}, Pattern: "client"},
			"body", "Hello from [MASKED]!", `{"card":"4111111111111111"}`},
		{"alb", "alb-lambda-target-request-headers-only.json", SourceALB,
			policy.Mask{Path: []any{"payload", "headers", "user-agent"}, Strategy: "hash"},
			"headers.user-agent", maskHash("curl/7.54.0"), proxyResponse},
		{"alb_multivalue", "alb-lambda-target-request-multivalue-headers.json", SourceALB,
			policy.Mask{Path: []any{"payload", "multiValueHeaders", "user-agent", 0}},
			"multiValueHeaders.user-agent.0", "[MASKED]",
			`{"statusCode":200,"multiValueHeaders":{"content-type":["text/plain"]},"body":"secret"}`},
		{"apigw_websocket", "apigw-websocket-request.json", SourceAPIGWWebSocket,
			policy.Mask{Path: []any{"http", "body_json", "a"}},
			"body", "{\r\n\t\"a\": \"[MASKED]\"\r\n}", `{"statusCode":200,"body":"secret"}`},
		{"sqs", "sqs-event.json", SourceSQS,
			policy.Mask{Path: []any{"payload", "Records", 0, "body"}, Pattern: "Body"},
			"Records.0.body", "Message [MASKED]", `{"batchItemFailures":[]}`},
		{"sns", "sns-event.json", SourceSNS,
			policy.Mask{Path: []any{"payload", "Records", 0, "Sns", "Message"}},
			"Records.0.Sns.Message", "[MASKED]", `"ok"`},
		{"s3", "s3-event.json", SourceS3,
			policy.Mask{Path: []any{"payload", "Records", 0, "s3", "object", "key"}},
			"Records.0.s3.object.key", "[MASKED]", `null`},
		{"kinesis", "kinesis-event.json", SourceKinesis,
			policy.Mask{Path: []any{"payload", "Records", 0, "kinesis", "data"}},
			"Records.0.kinesis.data", "[MASKED]", `{}`},
	}
}

func TestInspectEventByTrigger(t *testing.T) {
	for _, tc := range triggerCases() {
		event := readEventFile(t, tc.file)
		t.Run(tc.name+"/allow", func(t *testing.T) {
			v := New(decides(policy.Decision{Action: "allow"}), Config{}).InspectEvent(context.Background(), goldenInvocation(), event)
			if v.Action != Allow || v.Payload != nil {
				t.Fatalf("verdict = %v with %d payload bytes, want allow without payload", v.Action, len(v.Payload))
			}
			if m, ok := v.Memo.(*EventMemo); !ok || m.Source != tc.source {
				t.Errorf("memo = %#v, want *EventMemo with source %s", v.Memo, tc.source)
			}
		})
		t.Run(tc.name+"/mask", func(t *testing.T) {
			d := policy.Decision{Action: "mask", Mask: []policy.Mask{tc.mask}}
			v := New(decides(d), Config{}).InspectEvent(context.Background(), goldenInvocation(), event)
			if v.Action != Replace {
				t.Fatalf("verdict = %v, want replace", v.Action)
			}
			if got := gjson.GetBytes(v.Payload, tc.check).String(); got != tc.want {
				t.Errorf("masked %s = %q, want %q", tc.check, got, tc.want)
			}
			if len(v.Payload) == 0 || !json.Valid(v.Payload) {
				t.Errorf("masked event is not JSON: %q", v.Payload)
			}
		})
		t.Run(tc.name+"/block", func(t *testing.T) {
			d := policy.Decision{Action: "block", Reasons: []policy.Reason{{ID: "942100", Category: "sqli"}}}
			v := New(decides(d), Config{}).InspectEvent(context.Background(), goldenInvocation(), event)
			checkGolden(t, "event_block_"+tc.name+".json", verdictGolden(t, v))
			if IsHTTP(tc.source) {
				if v.Action != Respond {
					t.Errorf("verdict = %v, want respond", v.Action)
				}
			} else if v.Action != Fail || v.ErrorType != "Function.PolicyViolation" {
				t.Errorf("verdict = %v %q, want fail Function.PolicyViolation", v.Action, v.ErrorType)
			}
		})
	}
}

func TestInspectResponseByTrigger(t *testing.T) {
	for _, tc := range triggerCases() {
		event := readEventFile(t, tc.file)
		memo := New(decides(policy.Decision{Action: "allow"}), Config{}).
			InspectEvent(context.Background(), goldenInvocation(), event).Memo
		t.Run(tc.name+"/allow", func(t *testing.T) {
			v := New(decides(policy.Decision{Action: "allow"}), Config{}).
				InspectResponse(context.Background(), goldenInvocation(), memo, []byte(tc.response))
			if v.Action != Allow || v.Payload != nil {
				t.Fatalf("verdict = %v with %d payload bytes, want allow without payload", v.Action, len(v.Payload))
			}
		})
		t.Run(tc.name+"/block", func(t *testing.T) {
			v := New(decides(policy.Decision{Action: "block"}), Config{}).
				InspectResponse(context.Background(), goldenInvocation(), memo, []byte(tc.response))
			checkGolden(t, "response_block_"+tc.name+".json", verdictGolden(t, v))
			if IsHTTP(tc.source) {
				if v.Action != Replace || gjson.GetBytes(v.Payload, "statusCode").Int() != 500 {
					t.Errorf("verdict = %v %s, want replace with status 500", v.Action, v.Payload)
				}
			} else if v.Action != Fail || v.ErrorType != "Function.ResponseBlocked" {
				t.Errorf("verdict = %v %q, want fail Function.ResponseBlocked", v.Action, v.ErrorType)
			}
		})
	}
}

// verdictGolden is the golden form of a block verdict: the synthetic
// response, or the error posted.
func verdictGolden(t *testing.T, v Verdict) []byte {
	t.Helper()
	if v.Action == Fail {
		b, err := json.Marshal(map[string]string{"errorType": v.ErrorType, "errorMessage": v.ErrorMessage})
		if err != nil {
			t.Fatalf("marshal verdict: %v", err)
		}
		return b
	}
	return v.Payload
}

func TestInspectResponseMask(t *testing.T) {
	event := readEventFile(t, "apigw-v2-request-no-authorizer.json")
	memo := New(decides(policy.Decision{Action: "allow"}), Config{}).InspectEvent(context.Background(), goldenInvocation(), event).Memo
	response := `{"statusCode":200,"body":"{\"card\":\"4111111111111111\",\"n\":1}"}`
	d := policy.Decision{Action: "mask", Mask: []policy.Mask{{Path: []any{"response", "body_json", "card"}, Strategy: "last4"}}}
	v := New(decides(d), Config{}).InspectResponse(context.Background(), goldenInvocation(), memo, []byte(response))
	want := `{"statusCode":200,"body":"{\"card\":\"************1111\",\"n\":1}"}`
	if v.Action != Replace || string(v.Payload) != want {
		t.Fatalf("verdict = %v %s, want replace %s", v.Action, v.Payload, want)
	}
}

func TestBlockOverrides(t *testing.T) {
	event := readEventFile(t, "apigw-v2-request-no-authorizer.json")
	sqs := readEventFile(t, "sqs-event.json")
	tests := []struct {
		name  string
		event []byte
		d     policy.Decision
	}{
		{"json_body", event, policy.Decision{Action: "block", Response: &policy.HTTPResponse{
			Status: 429, Headers: map[string]string{"Retry-After": "30"}, Body: map[string]any{"error": "slow down", "html": "<b>"}}}},
		{"string_body", event, policy.Decision{Action: "block", Response: &policy.HTTPResponse{
			Body: "<h1>denied</h1>", Headers: map[string]string{"Content-Type": "text/html"}}}},
		{"error_spec", sqs, policy.Decision{Action: "block", Error: &policy.ErrorSpec{Type: "Function.Poisoned", Message: "poison message"}}},
		{"bad_error_type", sqs, policy.Decision{Action: "block", Error: &policy.ErrorSpec{Type: "not a type"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := New(decides(tt.d), Config{}).InspectEvent(context.Background(), goldenInvocation(), tt.event)
			checkGolden(t, "override_"+tt.name+".json", verdictGolden(t, v))
		})
	}
}

func TestAuditModeAllowsUnchanged(t *testing.T) {
	event := readEventFile(t, "apigw-request.json")
	decisions := []Decider{
		decides(policy.Decision{Action: "block"}),
		decides(policy.Decision{Action: "mask", Mask: []policy.Mask{{Path: []any{"http", "body_json", "a"}}}}),
		decides(policy.Decision{Action: "mask", Mask: []policy.Mask{{Path: []any{"payload", "nope"}}}}),
		fails(context.DeadlineExceeded),
		panics("boom"),
	}
	for i, d := range decisions {
		e := New(d, Config{Mode: ModeAudit})
		v := e.InspectEvent(context.Background(), goldenInvocation(), event)
		if v.Action != Allow || v.Payload != nil || v.ErrorType != "" {
			t.Errorf("decider %d: event verdict = %+v, want plain allow", i, v)
		}
		if m, ok := v.Memo.(*EventMemo); !ok || m.Source != SourceAPIGWREST {
			t.Errorf("decider %d: memo = %#v, want the event memo", i, v.Memo)
		}
		r := e.InspectResponse(context.Background(), goldenInvocation(), v.Memo, []byte(`{"statusCode":200,"body":"x"}`))
		if r.Action != Allow || r.Payload != nil {
			t.Errorf("decider %d: response verdict = %+v, want plain allow", i, r)
		}
	}
}

func TestFailModes(t *testing.T) {
	apigw := readEventFile(t, "apigw-v2-request-no-authorizer.json")
	sqs := readEventFile(t, "sqs-event.json")
	deep := []byte(`{"a":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`)
	tests := []struct {
		name  string
		d     Decider
		cfg   Config
		event []byte
		class string
	}{
		{"error", fails(&policy.Error{Code: policy.CodeUndefinedDecision}), Config{}, apigw, "undefined_decision"},
		{"plain error", fails(context.Canceled), Config{}, sqs, "canceled"},
		{"timeout", waitsForContext(), Config{EvalTimeout: 5e6}, apigw, "timeout"},
		{"panic", panics("4111111111111111"), Config{}, sqs, "panic"},
		{"invalid action", decides(policy.Decision{Action: "maybe"}), Config{}, apigw, "invalid_decision"},
		{"input build error", decides(policy.Decision{Action: "allow"}), Config{Input: InputOptions{MaxDepth: 8}}, deep, "input_error"},
		{"nil decider", nil, Config{}, apigw, "no_decider"},
	}
	for _, tt := range tests {
		for _, open := range []bool{false, true} {
			name := tt.name + map[bool]string{false: "/closed", true: "/open"}[open]
			t.Run(name, func(t *testing.T) {
				var logs strings.Builder
				cfg := tt.cfg
				cfg.FailOpen = open
				cfg.Logger = jsonLogger(&logs)
				v := New(tt.d, cfg).InspectEvent(context.Background(), goldenInvocation(), tt.event)
				switch {
				case open && v.Action != Allow:
					t.Errorf("fail open: verdict = %v, want allow", v.Action)
				case !open && IsHTTP(DetectSource(tt.event)) && (v.Action != Respond || gjson.GetBytes(v.Payload, "statusCode").Int() != 403):
					t.Errorf("fail closed: verdict = %v %s, want respond 403", v.Action, v.Payload)
				case !open && !IsHTTP(DetectSource(tt.event)) && v.Action != Fail:
					t.Errorf("fail closed: verdict = %v, want fail", v.Action)
				}
				line := decisionLine(t, logs.String())
				if line["error"] != tt.class {
					t.Errorf("logged error = %v, want %q", line["error"], tt.class)
				}
				if ids, _ := line["rule_ids"].([]any); len(ids) != 1 || ids[0] != "policy_error" {
					t.Errorf("rule_ids = %v, want [policy_error]", line["rule_ids"])
				}
			})
		}
	}
}

func TestMaskFailureBlocksEvenWhenFailingOpen(t *testing.T) {
	event := readEventFile(t, "apigw-v2-request-no-authorizer.json")
	d := policy.Decision{Action: "mask", Mask: []policy.Mask{{Path: []any{"payload", "missing"}}}}
	var logs strings.Builder
	v := New(decides(d), Config{FailOpen: true, Logger: jsonLogger(&logs)}).InspectEvent(context.Background(), goldenInvocation(), event)
	if v.Action != Respond {
		t.Fatalf("verdict = %v, want respond (block)", v.Action)
	}
	line := decisionLine(t, logs.String())
	if line["error"] != "mask_failed" || line["error_detail"] != "path_not_found" || line["verdict"] != "respond" {
		t.Errorf("log = %v, want mask_failed/path_not_found/respond", line)
	}
}

func TestEvalBoundedByInvocationDeadline(t *testing.T) {
	inv := goldenInvocation()
	inv.DeadlineMs = 1 // long past
	var sawDeadline bool
	d := deciderFunc(func(ctx context.Context, _ []byte) (policy.Result, error) {
		_, sawDeadline = ctx.Deadline()
		<-ctx.Done()
		return policy.Result{}, ctx.Err()
	})
	v := New(d, Config{EvalTimeout: 1e12}).InspectEvent(context.Background(), inv, readEventFile(t, "sqs-event.json"))
	if !sawDeadline || v.Action != Fail {
		t.Fatalf("deadline set = %v, verdict = %v: want a deadline and a fail-closed block", sawDeadline, v.Action)
	}
}

func TestInspectResponseUnknownMemo(t *testing.T) {
	for _, memo := range []any{nil, "not a memo", (*EventMemo)(nil)} {
		v := New(decides(policy.Decision{Action: "block"}), Config{}).
			InspectResponse(context.Background(), goldenInvocation(), memo, []byte(`{"statusCode":200}`))
		if v.Action != Fail || v.ErrorType != "Function.ResponseBlocked" {
			t.Errorf("memo %#v: verdict = %v %q, want fail Function.ResponseBlocked", memo, v.Action, v.ErrorType)
		}
	}
}

func TestMaskWithoutChangeAllows(t *testing.T) {
	d := policy.Decision{Action: "mask", Mask: []policy.Mask{{Path: []any{"payload", "Records", 0, "body"}, Pattern: "no match here"}}}
	v := New(decides(d), Config{}).InspectEvent(context.Background(), goldenInvocation(), readEventFile(t, "sqs-event.json"))
	if v.Action != Allow || v.Payload != nil {
		t.Fatalf("verdict = %v with %d payload bytes, want allow without payload", v.Action, len(v.Payload))
	}
}

func TestResponseFailClosed(t *testing.T) {
	event := readEventFile(t, "alb-lambda-target-request-headers-only.json")
	memo := New(decides(policy.Decision{Action: "allow"}), Config{}).InspectEvent(context.Background(), goldenInvocation(), event).Memo
	resp := []byte(`{"statusCode":200,"body":"ok"}`)
	v := New(fails(context.DeadlineExceeded), Config{}).InspectResponse(context.Background(), goldenInvocation(), memo, resp)
	if v.Action != Replace || gjson.GetBytes(v.Payload, "statusCode").Int() != 500 ||
		gjson.GetBytes(v.Payload, "statusDescription").String() != "500 Internal Server Error" {
		t.Errorf("closed: verdict = %v %s, want replace with an ALB 500", v.Action, v.Payload)
	}
	v = New(fails(context.DeadlineExceeded), Config{FailOpen: true}).InspectResponse(context.Background(), goldenInvocation(), memo, resp)
	if v.Action != Allow || v.Payload != nil {
		t.Errorf("open: verdict = %v, want allow", v.Action)
	}
}

func TestInspectConcurrently(t *testing.T) {
	d := policy.Decision{Action: "mask", Mask: []policy.Mask{{Path: []any{"http", "body_json", "a"}}}}
	e := New(decides(d), Config{Logger: jsonLogger(io.Discard), Metrics: true})
	event := readEventFile(t, "apigw-request.json")
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				v := e.InspectEvent(context.Background(), goldenInvocation(), event)
				if v.Action != Replace {
					t.Errorf("verdict = %v, want replace", v.Action)
					return
				}
				e.InspectResponse(context.Background(), goldenInvocation(), v.Memo, []byte(`{"statusCode":200}`))
			}
		})
	}
	wg.Wait()
}

func TestLastResort(t *testing.T) {
	tests := []struct {
		cfg  Config
		want Action
	}{
		{Config{}, Fail},
		{Config{FailOpen: true}, Allow},
		{Config{Mode: ModeAudit}, Allow},
	}
	for _, tt := range tests {
		if v := New(nil, tt.cfg).lastResort(inspectEvent); v.Action != tt.want {
			t.Errorf("lastResort with %+v = %v, want %v", tt.cfg, v.Action, tt.want)
		}
	}
	if v := New(nil, Config{}).lastResort(inspectResponse); v.ErrorType != "Function.ResponseBlocked" {
		t.Errorf("lastResort response error type = %q", v.ErrorType)
	}
}
