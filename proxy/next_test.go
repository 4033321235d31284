package proxy

import (
	"bytes"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// An allowed event reaches the runtime byte-exact with every upstream
// header, including ones the proxy does not know, and one Content-Length.
func TestNextAllowIsByteExact(t *testing.T) {
	up := newFakeRuntimeAPI(t)
	_, url := newTestProxy(t, Config{Upstream: up.addr()})
	event := "{\"z\":1,  \"a\":9007199254740993,\n\"s\":\"<\\u003c>\u00e9\",\"n\":[1e400]}"
	up.queue("req-1", event, http.Header{
		headerDeadlineMS:              {"1700000000000"},
		headerFunctionARN:             {"arn:aws:lambda:eu-west-1:123456789012:function:f"},
		headerTraceID:                 {"Root=1-abc;Parent=def;Sampled=1"},
		headerClientCtx:               {`{"client":{}}`},
		headerCognito:                 {`{"cognitoIdentityId":"x"}`},
		headerTenantID:                {"tenant-7"},
		"Lambda-Runtime-Future-Thing": {"v1", "v2"},
	})
	resp, body := do(t, http.MethodGet, url+pathNext, nil, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if string(body) != event {
		t.Fatalf("event changed:\n got %q\nwant %q", body, event)
	}
	for k, want := range map[string]string{
		headerRequestID: "req-1", headerDeadlineMS: "1700000000000", headerTenantID: "tenant-7",
		headerTraceID: "Root=1-abc;Parent=def;Sampled=1", "Content-Type": "application/json",
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	if got := resp.Header.Values("Lambda-Runtime-Future-Thing"); len(got) != 2 {
		t.Errorf("unknown header values = %q, want both", got)
	}
	if got := resp.Header.Values("Content-Length"); len(got) != 1 {
		t.Errorf("Content-Length values = %q, want exactly one", got)
	}
}

// The inspector sees the invocation metadata of the /next headers.
func TestNextPassesInvocationToInspector(t *testing.T) {
	up := newFakeRuntimeAPI(t)
	insp := &fakeInspector{}
	_, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp})
	up.queue("req-9", `{}`, http.Header{headerDeadlineMS: {"42"}, headerFunctionARN: {"arn:x"},
		headerTraceID: {"t"}, headerClientCtx: {"cc"}, headerCognito: {"ci"}, headerTenantID: {"tn"}})
	do(t, http.MethodGet, url+pathNext, nil, nil)
	want := engine.Invocation{RequestID: "req-9", DeadlineMs: 42, InvokedFunctionARN: "arn:x", TraceID: "t",
		ClientContext: "cc", CognitoIdentity: "ci", TenantID: "tn"}
	if len(insp.events) != 1 || insp.events[0] != want {
		t.Fatalf("inspector saw %+v, want %+v", insp.events, want)
	}
}

func TestNextReplace(t *testing.T) {
	up := newFakeRuntimeAPI(t)
	insp := &fakeInspector{event: func(engine.Invocation, []byte) engine.Verdict {
		return engine.Verdict{Action: engine.Replace, Payload: []byte(`{"card":"[MASKED]"}`)}
	}}
	_, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp})
	up.queue("req-1", `{"card":"4111111111111111"}`, nil)
	resp, body := do(t, http.MethodGet, url+pathNext, nil, nil)
	if string(body) != `{"card":"[MASKED]"}` {
		t.Fatalf("runtime got %q", body)
	}
	if resp.ContentLength != int64(len(body)) {
		t.Fatalf("Content-Length %d for a %d-byte body", resp.ContentLength, len(body))
	}
}

// A blocked event never reaches the runtime: the proxy answers it on the
// runtime's behalf and hands the runtime's one /next call the next event.
func TestNextBlockAnswersAndFetchesNext(t *testing.T) {
	ctx := testCtx(t)
	up := newFakeRuntimeAPI(t)
	insp := &fakeInspector{event: func(inv engine.Invocation, _ []byte) engine.Verdict {
		switch inv.RequestID {
		case "blocked-http":
			return engine.Verdict{Action: engine.Respond, Payload: []byte(`{"statusCode":403}`)}
		case "blocked-sqs":
			return engine.Verdict{Action: engine.Fail, ErrorType: "Function.PolicyViolation", ErrorMessage: "blocked"}
		case "bad-type":
			return engine.Verdict{Action: engine.Fail, ErrorType: "not a type"}
		}
		return engine.Verdict{Action: engine.Allow}
	}}
	_, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp})
	up.queue("blocked-http", `{"attack":1}`, nil)
	up.queue("blocked-sqs", `{"attack":2}`, nil)
	up.queue("bad-type", `{"attack":3}`, nil)
	up.queue("fine", `{"ok":true}`, nil)

	resp, body := do(t, http.MethodGet, url+pathNext, nil, nil)
	if got := resp.Header.Get(headerRequestID); got != "fine" || string(body) != `{"ok":true}` {
		t.Fatalf("runtime got %s %q, want the allowed event", got, body)
	}

	p := up.nextPost(ctx)
	if p.path != pathInvocation+"blocked-http/response" || string(p.body) != `{"statusCode":403}` {
		t.Errorf("first answer: %s %q", p.path, p.body)
	}
	p = up.nextPost(ctx)
	if p.path != pathInvocation+"blocked-sqs/error" || p.header.Get(headerErrorType) != "Function.PolicyViolation" {
		t.Errorf("second answer: %s type %q", p.path, p.header.Get(headerErrorType))
	}
	if want := `{"errorMessage":"blocked","errorType":"Function.PolicyViolation"}`; string(p.body) != want {
		t.Errorf("error body %s, want %s", p.body, want)
	}
	p = up.nextPost(ctx)
	if p.path != pathInvocation+"bad-type/error" || p.header.Get(headerErrorType) != defaultBlockErrorType {
		t.Errorf("malformed error type not replaced: %s %q", p.path, p.header.Get(headerErrorType))
	}
}

// Upstream answers other than 200 on /next reach the runtime unchanged.
func TestNextRelaysUpstreamErrors(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusForbidden, http.StatusInternalServerError} {
		up := newFakeRuntimeAPI(t)
		_, url := newTestProxy(t, Config{Upstream: up.addr()})
		up.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Lambda-Runtime-X", "y")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"errorType":"X"}`))
		})
		resp, body := do(t, http.MethodGet, url+pathNext, nil, nil)
		if resp.StatusCode != status || string(body) != `{"errorType":"X"}` || resp.Header.Get("Lambda-Runtime-X") != "y" {
			t.Errorf("status %d: runtime got %d %q", status, resp.StatusCode, body)
		}
	}
}

func TestNextUpstreamUnreachable(t *testing.T) {
	up := newFakeRuntimeAPI(t)
	addr := up.addr()
	up.srv.Close()
	_, url := newTestProxy(t, Config{Upstream: addr})
	resp, body := do(t, http.MethodGet, url+pathNext, nil, nil)
	if resp.StatusCode != http.StatusBadGateway || !bytes.Contains(body, []byte(errTypeUpstream)) {
		t.Fatalf("got %d %q, want 502 with an error JSON", resp.StatusCode, body)
	}
}

// A panicking inspector loses nothing: the event is blocked (fail closed)
// and answered upstream with an error, and the runtime gets the next event;
// a panic on a response posts an error instead of the response.
func TestInspectorPanicFailsClosed(t *testing.T) {
	ctx := testCtx(t)
	up := newFakeRuntimeAPI(t)
	insp := &fakeInspector{
		event: func(inv engine.Invocation, _ []byte) engine.Verdict {
			if inv.RequestID == "req-1" {
				panic("boom")
			}
			return engine.Verdict{Action: engine.Allow}
		},
		response: func(engine.Invocation, any, []byte) engine.Verdict { panic("boom") },
	}
	_, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp})
	up.queue("req-1", `{"a":1}`, nil)
	up.queue("req-2", `{"b":2}`, nil)
	resp, body := do(t, http.MethodGet, url+pathNext, nil, nil)
	if resp.Header.Get(headerRequestID) != "req-2" || string(body) != `{"b":2}` {
		t.Fatalf("runtime got %s %q, want the next event", resp.Header.Get(headerRequestID), body)
	}
	p := up.nextPost(ctx)
	if p.path != pathInvocation+"req-1/error" || p.header.Get(headerErrorType) != defaultBlockErrorType {
		t.Fatalf("panicked event answered with %s %q", p.path, p.header.Get(headerErrorType))
	}
	r, _ := do(t, http.MethodPost, url+pathInvocation+"req-2/response", nil, []byte(`{"secret":1}`))
	if r.StatusCode != http.StatusAccepted {
		t.Fatalf("response status %d", r.StatusCode)
	}
	if p := up.nextPost(ctx); p.path != pathInvocation+"req-2/error" || bytes.Contains(p.body, []byte("secret")) {
		t.Fatalf("panicked response forwarded as %s %q", p.path, p.body)
	}
}
