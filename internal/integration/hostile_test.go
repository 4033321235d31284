package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// sizedJSON is {"a":"xxx…"} of exactly n bytes.
func sizedJSON(n int) []byte {
	const overhead = len(`{"a":""}`)
	return []byte(`{"a":"` + strings.Repeat("x", n-overhead) + `"}`)
}

// nested is n arrays nested in one another.
func nested(n int) []byte {
	return []byte(strings.Repeat("[", n) + strings.Repeat("]", n))
}

// apigwV2 is an API Gateway HTTP API (v2) event.
func apigwV2(method, rawPath, path, rawQuery string, query map[string]string, headers map[string]string,
	cookies []string, body string) []byte {
	if headers == nil {
		headers = map[string]string{}
	}
	headers["user-agent"] = "integration-test"
	ev := map[string]any{
		"version": "2.0", "routeKey": "$default", "rawPath": rawPath, "rawQueryString": rawQuery,
		"headers": headers, "isBase64Encoded": false,
		"requestContext": map[string]any{
			"accountId": "123456789012", "apiId": "api", "domainName": "api.example.com", "requestId": "rid",
			"routeKey": "$default", "stage": "$default", "time": "25/Nov/2026:18:00:00 +0000", "timeEpoch": 1795629600000,
			"http": map[string]any{"method": method, "path": path, "protocol": "HTTP/1.1",
				"sourceIp": "198.51.100.9", "userAgent": "integration-test"},
		},
	}
	if query != nil {
		ev["queryStringParameters"] = query
	}
	if cookies != nil {
		ev["cookies"] = cookies
	}
	if body != "" {
		ev["body"] = body
	}
	b, err := json.Marshal(ev)
	if err != nil {
		panic(err)
	}
	return b
}

// hostileCase is one class of hostile input and the outcomes the stack may
// give it (classes of outcome.class(), "|"-separated: where the budget can
// run out on a slow machine, the fail mode's block is acceptable too);
// SECURITY.md lists them.
type hostileCase struct {
	name    string
	payload []byte
	event   string // expected classes in the event phase
	resp    string // expected classes in the response phase ("" to skip)
}

// oneOf reports whether class is one of the "|"-separated want.
func oneOf(class, want string) bool { return slices.Contains(strings.Split(want, "|"), class) }

func hostileCases() []hostileCase {
	bigString := `{"s":"` + strings.Repeat("A", 5<<20) + `"}`
	return []hostileCase{
		{"non-JSON text", []byte("hello, plain text"), "allow", "allow"},
		{"binary", []byte{0x00, 0xff, 0xfe, 0x80, 0x1b, 0x7f, 'x', 0x00}, "allow", "allow"},
		{"invalid UTF-8 in a JSON string", []byte("{\"a\":\"\xff\xfe\xc0\xae\"}"), "allow", "allow"},
		{"escaped NUL in a JSON string", []byte(`{"a":"x\u0000y"}`), "allow", "allow"},
		{"raw NUL in a JSON string", []byte("{\"a\":\"x\x00y\"}"), "allow", "allow"},
		{"exactly 6 MiB + 100 B", sizedJSON(6<<20 + 100), "block|error→fail", "allow|error→fail"},
		{"6 MiB + 101 B", sizedJSON(6<<20 + 101), "uninspected", "uninspected"},
		{"JSON nested 100 000 deep", nested(100000), "error→fail", "error→fail"},
		{"JSON nested 65 deep", nested(65), "error→fail", "error→fail"},
		{"JSON nested 64 deep", nested(64), "allow", "allow"},
		{"integers past 2^63", []byte(`{"n":123456789012345678901234567890,"m":-9223372036854775809,"f":1e400}`), "allow", "allow"},
		{"duplicate keys, the last one an attack", []byte(`{"a":1,"a":"' OR 1=1 --"}`), "block", "allow"},
		{"duplicate keys, the first one an attack", []byte(`{"a":"' OR 1=1 --","a":1}`), "allow", "allow"},
		{"huge string (5 MiB)", []byte(bigString), "allow|error→fail", "allow|error→fail"},
		{"APIGW v2 body over the inspection limit", apigwV2("POST", "/p", "/p", "", nil, nil, nil,
			`{"q":"`+strings.Repeat("a", 2<<20)+`"}`), "allow|error→respond", ""},
		{"APIGW v2 SQL injection in the query", apigwV2("GET", "/items", "/items", "id=1%27%20OR%20%271%27%3D%271",
			map[string]string{"id": "1' OR '1'='1"}, nil, nil, ""), "block", ""},
		{"APIGW v2 card number in the JSON body", apigwV2("POST", "/pay", "/pay", "", nil,
			map[string]string{"content-type": "application/json"}, nil, `{"card":"4111 1111 1111 1111"}`), "mask", ""},
	}
}

// Hostile payloads through proxy + engine + default rules, as events and as
// responses: nothing crashes, every event is delivered or answered, an
// allowed payload stays byte-exact, and each class has its recorded outcome.
func TestHostileInput(t *testing.T) {
	ctx := testContext(t)
	s := newStack(t, stackOptions{})
	for i, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			id := "hostile-" + strconv.Itoa(i)
			out, err := s.sendEvent(ctx, id, tc.payload)
			if err != nil {
				t.Fatal(err)
			}
			checkEventOutcome(t, tc.payload, out)
			if got := out.class(); !oneOf(got, tc.event) {
				t.Errorf("event: outcome %s, want %s", got, tc.event)
			}
			t.Logf("| %s | event | %s |", tc.name, describe(out))
			if tc.resp == "" {
				return
			}
			rid := id + "-r"
			out, err = s.sendResponse(ctx, rid, []byte(`{}`), tc.payload)
			if err != nil {
				t.Fatal(err)
			}
			checkResponseOutcome(t, tc.payload, out)
			if got := out.class(); !oneOf(got, tc.resp) {
				t.Errorf("response: outcome %s, want %s", got, tc.resp)
			}
			t.Logf("| %s | response | %s |", tc.name, describe(out))
		})
	}
	if n := s.api.openInvocations(); n != 0 {
		t.Errorf("%d invocations left unanswered", n)
	}
}

// checkEventOutcome checks the invariants of an event's outcome: delivered
// byte-exact when allowed, changed when masked, answered when blocked.
func checkEventOutcome(t *testing.T, ev []byte, out outcome) {
	t.Helper()
	verdict := ""
	if out.decision != nil {
		verdict, _ = out.decision["verdict"].(string)
	}
	switch {
	case out.delivered == nil && out.answer == nil:
		t.Fatal("event lost: neither delivered nor answered")
	case out.delivered != nil && (verdict == "allow" || out.decision == nil) && !bytes.Equal(out.delivered, ev):
		t.Fatalf("allowed event not byte-exact (%d bytes, want %d)", len(out.delivered), len(ev))
	case out.delivered != nil && verdict == "replace" && bytes.Equal(out.delivered, ev):
		t.Fatal("masked event delivered unchanged")
	case out.answer != nil && (verdict == "allow" || verdict == "replace"):
		t.Fatalf("event answered on the runtime's behalf with verdict %s", verdict)
	case out.answer != nil && len(out.answer.body) == 0:
		t.Fatal("blocked event answered with an empty body")
	}
}

// checkResponseOutcome checks that an allowed response reached the Runtime
// API byte-exact and a blocked one never did.
func checkResponseOutcome(t *testing.T, resp []byte, out outcome) {
	t.Helper()
	verdict := ""
	if out.decision != nil {
		verdict, _ = out.decision["verdict"].(string)
	}
	switch {
	case (verdict == "allow" || out.decision == nil) && (out.answer.route != "response" || !bytes.Equal(out.answer.body, resp)):
		t.Fatalf("allowed response reached %s changed (%d bytes, want %d)", out.answer.route, len(out.answer.body), len(resp))
	case verdict != "allow" && out.decision != nil && bytes.Equal(out.answer.body, resp):
		t.Fatalf("response with verdict %s reached the Runtime API unchanged", verdict)
	}
}

// describe is the outcome class with the engine's error class, if any.
func describe(o outcome) string {
	if e, ok := o.decision["error"].(string); ok {
		return o.class() + " (" + e + ")"
	}
	return o.class()
}

// allowAll is a Decider that allows everything.
type allowAll struct{}

func (allowAll) Eval(context.Context, []byte) (policy.Result, error) {
	return policy.Result{Decision: policy.Decision{Action: "allow"}}, nil
}

// The largest payload the Runtime API carries passes through the engine
// byte-exact both ways when the policy allows it. (The default pack blocks
// events over 6 MiB with limits-001.)
func TestLargestPayloadByteExact(t *testing.T) {
	ctx := testContext(t)
	s := newStack(t, stackOptions{decider: allowAll{}})
	payload := sizedJSON(maxPayload)
	out, err := s.sendEvent(ctx, "big", payload)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.delivered, payload) {
		t.Fatalf("event of %d bytes delivered as %d bytes", len(payload), len(out.delivered))
	}
	out, err = s.sendResponse(ctx, "big-r", []byte(`{}`), payload)
	if err != nil {
		t.Fatal(err)
	}
	if out.answer.route != "response" || out.answer.status != 202 || !bytes.Equal(out.answer.body, payload) {
		t.Fatalf("response reached %s (%d) with %d bytes, want %d", out.answer.route, out.answer.status,
			len(out.answer.body), len(payload))
	}
	// One byte more is refused by the Runtime API itself, and the 413
	// reaches the runtime.
	out, err = s.sendResponse(ctx, "bigger-r", []byte(`{}`), sizedJSON(maxPayload+1))
	if err != nil {
		t.Fatal(err)
	}
	if out.answer.status != 413 || out.decision != nil {
		t.Fatalf("oversized response: status %d, decision %v", out.answer.status, out.decision)
	}
}
