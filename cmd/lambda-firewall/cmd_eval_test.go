package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// The README's worked example: its Rego tests pass and eval shows the
// mask and the block.
func TestWorkedExample(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"lambda-firewall", "test", "../../examples/orders"}, env(nil), &out, &errb); code != 0 {
		t.Fatalf("test exit %d: %s %s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "4 passed, 0 failed") {
		t.Fatalf("test output: %s", out.String())
	}

	tests := []struct {
		event, verdict, action string
		check                  func(t *testing.T, payload string)
	}{
		{"order.json", "replace", "mask", func(t *testing.T, p string) {
			if !strings.Contains(p, `\"card\":\"***************1111\"`) || !strings.Contains(p, "12345678901234567890") {
				t.Errorf("masked payload: %s", p)
			}
		}},
		{"admin.json", "respond", "block", func(t *testing.T, p string) {
			if !strings.Contains(p, `"statusCode":403`) {
				t.Errorf("block response: %s", p)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.event, func(t *testing.T) {
			var out, errb bytes.Buffer
			args := []string{"lambda-firewall", "eval", "--policy", "../../examples/orders", "--event", "../../examples/orders/events/" + tt.event}
			if code := run(context.Background(), args, env(nil), &out, &errb); code != 0 {
				t.Fatalf("eval exit %d: %s", code, errb.String())
			}
			var got evalOutput
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("eval output is not JSON: %v\n%s", err, out.String())
			}
			if got.Verdict != tt.verdict || got.Decision == nil || got.Decision.Action != tt.action || got.Source != "apigw_http" {
				t.Fatalf("eval = %+v", got)
			}
			var compact bytes.Buffer
			_ = json.Compact(&compact, got.Payload)
			tt.check(t, compact.String())
		})
	}
}

func TestEvalUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"lambda-firewall", "eval"}, env(nil), &out, &errb); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if code := run(context.Background(), []string{"lambda-firewall", "nope"}, env(nil), &out, &errb); code != 2 {
		t.Fatalf("exit %d for an unknown command, want 2", code)
	}
}

func TestCapabilitiesListsBuiltins(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"lambda-firewall", "capabilities"}, env(nil), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var caps struct {
		Builtins []struct{ Name string } `json:"builtins"`
	}
	if err := json.Unmarshal(out.Bytes(), &caps); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, b := range caps.Builtins {
		names[b.Name] = true
	}
	for _, want := range []string{"lambda_firewall.sqli", "lambda_firewall.xss", "lambda_firewall.normalize", "lambda_firewall.luhn", "lambda_firewall.iban"} {
		if !names[want] {
			t.Errorf("capabilities lack %s", want)
		}
	}
	if names["http.send"] {
		t.Error("capabilities declare http.send, which is disabled")
	}
}
