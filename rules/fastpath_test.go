package rules_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/internal/detect"
	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

// fastPathResponses are handler responses for the response phase: plain,
// API Gateway shaped, with PII by field name and by value, and not JSON.
var fastPathResponses = []string{
	`{"ok":true}`,
	`{"statusCode":201,"headers":{"content-type":"application/json"},"body":"{\"order\":\"o-1042\",\"status\":\"accepted\"}","isBase64Encoded":false}`,
	`{"statusCode":200,"body":"{\"user\":{\"email\":\"jane@example.com\",\"card\":\"4111 1111 1111 1111\"}}"}`,
	`{"statusCode":200,"headers":{"content-type":"text/plain"},"body":"call 555-0100, SSN 123-45-6789"}`,
	`{"password":"hunter2","aws_secret_access_key":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}`,
	`"just a string"`,
	`[1,2,{"iban":"DE89 3704 0044 0532 0130 00"}]`,
	`null`,
}

// TestFastPathSameDecisions checks that the evaluator's fast path (see
// policy.Evaluator.FastPath) decides exactly as the Rego evaluator does, on
// the sample events, the benign corpus and every event of aws-lambda-go's
// testdata, in the event phase and, after each, in the response phase
// with each of fastPathResponses. The CRS corpus is compared in
// internal/detect.
func TestFastPathSameDecisions(t *testing.T) {
	ctx := context.Background()
	fast, err := policy.Load(ctx, policy.Options{Embedded: rules.Default})
	if err != nil {
		t.Fatal(err)
	}
	slow, err := policy.Load(ctx, policy.Options{Embedded: rules.Default, RegoOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, _ := fast.FastPath(); !ok {
		t.Fatal("the default pack has no fast path")
	}
	if ok, _, _ := slow.FastPath(); ok {
		t.Fatal("RegoOnly left the fast path on")
	}
	events := fastPathEvents(t)
	inv := engine.Invocation{RequestID: "fast-path"}
	fn := engine.FunctionInfo{Name: "fast-path"}
	compare := func(name string, input []byte) {
		t.Helper()
		a, errA := fast.Eval(ctx, input)
		b, errB := slow.Eval(ctx, input)
		if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() {
			t.Errorf("%s: fast path error %v, Rego %v", name, errA, errB)
		}
		if !reflect.DeepEqual(a.Decision, b.Decision) {
			t.Errorf("%s: fast path decided %+v, Rego %+v", name, a.Decision, b.Decision)
		}
	}
	actions := map[string]int{}
	for name, event := range events {
		input, memo, err := engine.BuildEventInput(event, inv, fn, engine.InputOptions{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		compare(name, input)
		res, _ := slow.Eval(ctx, input)
		actions[res.Decision.Action]++
		for i, resp := range fastPathResponses {
			input, err := engine.BuildResponseInput([]byte(resp), inv, fn, memo, engine.InputOptions{})
			if err != nil {
				t.Fatalf("%s response %d: %v", name, i, err)
			}
			compare(name+" response "+fastPathResponses[i][:min(20, len(resp))], input)
		}
	}
	// The comparison covers each outcome, not only allows.
	if actions["allow"] == 0 || actions["block"] == 0 || actions["mask"] == 0 {
		t.Errorf("decisions compared by action: %v, want each of allow, block and mask", actions)
	}
	t.Logf("%d events (%v), each with %d responses", len(events), actions, len(fastPathResponses))
}

// fastPathEvents returns the events of testdata/events, of the benign
// corpus and of aws-lambda-go's events/testdata, by name.
func fastPathEvents(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	files, _ := filepath.Glob("testdata/events/*.json")
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-lambda-go").Output()
	if err != nil {
		t.Fatalf("locate aws-lambda-go: %v", err)
	}
	sdk, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(dir)), "events", "testdata", "*.json"))
	if len(sdk) < 100 {
		t.Fatalf("aws-lambda-go testdata: %d events, want 100+", len(sdk))
	}
	for _, f := range append(files, sdk...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	benign, err := detect.LoadBenign("testdata/benign")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range benign {
		out["benign "+b.Name] = b.Event
	}
	return out
}

// TestEventsAndResponsesConcurrently decides events and their responses
// from several goroutines at once on one evaluator, as a function with
// AWS_LAMBDA_MAX_CONCURRENCY does: the responses share the parsed "http"
// views of the events (and, with -race, the race detector watches them).
// Every verdict must equal the one of a sequential run.
func TestEventsAndResponsesConcurrently(t *testing.T) {
	ctx := context.Background()
	newEngine := func() *engine.Engine {
		ev, err := policy.Load(ctx, policy.Options{Embedded: rules.Default})
		if err != nil {
			t.Fatal(err)
		}
		return engine.New(ev, engine.Config{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	}
	events, err := filepath.Glob("testdata/events/apigw_http-*.json")
	if err != nil || len(events) == 0 {
		t.Fatalf("events: %v %v", events, err)
	}
	type outcome struct{ event, response engine.Verdict }
	decide := func(eng *engine.Engine, event []byte, resp string) outcome {
		inv := engine.Invocation{RequestID: "concurrent"}
		v := eng.InspectEvent(ctx, inv, event)
		return outcome{v, eng.InspectResponse(ctx, inv, v.Memo, []byte(resp))}
	}
	seq := newEngine()
	var bodies [][]byte
	var want []outcome
	for _, f := range events {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range fastPathResponses {
			bodies = append(bodies, b)
			want = append(want, decide(seq, b, r))
		}
	}
	shared := newEngine()
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := range 8 {
		wg.Go(func() {
			for k := range 3 * len(bodies) {
				i := (g*7 + k) % len(bodies)
				got := decide(shared, bodies[i], fastPathResponses[i%len(fastPathResponses)])
				if got.event.Action != want[i].event.Action || !bytes.Equal(got.event.Payload, want[i].event.Payload) ||
					got.response.Action != want[i].response.Action || !bytes.Equal(got.response.Payload, want[i].response.Payload) {
					errs <- fmt.Sprintf("case %d: got %v/%v, want %v/%v", i, got.event.Action, got.response.Action,
						want[i].event.Action, want[i].response.Action)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
