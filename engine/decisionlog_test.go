package engine

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// jsonLogger logs JSON lines to w, as cmd does to stdout.
func jsonLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// decisionLines parses every line of logs and returns those of msg
// "decision". Every line must be JSON.
func decisionLines(t *testing.T, logs string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %v", err)
		}
		if m["msg"] == "decision" {
			out = append(out, m)
		}
	}
	return out
}

// decisionLine returns the one decision line of logs.
func decisionLine(t *testing.T, logs string) map[string]any {
	t.Helper()
	lines := decisionLines(t, logs)
	if len(lines) != 1 {
		t.Fatalf("got %d decision lines, want 1:\n%s", len(lines), logs)
	}
	return lines[0]
}

// Secrets planted in payloads; none may reach the log.
var plantedSecrets = []string{
	"4111111111111111", "4111-1111-1111-1111", "hunter2-Pa55w0rd",
	"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "ZZ-UNIQUE-MARKER-7f3a9c",
}

func TestDecisionLogNeverLogsPayload(t *testing.T) {
	event := `{"version":"2.0","routeKey":"POST /pay","rawPath":"/pay","rawQueryString":"pw=hunter2-Pa55w0rd",` +
		`"headers":{"x-secret":"ZZ-UNIQUE-MARKER-7f3a9c"},"requestContext":{"http":{"method":"POST","path":"/pay","sourceIp":"1.2.3.4"},"requestId":"r"},` +
		`"body":"{\"card\":\"4111111111111111\",\"card2\":\"4111-1111-1111-1111\",\"aws\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}","isBase64Encoded":false}`
	sqs := `{"Records":[{"messageId":"m","eventSource":"aws:sqs","body":"ZZ-UNIQUE-MARKER-7f3a9c 4111111111111111 hunter2-Pa55w0rd"}]}`
	response := `{"statusCode":200,"body":"{\"card\":\"4111111111111111\",\"pw\":\"hunter2-Pa55w0rd\",\"k\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\",\"m\":\"ZZ-UNIQUE-MARKER-7f3a9c\"}"}`
	reasons := []policy.Reason{{ID: "pci-1", Category: "pci", Severity: "high",
		Message: "card 4111111111111111 found", Path: []any{"http", "body_json", "card"}}}
	masks := []policy.Mask{
		{Path: []any{"http", "body_json", "card"}, Strategy: "last4"},
		{Path: []any{"payload", "headers", "x-secret"}},
	}
	respMasks := []policy.Mask{{Path: []any{"response", "body_json", "card"}}}
	secretErr := errors.New("eval failed on 4111111111111111 and ZZ-UNIQUE-MARKER-7f3a9c")
	cases := []struct {
		name   string
		d      Decider
		cfg    Config
		phase  inspectPhase
		inputs string
	}{
		{"allow", decides(policy.Decision{Action: "allow"}), Config{}, inspectEvent, event},
		{"mask", decides(policy.Decision{Action: "mask", Reasons: reasons, Mask: masks}), Config{}, inspectEvent, event},
		{"mask failed", decides(policy.Decision{Action: "mask", Reasons: reasons, Mask: []policy.Mask{{Path: []any{"payload", "no-such-field"}}}}), Config{}, inspectEvent, event},
		{"block", decides(policy.Decision{Action: "block", Reasons: reasons}), Config{}, inspectEvent, event},
		{"block sqs", decides(policy.Decision{Action: "block", Reasons: reasons}), Config{}, inspectEvent, sqs},
		{"error", fails(secretErr), Config{}, inspectEvent, event},
		{"panic", panics(secretErr), Config{}, inspectEvent, sqs},
		{"timeout", waitsForContext(), Config{EvalTimeout: time.Millisecond}, inspectEvent, event},
		{"audit block", decides(policy.Decision{Action: "block", Reasons: reasons}), Config{Mode: ModeAudit}, inspectEvent, event},
		{"audit mask", decides(policy.Decision{Action: "mask", Reasons: reasons, Mask: masks}), Config{Mode: ModeAudit}, inspectEvent, event},
		{"response mask", decides(policy.Decision{Action: "mask", Reasons: reasons, Mask: respMasks}), Config{}, inspectResponse, response},
		{"response block", decides(policy.Decision{Action: "block", Reasons: reasons}), Config{}, inspectResponse, response},
		{"response error", fails(secretErr), Config{FailOpen: true}, inspectResponse, response},
	}
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logs strings.Builder
			cfg := tc.cfg
			cfg.Logger = jsonLogger(&logs)
			cfg.Metrics = true
			cfg.Bundles = map[string]string{"default": "v1"}
			e := New(tc.d, cfg)
			memo := New(decides(policy.Decision{Action: "allow"}), Config{}).InspectEvent(context.Background(), goldenInvocation(), []byte(event)).Memo
			if tc.phase == inspectEvent {
				e.InspectEvent(context.Background(), goldenInvocation(), []byte(tc.inputs))
			} else {
				e.InspectResponse(context.Background(), goldenInvocation(), memo, []byte(tc.inputs))
			}
			for _, s := range plantedSecrets {
				if strings.Contains(logs.String(), s) {
					t.Errorf("log contains planted secret %q:\n%s", s, logs.String())
				}
			}
			line := decisionLine(t, logs.String())
			for _, f := range []string{"decision_id", "timestamp", "path", "bundles", "metrics", "request_id", "phase",
				"source", "action", "verdict", "enforced", "mode", "rule_ids", "categories", "masked_paths"} {
				if _, ok := line[f]; !ok {
					t.Errorf("decision line lacks %q: %v", f, line)
				}
			}
			if id, _ := line["decision_id"].(string); !uuid.MatchString(id) {
				t.Errorf("decision_id = %q, want a v4 UUID", id)
			}
			if ts, _ := line["timestamp"].(string); ts == "" || func() bool { _, err := time.Parse(time.RFC3339Nano, ts); return err != nil }() {
				t.Errorf("timestamp = %q, want RFC 3339", ts)
			}
			if line["path"] != "lambda_firewall/decision" || line["phase"] != string(tc.phase) ||
				line["request_id"] != goldenInvocation().RequestID || line["enforced"] != (cfg.Mode != ModeAudit) {
				t.Errorf("decision line = %v", line)
			}
			if b, _ := line["bundles"].(map[string]any); b["default"].(map[string]any)["revision"] != "v1" {
				t.Errorf("bundles = %v, want default at v1", line["bundles"])
			}
			m, _ := line["metrics"].(map[string]any)
			for _, k := range []string{"timer_rego_query_eval_ns", "timer_input_build_ns", "timer_apply_ns"} {
				if _, ok := m[k].(float64); !ok {
					t.Errorf("metrics lacks %s: %v", k, m)
				}
			}
		})
	}
}

func TestDecisionLogFields(t *testing.T) {
	event := readEventFile(t, "apigw-request.json")
	d := policy.Decision{Action: "mask",
		Reasons: []policy.Reason{{ID: "pii-1", Category: "pii", Severity: "low"}, {ID: "pci-2", Category: "pci"}, {ID: "pii-3", Category: "pii"}},
		Mask:    []policy.Mask{{Path: []any{"http", "body_json", "a"}}}}
	var logs strings.Builder
	New(decides(d), Config{Logger: jsonLogger(&logs), Query: "data.custom.pkg.decision"}).
		InspectEvent(context.Background(), goldenInvocation(), event)
	got := decisionLine(t, logs.String())
	want := map[string]any{
		"path":         "custom/pkg/decision",
		"source":       "apigw_rest",
		"action":       "mask",
		"verdict":      "replace",
		"mode":         "enforce",
		"enforced":     true,
		"rule_ids":     []any{"pii-1", "pci-2", "pii-3"},
		"categories":   []any{"pci", "pii"},
		"masked_paths": []any{[]any{"http", "body_json", "a"}},
		"reasons": []any{
			map[string]any{"id": "pii-1", "category": "pii", "severity": "low"},
			map[string]any{"id": "pci-2", "category": "pci"},
			map[string]any{"id": "pii-3", "category": "pii"},
		},
	}
	for k, w := range want {
		gb, _ := json.Marshal(got[k])
		wb, _ := json.Marshal(w)
		if string(gb) != string(wb) {
			t.Errorf("%s = %s, want %s", k, gb, wb)
		}
	}
	if _, ok := got["error"]; ok {
		t.Errorf("error logged for a clean decision: %v", got["error"])
	}
	if m := got["metrics"].(map[string]any); m["timer_rego_query_eval_ns"] != float64(1500) {
		t.Errorf("timer_rego_query_eval_ns = %v, want the Result's 1500", m["timer_rego_query_eval_ns"])
	}
}

func TestDecisionIDsAreUnique(t *testing.T) {
	seen := make(map[string]bool)
	for range 1000 {
		id := newDecisionID()
		if seen[id] {
			t.Fatalf("duplicate decision id %s", id)
		}
		seen[id] = true
	}
}

func BenchmarkLogDecision(b *testing.B) {
	e := New(nil, Config{Logger: jsonLogger(io.Discard), Bundles: map[string]string{"default": "v1"}})
	rec := &decisionRecord{start: time.Now(), requestID: "r", phase: inspectEvent, source: SourceAPIGWHTTP,
		action: "mask", verdict: Replace, enforced: true,
		reasons: []policy.Reason{{ID: "pci-1", Category: "pci", Severity: "high"}},
		masked:  [][]any{{"http", "body_json", "card"}}}
	b.ReportAllocs()
	for b.Loop() {
		e.logDecision(context.Background(), rec)
	}
}

func BenchmarkLogDecisionAllow(b *testing.B) {
	e := New(nil, Config{Logger: jsonLogger(io.Discard), Bundles: map[string]string{"default": "v1"}})
	rec := &decisionRecord{start: time.Now(), requestID: "r", phase: inspectEvent, source: SourceAPIGWHTTP,
		action: "allow", verdict: Allow, enforced: true}
	b.ReportAllocs()
	for b.Loop() {
		e.logDecision(context.Background(), rec)
	}
}
