package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

func loadDefault(t testing.TB) *policy.Evaluator {
	t.Helper()
	ev, err := policy.Load(context.Background(), policy.Options{Embedded: rules.Default})
	if err != nil {
		t.Fatalf("load default bundle: %v", err)
	}
	return ev
}

func decide(t testing.TB, ev *policy.Evaluator, event []byte) policy.Decision {
	t.Helper()
	input, _, err := engine.BuildEventInput(event, engine.Invocation{RequestID: "test"}, engine.FunctionInfo{Name: "test"}, engine.InputOptions{})
	if err != nil {
		t.Fatalf("build input: %v", err)
	}
	res, err := ev.Eval(context.Background(), input)
	if err != nil {
		t.Fatalf("eval: %v", err)
	}
	return res.Decision
}

// TestSampleEvents checks every testdata/events/<name>.<action>.json against
// the action in its name.
func TestSampleEvents(t *testing.T) {
	ev := loadDefault(t)
	files, err := filepath.Glob("testdata/events/*.json")
	if err != nil || len(files) < 20 {
		t.Fatalf("sample events: %d files, err %v", len(files), err)
	}
	sources := map[string]bool{}
	for _, f := range files {
		base := filepath.Base(f)
		parts := strings.Split(base, ".")
		want := parts[len(parts)-2]
		sources[strings.SplitN(base, "-", 2)[0]] = true
		t.Run(base, func(t *testing.T) {
			event, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d := decide(t, ev, event)
			if d.Action != want {
				t.Fatalf("action %q, want %q (reasons %+v, mask %+v)", d.Action, want, d.Reasons, d.Mask)
			}
			if want == "block" && len(d.Reasons) == 0 {
				t.Fatal("block without reasons")
			}
			if want == "mask" && len(d.Mask) == 0 {
				t.Fatal("mask without mask entries")
			}
		})
	}
	for _, s := range []string{"apigw_http", "apigw_rest", "apigw_websocket", "alb", "function_url", "sqs", "sns", "s3", "eventbridge", "dynamodb", "kinesis", "cloudwatch_logs"} {
		if !sources[s] {
			t.Errorf("no sample event for trigger %s", s)
		}
	}
}
