package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/internal/rie"
)

// startWithPolicy runs the extension with the e2e test bundle. It skips when
// the extension does not load policies yet: its ready line then reports
// policy "none" although LAMBDA_FIREWALL_POLICY names a bundle.
func startWithPolicy(t *testing.T, env map[string]string) *rie.Emulator {
	t.Helper()
	e := start(t, setupOpts{policy: policyE2E, env: env})
	invoke(t, e, []byte(`{"warm":"up"}`))
	waitLog(t, e, `"msg":"extension ready"`)
	ready := extensionLines(e.Logs(), "extension ready")
	if len(ready) != 1 {
		t.Fatalf("want one 'extension ready' line, got %v", ready)
	}
	if p, _ := ready[0]["policy"].(string); p == "none" || p == "" {
		t.Skipf("the extension does not enforce LAMBDA_FIREWALL_POLICY yet (ready line: policy=%q); waits for the policy engine", p)
	}
	return e
}

// decisionFor returns the extension's decision log line for request id and
// phase, or nil.
func decisionFor(logs, phase string, match func(map[string]any) bool) map[string]any {
	for _, d := range extensionLines(logs, "decision") {
		if d["phase"] == phase && match(d) {
			return d
		}
	}
	return nil
}

// TestPolicyBlockAPIGW: a blocked API Gateway v2 event gets the policy's 403
// response, never reaches the handler, and the next invoke works normally.
func TestPolicyBlockAPIGW(t *testing.T) {
	e := startWithPolicy(t, nil)
	blocked := apigwV2(t, "GET", "/users", "q=1", map[string]string{"x-test-policy": "block", "x-marker": "blocked-1"}, "")
	h := parseHTTPResult(t, invoke(t, e, blocked))
	if h.StatusCode != 403 || !strings.Contains(h.Body, "Forbidden by the e2e policy") {
		t.Errorf("blocked event: got %+v, want the policy's 403", h)
	}
	next := apigwV2(t, "GET", "/users", "q=1", map[string]string{"x-marker": "allowed-1"}, `{"ok":true}`)
	h = parseHTTPResult(t, invoke(t, e, next))
	if h.StatusCode != 200 || h.Body != `{"ok":true}` {
		t.Errorf("next event: got %+v, want the handler's 200", h)
	}
	waitHandler(t, e, "allowed-1") // logs are ordered: blocked-1 would be before
	waitLog(t, e, `"msg":"decision"`)
	logs := e.Logs()
	if n := handlerInvocations(logs, "blocked-1"); n != 0 {
		t.Errorf("the blocked event reached the handler %d times", n)
	}
	if n := handlerInvocations(logs, "allowed-1"); n != 1 {
		t.Errorf("the next event reached the handler %d times, want 1", n)
	}
	if d := decisionFor(logs, "event", func(d map[string]any) bool { return d["action"] == "block" }); d == nil {
		t.Error("no decision line with action block")
	}
}

// TestPolicyMaskEvent: a masked event reaches the handler masked.
func TestPolicyMaskEvent(t *testing.T) {
	e := startWithPolicy(t, nil)
	ev := apigwV2(t, "POST", "/pay", "", map[string]string{"x-test-policy": "mask", "x-marker": "mask-1"},
		`{"card":"4111111111111111","name":"Ada"}`)
	h := parseHTTPResult(t, invoke(t, e, ev))
	if strings.Contains(h.Body, "4111111111111111") || !strings.Contains(h.Body, "[MASKED]") || !strings.Contains(h.Body, "Ada") {
		t.Errorf("handler echoed body %q, want the card masked and the name intact", h.Body)
	}
	id := waitHandler(t, e, "mask-1")
	waitLog(t, e, "HANDLER_EVENT "+id)
	logs := e.Logs()
	for line := range strings.Lines(logs) {
		if strings.HasPrefix(line, "HANDLER_EVENT "+id) && strings.Contains(line, "4111111111111111") {
			t.Errorf("the handler saw the card number: %s", line)
		}
	}
}

// TestPolicyMaskResponse: the handler sees the secret, the caller gets it masked.
func TestPolicyMaskResponse(t *testing.T) {
	e := startWithPolicy(t, nil)
	ev := apigwV2(t, "POST", "/echo", "", map[string]string{"x-test-policy": "mask-response", "x-marker": "mres-1"},
		`{"secret":"hunter2","visible":"yes"}`)
	h := parseHTTPResult(t, invoke(t, e, ev))
	var body map[string]any
	if err := json.Unmarshal([]byte(h.Body), &body); err != nil {
		t.Fatalf("response body %q: %v", h.Body, err)
	}
	if body["secret"] != "[MASKED]" || body["visible"] != "yes" {
		t.Errorf("response body %q, want secret masked and visible intact", h.Body)
	}
	id := waitHandler(t, e, "mres-1")
	if line := waitLog(t, e, "HANDLER_EVENT "+id); !strings.Contains(line, "hunter2") {
		t.Errorf("the handler did not see the unmasked secret: %s", line)
	}
}

// TestPolicyMaskDirectEvent: a non-HTTP event masked at a payload path.
func TestPolicyMaskDirectEvent(t *testing.T) {
	e := startWithPolicy(t, nil)
	r := invoke(t, e, []byte(`{"secret":"s3cr3t","keep":1}`))
	if r.status != 200 || strings.Contains(string(r.body), "s3cr3t") || !strings.Contains(string(r.body), "[MASKED]") {
		t.Errorf("echo of a masked event: %s", describe(r))
	}
}

// TestPolicyAudit: in audit mode the blocking rule changes nothing for the
// caller or the handler, but the decision is logged.
func TestPolicyAudit(t *testing.T) {
	e := startWithPolicy(t, map[string]string{"LAMBDA_FIREWALL_MODE": "audit"})
	ev := apigwV2(t, "GET", "/users", "", map[string]string{"x-test-policy": "block", "x-marker": "audit-1"}, `{"ok":1}`)
	h := parseHTTPResult(t, invoke(t, e, ev))
	if h.StatusCode != 200 || h.Body != `{"ok":1}` {
		t.Errorf("audit mode changed the answer: %+v", h)
	}
	waitHandler(t, e, "audit-1")
	waitLog(t, e, `"msg":"decision"`)
	logs := e.Logs()
	d := decisionFor(logs, "event", func(d map[string]any) bool { return d["action"] == "block" })
	if d == nil || d["enforced"] != false {
		t.Errorf("want a logged, unenforced block decision, got %v", d)
	}
}

// TestPolicySQSBlocked: a blocked SQS event is answered with the policy's
// error (Function.PolicyViolation) without reaching the handler.
func TestPolicySQSBlocked(t *testing.T) {
	e := startWithPolicy(t, nil)
	r := invoke(t, e, sqsEvent(t, "sqs-blocked", "fine", "please BLOCKME now"))
	var fnErr struct{ ErrorType, ErrorMessage string }
	_ = json.Unmarshal(r.body, &fnErr)
	if fnErr.ErrorType != "Function.PolicyViolation" {
		t.Errorf("blocked SQS event: %s, want a Function.PolicyViolation error", describe(r))
	}
	ok := invoke(t, e, sqsEvent(t, "sqs-ok", "fine"))
	if ok.status != 200 || !strings.Contains(string(ok.body), `"fine"`) {
		t.Errorf("next SQS event: %s", describe(ok))
	}
	waitHandler(t, e, "sqs-ok-0") // logs are ordered: sqs-blocked-0 would be before
	if n := handlerInvocations(e.Logs(), "sqs-blocked-0"); n != 0 {
		t.Errorf("the blocked SQS event reached the handler %d times", n)
	}
}
