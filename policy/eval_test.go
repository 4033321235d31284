package policy

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/rego"
)

func TestEval(t *testing.T) {
	e := mustLoad(t, Options{Paths: []string{"testdata/basic", "testdata/extra"}})
	tests := []struct {
		name     string
		input    string
		action   string
		reasonID string
		code     string
	}{
		{"benign", `{"phase":"event","payload":{"a":1},"http":{"query":{"q":["hello"]}}}`, ActionAllow, "", ""},
		{"sqli in query", `{"http":{"query":{"q":["x","1' OR '1'='1"]}}}`, ActionBlock, "942100", ""},
		{"encoded sqli", `{"http":{"query":{"id":["1%27%20UNION%20SELECT%20password%20FROM%20users--"]}}}`, ActionBlock, "942100", ""},
		{"xss", `{"http":{"query":{"q":["&lt;script&gt;alert(1)&lt;/script&gt;"]}}}`, ActionBlock, "941100", ""},
		{"data from second bundle", `{"http":{"query":{},"source_ip":"203.0.113.9"}}`, ActionBlock, "denylist", ""},
		{"mask", `{"payload":{"card":"4111-1111-1111-1111"}}`, ActionMask, "", ""},
		{"override valid", `{"override":{"action":"block","error":{"type":"Function.Custom"}}}`, ActionBlock, "", ""},
		{"override invalid", `{"override":{"action":"block","extra":1}}`, "", "", CodeInvalidDecision},
		{"override wrong type", `{"override":"allow"}`, "", "", CodeInvalidDecision},
		{"input not JSON", `{"payload":`, "", "", CodeInvalidInput},
		{"empty input", ``, "", "", CodeInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.Eval(context.Background(), []byte(tt.input))
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("code %q, want %q (err %v)", got, tt.code, err)
			}
			if tt.code != "" {
				return
			}
			if res.Decision.Action != tt.action {
				t.Errorf("action %q, want %q", res.Decision.Action, tt.action)
			}
			if tt.reasonID != "" && (len(res.Decision.Reasons) == 0 || res.Decision.Reasons[0].ID != tt.reasonID) {
				t.Errorf("reasons %+v, want id %q", res.Decision.Reasons, tt.reasonID)
			}
			if res.EvalNs <= 0 {
				t.Errorf("EvalNs = %d, want > 0", res.EvalNs)
			}
		})
	}
}

func TestEvalTimeout(t *testing.T) {
	e := mustLoad(t, Options{Paths: []string{"testdata/basic"}})
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	_, err := e.Eval(ctx, []byte(`{"slow":true}`))
	if ErrorCode(err) != CodeTimeout {
		t.Fatalf("code %q, want %q (err %v)", ErrorCode(err), CodeTimeout, err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v does not wrap context.DeadlineExceeded", err)
	}
	if !errors.Is(err, &Error{Code: CodeTimeout}) || errors.Is(err, &Error{Code: CodeEvalError}) {
		t.Errorf("errors.Is by code is wrong for %v", err)
	}
}

func TestEvalCanceled(t *testing.T) {
	e := mustLoad(t, Options{Paths: []string{"testdata/basic"}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.Eval(ctx, []byte(`{"slow":true}`))
	if ErrorCode(err) != CodeCanceled || !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want a canceled error", err)
	}
}

func TestEvalConcurrent(t *testing.T) {
	e := mustLoad(t, Options{Paths: []string{"testdata/basic"}})
	inputs := []struct {
		input, action string
	}{
		{`{"http":{"query":{"q":["1' OR '1'='1"]}}}`, ActionBlock},
		{`{"http":{"query":{"q":["hello"]}}}`, ActionAllow},
		{`{"payload":{"card":"4111111111111111"}}`, ActionMask},
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(inputs))
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				in := inputs[(g+i)%len(inputs)]
				res, err := e.Eval(context.Background(), []byte(in.input))
				if err != nil || res.Decision.Action != in.action {
					errs <- fmt.Errorf("input %s: got %q, %v; want %q", in.input, res.Decision.Action, err, in.action)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestBundlesIsACopy(t *testing.T) {
	e := mustLoad(t, Options{Paths: []string{"testdata/basic"}})
	e.Bundles()["testdata/basic"] = "changed"
	if got := e.Bundles()["testdata/basic"]; got != "basic-rev-1" {
		t.Fatalf("Bundles() shares its map: revision now %q", got)
	}
}

func TestRuntimeHasNoEnv(t *testing.T) {
	t.Setenv("LAMBDA_FIREWALL_TEST_SECRET", "s3cr3t")
	rs, err := rego.New(rego.Query("x := opa.runtime()"), rego.Runtime(runtimeTerm())).Eval(context.Background())
	if err != nil || len(rs) != 1 {
		t.Fatalf("eval: %v, %v", rs, err)
	}
	rt, ok := rs[0].Bindings["x"].(map[string]any)
	if !ok {
		t.Fatalf("opa.runtime() = %T", rs[0].Bindings["x"])
	}
	if env, ok := rt["env"].(map[string]any); !ok || len(env) != 0 {
		t.Errorf("opa.runtime().env = %v, want an empty object", rt["env"])
	}
	if rt["version"] == "" {
		t.Errorf("opa.runtime().version is empty")
	}
}

func TestEvalDeadlineDuringEvaluation(t *testing.T) {
	e := mustLoad(t, Options{Paths: []string{"testdata/basic"}})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
	defer cancel()
	res, err := e.Eval(ctx, []byte(`{"slow":true}`))
	if ErrorCode(err) != CodeTimeout {
		t.Fatalf("code %q, want %q (err %v)", ErrorCode(err), CodeTimeout, err)
	}
	if res.EvalNs <= 0 {
		t.Errorf("EvalNs = %d on timeout, want > 0", res.EvalNs)
	}
}

func TestEvalError(t *testing.T) {
	const conflicting = `package lambda_firewall

default decision := {"action": "allow"}

decision := {"action": "allow"} if input.a

decision := {"action": "block"} if input.b
`
	e := mustLoad(t, Options{Paths: []string{writeDir(t, testBundle(t, conflicting, ""))}})
	_, err := e.Eval(context.Background(), []byte(`{"a":true,"b":true}`))
	if ErrorCode(err) != CodeEvalError {
		t.Fatalf("code %q, want %q (err %v)", ErrorCode(err), CodeEvalError, err)
	}
}

func FuzzEval(f *testing.F) {
	e := mustLoad(f, Options{Paths: []string{"testdata/basic"}})
	for _, s := range []string{`{}`, `{"http":{"query":{"q":["1' OR 1=1"]}}}`, `{"override":{"action":"mask","mask":[{"path":["a"]}]}}`, `[`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		res, err := e.Eval(context.Background(), input)
		if err != nil {
			if ErrorCode(err) == "" {
				t.Fatalf("error without a code: %v", err)
			}
			return
		}
		switch res.Decision.Action {
		case ActionAllow, ActionMask, ActionBlock:
		default:
			t.Fatalf("action %q", res.Decision.Action)
		}
	})
}
