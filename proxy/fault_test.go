package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// The fault matrix (SECURITY.md, "Fault matrix"): every case states the
// outcome the runtime sees, and every case checks the invariants: the runtime
// never gets an empty 200, no invocation entry outlives its invocation, and
// no goroutine is left behind.
func TestFaultMatrix(t *testing.T) {
	tests := []struct {
		name    string
		outcome string
		run     func(t *testing.T)
	}{
		{"upstream down at start", "runtime gets 502 JSON on /next, /response and /error", faultUpstreamDown},
		{"upstream gone between next and response", "/response gets 502 JSON", faultUpstreamGoneMidInvoke},
		{"upstream drops the connection on response", "/response gets 502 JSON", faultUpstreamAbortsResponse},
		{"slow long poll", "/next completes after the hold, no timeout", faultSlowLongPoll},
		{"upstream 5xx on next", "status, headers and body relayed unchanged", faultUpstream5xxOnNext},
		{"upstream 413 and 5xx on response", "status and body relayed unchanged", faultUpstreamStatusOnResponse},
		{"runtime crash after next", "the next /next clears the entry", faultRuntimeCrashAfterNext},
		{"runtime gone during long poll", "upstream poll cancelled, nothing left", faultRuntimeGoneDuringPoll},
		{"runtime gone mid response body", "nothing forwarded, entry cleared", faultRuntimeGoneMidResponse},
		{"unknown request id", "forwarded, Runtime API 400 relayed", faultUnknownRequestID},
		{"second response for one id", "forwarded, Runtime API 400 relayed", faultSecondResponse},
		{"block answer refused upstream", "logged; runtime still gets the next event", faultBlockAnswerRefused},
		{"upstream gone while answering a block", "/next gets 502 JSON", faultUpstreamGoneOnBlock},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkNoLeaks(t)
			tt.run(t)
		})
	}
}

// checkNoLeaks fails t if goroutines started during the test outlive its
// cleanups. It must be called first so that its cleanup runs last.
func checkNoLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

// runtimeClient is the function's runtime: a client with its own
// connections, closed when the test ends.
func runtimeClient(t *testing.T) *http.Client {
	t.Helper()
	tr := &http.Transport{Proxy: nil}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

// call performs a runtime-side request; it fails the test on a transport error.
func call(t *testing.T, c *http.Client, ctx context.Context, method, url string, body []byte) (*http.Response, []byte) {
	t.Helper()
	resp, b, err := tryCall(c, ctx, method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// tryCall performs a runtime-side request and reads the whole reply.
func tryCall(c *http.Client, ctx context.Context, method, url string, body []byte) (*http.Response, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, nil, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s %s: %w", method, url, err)
	}
	return resp, b, nil
}

// wantErrorJSON checks a reply the proxy wrote itself: the status, a JSON
// content type and a Runtime API error document of errType.
func wantErrorJSON(t *testing.T, resp *http.Response, body []byte, status int, errType string) {
	t.Helper()
	var doc errorBody
	if resp.StatusCode != status || resp.Header.Get("Content-Type") != contentTypeJSON ||
		json.Unmarshal(body, &doc) != nil || doc.ErrorType != errType || doc.ErrorMessage == "" {
		t.Fatalf("got %d %q (%s), want %d with a %s error JSON", resp.StatusCode, body,
			resp.Header.Get("Content-Type"), status, errType)
	}
}

// closedAddr is a loopback address nobody listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func faultUpstreamDown(t *testing.T) {
	ctx, c := testCtx(t), runtimeClient(t)
	_, url := newTestProxy(t, Config{Upstream: closedAddr(t)})
	for _, r := range []struct{ method, path string }{
		{http.MethodGet, pathNext},
		{http.MethodPost, pathInvocation + "req-1/response"},
		{http.MethodPost, pathInvocation + "req-1/error"},
		{http.MethodPost, "/" + apiVersion + "/runtime/init/error"},
	} {
		var body []byte
		if r.method == http.MethodPost {
			body = []byte(`{}`)
		}
		resp, got := call(t, c, ctx, r.method, url+r.path, body)
		wantErrorJSON(t, resp, got, http.StatusBadGateway, errTypeUpstream)
	}
}

func faultUpstreamGoneMidInvoke(t *testing.T) {
	ctx, c := testCtx(t), runtimeClient(t)
	up := newFakeRuntimeAPI(t)
	p, url := newTestProxy(t, Config{Upstream: up.addr()})
	up.queue("req-1", `{"n":1}`, nil)
	if resp, body := call(t, c, ctx, http.MethodGet, url+pathNext, nil); string(body) != `{"n":1}` {
		t.Fatalf("runtime got %d %q", resp.StatusCode, body)
	}
	up.srv.Close()
	resp, body := call(t, c, ctx, http.MethodPost, url+pathInvocation+"req-1/response", []byte(`{"ok":true}`))
	wantErrorJSON(t, resp, body, http.StatusBadGateway, errTypeUpstream)
	if p.invokes.len() != 0 {
		t.Errorf("open invocations = %d after the response, want 0", p.invokes.len())
	}
}

func faultUpstreamAbortsResponse(t *testing.T) {
	ctx, c := testCtx(t), runtimeClient(t)
	up := newFakeRuntimeAPI(t)
	up.other = func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }
	_, url := newTestProxy(t, Config{Upstream: up.addr()})
	resp, body := call(t, c, ctx, http.MethodPost, url+pathInvocation+"req-1/response", []byte(`{}`))
	wantErrorJSON(t, resp, body, http.StatusBadGateway, errTypeUpstream)
}

// faultSlowLongPoll holds the upstream /next for two seconds with a
// channel: the runtime's poll must still be waiting, then complete.
func faultSlowLongPoll(t *testing.T) {
	ctx, c := testCtx(t), runtimeClient(t)
	up := newFakeRuntimeAPI(t)
	arrived := make(chan struct{}, 1)
	release := make(chan struct{})
	up.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-release:
		case <-r.Context().Done():
			return
		}
		up.serve(w, r)
	})
	_, url := newTestProxy(t, Config{Upstream: up.addr()})
	type result struct {
		status int
		body   []byte
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+pathNext, nil)
		resp, err := c.Do(req)
		if err != nil {
			done <- result{}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		done <- result{resp.StatusCode, b}
	}()
	<-arrived
	hold := time.NewTimer(2 * time.Second)
	defer hold.Stop()
	select {
	case r := <-done:
		t.Fatalf("long poll ended while held upstream: %d %q", r.status, r.body)
	case <-hold.C:
	}
	up.queue("req-slow", `{"slow":true}`, nil)
	close(release)
	if r := <-done; r.status != http.StatusOK || string(r.body) != `{"slow":true}` {
		t.Fatalf("runtime got %d %q after the hold", r.status, r.body)
	}
}

func faultUpstream5xxOnNext(t *testing.T) {
	ctx, c := testCtx(t), runtimeClient(t)
	for _, status := range []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable} {
		up := newFakeRuntimeAPI(t)
		up.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", contentTypeJSON)
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"errorMessage":"down","errorType":"ServiceException"}`))
		})
		_, url := newTestProxy(t, Config{Upstream: up.addr()})
		resp, body := call(t, c, ctx, http.MethodGet, url+pathNext, nil)
		if resp.StatusCode != status || string(body) != `{"errorMessage":"down","errorType":"ServiceException"}` {
			t.Errorf("upstream %d: runtime got %d %q", status, resp.StatusCode, body)
		}
	}
}

func faultUpstreamStatusOnResponse(t *testing.T) {
	ctx, c := testCtx(t), runtimeClient(t)
	for _, status := range []int{http.StatusRequestEntityTooLarge, http.StatusInternalServerError} {
		for _, route := range []string{"req-1/response", "req-1/error"} {
			up := newFakeRuntimeAPI(t)
			up.other = func(w http.ResponseWriter, r *http.Request) {
				_, _ = io.Copy(io.Discard, r.Body)
				w.WriteHeader(status)
				_, _ = w.Write([]byte(`{"errorMessage":"x","errorType":"RequestEntityTooLarge"}`))
			}
			_, url := newTestProxy(t, Config{Upstream: up.addr()})
			resp, body := call(t, c, ctx, http.MethodPost, url+pathInvocation+route, []byte(`{"big":true}`))
			if resp.StatusCode != status || string(body) != `{"errorMessage":"x","errorType":"RequestEntityTooLarge"}` {
				t.Errorf("%s, upstream %d: runtime got %d %q", route, status, resp.StatusCode, body)
			}
		}
	}
}

// faultRuntimeCrashAfterNext: the runtime takes an event and dies without
// answering. Lambda restarts it; its next /next ends the old invocation.
func faultRuntimeCrashAfterNext(t *testing.T) {
	ctx := testCtx(t)
	up := newFakeRuntimeAPI(t)
	p, url := newTestProxy(t, Config{Upstream: up.addr()})
	up.queue("req-crash", `{}`, nil)
	crashed := runtimeClient(t)
	call(t, crashed, ctx, http.MethodGet, url+pathNext, nil)
	crashed.CloseIdleConnections()
	if p.invokes.len() != 1 {
		t.Fatalf("open invocations = %d, want 1", p.invokes.len())
	}
	up.queue("req-after", `{}`, nil)
	restarted := runtimeClient(t)
	if resp, _ := call(t, restarted, ctx, http.MethodGet, url+pathNext, nil); resp.Header.Get(headerRequestID) != "req-after" {
		t.Fatalf("restarted runtime got %q", resp.Header.Get(headerRequestID))
	}
	call(t, restarted, ctx, http.MethodPost, url+pathInvocation+"req-after/response", []byte(`{}`))
	if p.invokes.len() != 0 {
		t.Errorf("open invocations = %d, want 0: the crashed invocation leaked", p.invokes.len())
	}
}

// faultRuntimeGoneDuringPoll: the runtime dies while its /next is held
// upstream. The proxy cancels its own upstream poll.
func faultRuntimeGoneDuringPoll(t *testing.T) {
	up := newFakeRuntimeAPI(t)
	arrived := make(chan struct{}, 1)
	cancelled := make(chan struct{}, 1)
	up.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
		cancelled <- struct{}{}
	})
	p, url := newTestProxy(t, Config{Upstream: up.addr()})
	outer := testCtx(t)
	ctx, cancel := context.WithCancel(outer)
	c := runtimeClient(t)
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+pathNext, nil)
		resp, err := c.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-arrived
	cancel()
	if err := <-errc; err == nil {
		t.Fatal("cancelled poll returned a reply")
	}
	select {
	case <-cancelled:
	case <-outer.Done():
		t.Fatal("the proxy kept polling upstream for a runtime that is gone")
	}
	if p.invokes.len() != 0 {
		t.Errorf("open invocations = %d, want 0", p.invokes.len())
	}
}

// faultRuntimeGoneMidResponse: the runtime dies half-way through posting
// its result. Nothing half-read goes upstream; Lambda times the invoke out.
func faultRuntimeGoneMidResponse(t *testing.T) {
	up := newFakeRuntimeAPI(t)
	insp := &fakeInspector{response: func(inv engine.Invocation, _ any, _ []byte) engine.Verdict {
		if inv.RequestID == "req-1" {
			t.Error("a truncated response was inspected")
		}
		return engine.Verdict{}
	}}
	failed := make(chan struct{}, 1)
	logger := slog.New(slog.NewJSONHandler(lineSignal{match: "reading the runtime's response failed", ch: failed}, nil))
	p, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp, Logger: logger})
	p.invokes.put(engine.Invocation{RequestID: "req-1"}, nil)
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(conn, "POST "+pathInvocation+"req-1/response HTTP/1.1\r\nHost: x\r\n"+
		"Content-Length: 100\r\n\r\n{\"partial\":")
	conn.Close()
	select { // the handler saw the body break off
	case <-failed:
	case <-testCtx(t).Done():
		t.Fatal("the proxy never noticed the truncated body")
	}
	resp, _ := call(t, runtimeClient(t), testCtx(t), http.MethodPost, url+pathInvocation+"req-2/response", []byte(`{}`))
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("next response: %d", resp.StatusCode)
	}
	if got := up.nextPost(testCtx(t)); got.path != pathInvocation+"req-2/response" {
		t.Fatalf("upstream got %s first; the truncated body must not be forwarded", got.path)
	}
	if p.invokes.len() != 0 {
		t.Errorf("open invocations = %d, want 0", p.invokes.len())
	}
}

// lineSignal is a log sink that signals when a line contains match.
type lineSignal struct {
	match string
	ch    chan struct{}
}

func (l lineSignal) Write(b []byte) (int, error) {
	if strings.Contains(string(b), l.match) {
		select {
		case l.ch <- struct{}{}:
		default:
		}
	}
	return len(b), nil
}

// answeringAPI is a Runtime API that knows which invocations are open and
// answers 400 InvalidRequestID for the others, as the real one does.
func answeringAPI(t *testing.T, open ...string) *fakeRuntimeAPI {
	up := newFakeRuntimeAPI(t)
	var mu sync.Mutex
	pending := map[string]bool{}
	for _, id := range open {
		pending[id] = true
	}
	up.other = func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		id := strings.Split(strings.TrimPrefix(r.URL.Path, pathInvocation), "/")[0]
		mu.Lock()
		ok := pending[id]
		delete(pending, id)
		mu.Unlock()
		if !ok {
			w.Header().Set("Content-Type", contentTypeJSON)
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}`))
			return
		}
		w.WriteHeader(http.StatusAccepted)
		_, _ = w.Write([]byte(`{"status":"OK"}`))
	}
	return up
}

func faultUnknownRequestID(t *testing.T) {
	ctx, c := testCtx(t), runtimeClient(t)
	up := answeringAPI(t)
	_, url := newTestProxy(t, Config{Upstream: up.addr()})
	for _, route := range []string{"nope/response", "nope/error"} {
		resp, body := call(t, c, ctx, http.MethodPost, url+pathInvocation+route, []byte(`{}`))
		if resp.StatusCode != http.StatusBadRequest || !bytes.Contains(body, []byte("InvalidRequestID")) {
			t.Errorf("%s: runtime got %d %q, want the Runtime API's 400", route, resp.StatusCode, body)
		}
	}
}

func faultSecondResponse(t *testing.T) {
	ctx, c := testCtx(t), runtimeClient(t)
	up := answeringAPI(t, "req-1")
	insp := &fakeInspector{}
	p, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp})
	p.invokes.put(engine.Invocation{RequestID: "req-1"}, "memo")
	if resp, _ := call(t, c, ctx, http.MethodPost, url+pathInvocation+"req-1/response", []byte(`{}`)); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("first response: %d", resp.StatusCode)
	}
	resp, body := call(t, c, ctx, http.MethodPost, url+pathInvocation+"req-1/response", []byte(`{}`))
	if resp.StatusCode != http.StatusBadRequest || !bytes.Contains(body, []byte("InvalidRequestID")) {
		t.Fatalf("second response: %d %q, want the Runtime API's 400", resp.StatusCode, body)
	}
	if len(insp.memos) != 2 || insp.memos[0] != "memo" || insp.memos[1] != nil {
		t.Errorf("memos = %v: the second response must not see the first one's memo", insp.memos)
	}
}

func blockFirst(id string) *fakeInspector {
	return &fakeInspector{event: func(inv engine.Invocation, _ []byte) engine.Verdict {
		if inv.RequestID == id {
			return engine.Verdict{Action: engine.Fail, ErrorType: "Function.PolicyViolation", ErrorMessage: "blocked"}
		}
		return engine.Verdict{Action: engine.Allow}
	}}
}

func faultBlockAnswerRefused(t *testing.T) {
	ctx, c := testCtx(t), runtimeClient(t)
	up := answeringAPI(t) // every answer is refused with 400
	_, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: blockFirst("req-bad")})
	up.queue("req-bad", `{"attack":1}`, nil)
	up.queue("req-good", `{}`, nil)
	resp, body := call(t, c, ctx, http.MethodGet, url+pathNext, nil)
	if resp.Header.Get(headerRequestID) != "req-good" || string(body) != `{}` {
		t.Fatalf("runtime got %s %q, want the next event", resp.Header.Get(headerRequestID), body)
	}
}

func faultUpstreamGoneOnBlock(t *testing.T) {
	ctx, c := testCtx(t), runtimeClient(t)
	up := newFakeRuntimeAPI(t)
	up.other = func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }
	_, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: blockFirst("req-bad")})
	up.queue("req-bad", `{"attack":1}`, nil)
	resp, body := call(t, c, ctx, http.MethodGet, url+pathNext, nil)
	wantErrorJSON(t, resp, body, http.StatusBadGateway, errTypeUpstream)
}

// A panicking inspector is covered by TestInspectorPanicFailsClosed: the
// payload is blocked and answered upstream, never lost and never empty.

// 64 invokes at once in concurrent mode, blocked, masked and allowed mixed:
// every event is answered exactly once (by the runtime or on its behalf),
// masked events reach the runtime masked, and no registry entry is left.
func TestFaultConcurrentInvokesLeaveNoEntries(t *testing.T) {
	checkNoLeaks(t)
	const n = 64
	ctx := testCtx(t)
	up := newFakeRuntimeAPI(t)
	insp := &fakeInspector{event: func(inv engine.Invocation, ev []byte) engine.Verdict {
		switch inv.RequestID[0] {
		case 'b':
			return engine.Verdict{Action: engine.Fail, ErrorType: "Function.PolicyViolation", ErrorMessage: "blocked"}
		case 'm':
			return engine.Verdict{Action: engine.Replace, Payload: []byte(`"masked"`)}
		}
		return engine.Verdict{Action: engine.Allow, Memo: inv.RequestID}
	}}
	p, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp, Concurrent: true})
	ids := make([]string, 0, n)
	for i := range n {
		id := string("abm"[i%3]) + "-" + strconv.Itoa(i)
		ids = append(ids, id)
		up.queue(id, `"`+id+`"`, nil)
	}
	blocked := (n + 1) / 3
	delivered := make(chan string, n)
	var wg sync.WaitGroup
	c := runtimeClient(t)
	for range n - blocked {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, body, err := tryCall(c, ctx, http.MethodGet, url+pathNext, nil)
			if err != nil {
				t.Error(err)
				return
			}
			id := resp.Header.Get(headerRequestID)
			if want := `"` + id + `"`; id[0] == 'm' {
				want = `"masked"`
				if string(body) != want {
					t.Errorf("%s: runtime got %s, want %s", id, body, want)
				}
			} else if string(body) != want {
				t.Errorf("%s: runtime got %s, want %s", id, body, want)
			}
			delivered <- id
			if resp, _, err := tryCall(c, ctx, http.MethodPost, url+pathInvocation+id+"/response", body); err != nil ||
				resp.StatusCode != http.StatusAccepted {
				t.Errorf("%s: response not accepted: %v", id, err)
			}
		}()
	}
	wg.Wait()
	close(delivered)
	answers := map[string]int{}
	for range n {
		p := up.nextPost(ctx)
		answers[strings.Split(strings.TrimPrefix(p.path, pathInvocation), "/")[0]]++
	}
	for id := range delivered {
		if id[0] == 'b' {
			t.Errorf("blocked event %s reached the runtime", id)
		}
	}
	for _, id := range ids {
		if answers[id] != 1 {
			t.Errorf("event %s answered %d times, want exactly once", id, answers[id])
		}
	}
	if p.invokes.len() != 0 {
		t.Errorf("open invocations = %d after every response, want 0", p.invokes.len())
	}
}

// In concurrent mode a crashed invocation cannot be told from a slow one:
// its entry stays until a minute past its deadline, then the next /next
// drops it.
func TestFaultConcurrentCrashedEntryExpires(t *testing.T) {
	checkNoLeaks(t)
	ctx, c := testCtx(t), runtimeClient(t)
	up := newFakeRuntimeAPI(t)
	p, url := newTestProxy(t, Config{Upstream: up.addr(), Concurrent: true})
	deadline := time.Now().Add(time.Second).UnixMilli()
	up.queue("req-crashed", `{}`, http.Header{headerDeadlineMS: {strconv.FormatInt(deadline, 10)}})
	call(t, c, ctx, http.MethodGet, url+pathNext, nil)
	up.queue("req-2", `{}`, nil)
	call(t, c, ctx, http.MethodGet, url+pathNext, nil)
	if n := p.invokes.len(); n != 2 {
		t.Fatalf("open invocations = %d, want 2: before its deadline an invocation is kept", n)
	}
	p.invokes.mu.Lock()
	p.invokes.now = func() time.Time { return time.UnixMilli(deadline).Add(staleAfter + time.Second) }
	p.invokes.mu.Unlock()
	up.queue("req-3", `{}`, nil)
	call(t, c, ctx, http.MethodGet, url+pathNext, nil)
	if _, ok := p.invokes.take("req-crashed"); ok {
		t.Error("the crashed invocation's entry outlived its deadline by more than a minute")
	}
	if n := p.invokes.len(); n != 2 {
		t.Errorf("open invocations = %d, want 2 (req-2 and req-3)", n)
	}
}
