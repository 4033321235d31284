package proxy

import (
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// Paths the proxy does not inspect (the Extensions API that aws-lambda-go's
// WithEnableSIGTERM reaches through AWS_LAMBDA_RUNTIME_API, unknown routes,
// unclean paths, other methods on known paths) go upstream unchanged.
func TestUnknownPathsPassThrough(t *testing.T) {
	tests := []struct{ method, target string }{
		{http.MethodPost, "/2020-01-01/extension/register"},
		{http.MethodGet, "/2020-01-01/extension/event/next"},
		{http.MethodPut, "/2018-06-01/runtime/invocation/next"},
		{http.MethodGet, "/future/api?x=1&y=%2F"},
		{http.MethodGet, "/a//b/../c"},
		{http.MethodGet, "/2018-06-01/runtime/invocation/a%2Fb/response"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			up := newFakeRuntimeAPI(t)
			up.other = func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				w.Header().Set("Lambda-Extension-Identifier", "ext-id")
				w.Header().Set("X-Seen", r.Method+" "+r.RequestURI+" "+r.Header.Get("Lambda-Extension-Name")+" "+string(b))
				w.WriteHeader(http.StatusTeapot)
				_, _ = w.Write([]byte("upstream body"))
			}
			_, url := newTestProxy(t, Config{Upstream: up.addr(),
				Inspector: &fakeInspector{event: func(engine.Invocation, []byte) engine.Verdict {
					t.Error("a pass-through request was inspected")
					return engine.Verdict{}
				}}})
			req, _ := http.NewRequest(tt.method, url, nil)
			req.URL.Opaque = tt.target // send the target exactly, unclean or not
			req.Header.Set("Lambda-Extension-Name", "fn")
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusTeapot || string(body) != "upstream body" {
				t.Fatalf("got %d %q", resp.StatusCode, body)
			}
			if want := tt.method + " " + tt.target + " fn"; resp.Header.Get("X-Seen") != want {
				t.Errorf("upstream saw %q, want %q", resp.Header.Get("X-Seen"), want)
			}
			if resp.Header.Get("Lambda-Extension-Identifier") != "ext-id" {
				t.Errorf("response header lost")
			}
		})
	}
}

// Several /next calls at once (AWS_LAMBDA_MAX_CONCURRENCY > 1) are served
// independently; each response finds its own event's memo.
func TestConcurrentInvocations(t *testing.T) {
	const n = 16
	up := newFakeRuntimeAPI(t)
	insp := &fakeInspector{event: func(inv engine.Invocation, ev []byte) engine.Verdict {
		if inv.RequestID[len(inv.RequestID)-1] == '3' { // req-3 and req-13 are blocked
			return engine.Verdict{Action: engine.Fail, ErrorType: "Function.PolicyViolation", Memo: "x"}
		}
		return engine.Verdict{Action: engine.Allow, Memo: string(ev)}
	}, response: func(inv engine.Invocation, memo any, resp []byte) engine.Verdict {
		if memo != string(resp) {
			t.Errorf("%s: memo %v does not match response %s", inv.RequestID, memo, resp)
		}
		return engine.Verdict{Action: engine.Allow}
	}}
	p, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp, Concurrent: true})
	for i := range n {
		up.queue(fmt.Sprintf("req-%d", i), fmt.Sprintf(`{"i":%d}`, i), nil)
	}
	var wg sync.WaitGroup
	for range n - 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, body := do(t, http.MethodGet, url+pathNext, nil, nil)
			id := resp.Header.Get(headerRequestID)
			r, _ := do(t, http.MethodPost, url+pathInvocation+id+"/response", nil, body)
			if r.StatusCode != http.StatusAccepted {
				t.Errorf("%s: response status %d", id, r.StatusCode)
			}
		}()
	}
	wg.Wait()
	up.mu.Lock()
	defer up.mu.Unlock()
	if len(up.posts) != n {
		t.Fatalf("upstream got %d answers, want %d (every event answered exactly once)", len(up.posts), n)
	}
	seen := map[string]bool{}
	for _, p := range up.posts {
		if seen[p.path] {
			t.Errorf("%s answered twice", p.path)
		}
		seen[p.path] = true
	}
	if p.invokes.len() != 0 {
		t.Errorf("%d invocations left open", p.invokes.len())
	}
}
