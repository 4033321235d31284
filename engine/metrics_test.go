package engine

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// metricLines returns the EMF lines of logs.
func metricLines(t *testing.T, logs string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %v", err)
		}
		if _, ok := m["_aws"]; ok {
			out = append(out, m)
		}
	}
	return out
}

func TestMetricsEMF(t *testing.T) {
	event := readEventFile(t, "apigw-request.json")
	tests := []struct {
		name     string
		d        Decider
		failOpen bool
		action   string
		counts   map[string]float64
	}{
		{"allow", decides(policy.Decision{Action: "allow"}), false, "allow",
			map[string]float64{"Decisions": 1, "Allowed": 1, "Masked": 0, "Blocked": 0, "Errors": 0}},
		{"mask", decides(policy.Decision{Action: "mask", Mask: []policy.Mask{{Path: []any{"http", "body_json", "a"}}}}), false, "mask",
			map[string]float64{"Decisions": 1, "Allowed": 0, "Masked": 1, "Blocked": 0, "Errors": 0}},
		{"block", decides(policy.Decision{Action: "block"}), false, "block",
			map[string]float64{"Decisions": 1, "Allowed": 0, "Masked": 0, "Blocked": 1, "Errors": 0}},
		{"error closed", fails(context.Canceled), false, "block",
			map[string]float64{"Decisions": 1, "Allowed": 0, "Masked": 0, "Blocked": 1, "Errors": 1}},
		{"error open", fails(context.Canceled), true, "allow",
			map[string]float64{"Decisions": 1, "Allowed": 1, "Masked": 0, "Blocked": 0, "Errors": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs strings.Builder
			New(tt.d, Config{Metrics: true, FailOpen: tt.failOpen, Logger: jsonLogger(&logs)}).
				InspectEvent(context.Background(), goldenInvocation(), event)
			lines := metricLines(t, logs.String())
			if len(lines) != 1 {
				t.Fatalf("got %d EMF lines, want 1:\n%s", len(lines), logs.String())
			}
			m := lines[0]
			aws := m["_aws"].(map[string]any)
			if ts, ok := aws["Timestamp"].(float64); !ok || ts <= 0 {
				t.Errorf("_aws.Timestamp = %v, want epoch milliseconds", aws["Timestamp"])
			}
			cwm := aws["CloudWatchMetrics"].([]any)[0].(map[string]any)
			if cwm["Namespace"] != "LambdaFirewall" {
				t.Errorf("Namespace = %v", cwm["Namespace"])
			}
			dims, _ := json.Marshal(cwm["Dimensions"])
			if string(dims) != `[["Phase","Action"]]` {
				t.Errorf("Dimensions = %s", dims)
			}
			units := map[string]string{}
			for _, x := range cwm["Metrics"].([]any) {
				mm := x.(map[string]any)
				units[mm["Name"].(string)] = mm["Unit"].(string)
				if _, ok := m[mm["Name"].(string)].(float64); !ok {
					t.Errorf("metric %v has no numeric value at the root", mm["Name"])
				}
			}
			if units["EvalTime"] != "Microseconds" || units["Decisions"] != "Count" || len(units) != 6 {
				t.Errorf("metric units = %v", units)
			}
			if m["Phase"] != "event" || m["Action"] != tt.action {
				t.Errorf("dimensions Phase=%v Action=%v, want event %s", m["Phase"], m["Action"], tt.action)
			}
			for k, want := range tt.counts {
				if m[k] != want {
					t.Errorf("%s = %v, want %v", k, m[k], want)
				}
			}
		})
	}
}

func TestMetricsOff(t *testing.T) {
	var logs strings.Builder
	New(decides(policy.Decision{Action: "allow"}), Config{Logger: jsonLogger(&logs)}).
		InspectEvent(context.Background(), goldenInvocation(), []byte(`{}`))
	if n := len(metricLines(t, logs.String())); n != 0 {
		t.Errorf("got %d EMF lines with metrics off, want 0", n)
	}
}
