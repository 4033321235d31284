package proxy

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// fakeEvent is one invocation the fake Runtime API hands out.
type fakeEvent struct {
	id     string
	body   []byte
	header http.Header // extra headers
}

// posted is one request the fake Runtime API received on a POST route.
type posted struct {
	path    string
	header  http.Header
	body    []byte
	trailer http.Header
}

// fakeRuntimeAPI is an httptest Runtime API: /next hands out queued events
// (blocking until one is queued), POSTs are recorded and answered 202.
type fakeRuntimeAPI struct {
	t      *testing.T
	srv    *httptest.Server
	events chan fakeEvent
	mu     sync.Mutex
	posts  []posted
	got    chan posted
	// other, when set, serves every path that is not /next.
	other http.HandlerFunc
}

func newFakeRuntimeAPI(t *testing.T) *fakeRuntimeAPI {
	t.Helper()
	f := &fakeRuntimeAPI{t: t, events: make(chan fakeEvent, 128), got: make(chan posted, 128)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeRuntimeAPI) addr() string { return f.srv.Listener.Addr().String() }

func (f *fakeRuntimeAPI) queue(id string, body string, h http.Header) {
	f.events <- fakeEvent{id: id, body: []byte(body), header: h}
}

func (f *fakeRuntimeAPI) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == pathNext {
		select {
		case ev := <-f.events:
			for k, vv := range ev.header {
				w.Header()[k] = vv
			}
			w.Header().Set(headerRequestID, ev.id)
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(ev.body)))
			_, _ = w.Write(ev.body)
		case <-r.Context().Done():
		}
		return
	}
	if f.other != nil {
		f.other(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("fake runtime API: reading %s: %v", r.URL.Path, err)
	}
	p := posted{path: r.URL.Path, header: r.Header.Clone(), body: body, trailer: r.Trailer.Clone()}
	f.mu.Lock()
	f.posts = append(f.posts, p)
	f.mu.Unlock()
	f.got <- p
	w.WriteHeader(http.StatusAccepted)
	_, _ = w.Write([]byte(`{"status":"OK"}`))
}

// nextPost waits for the next recorded POST.
func (f *fakeRuntimeAPI) nextPost(ctx context.Context) posted {
	f.t.Helper()
	select {
	case p := <-f.got:
		return p
	case <-ctx.Done():
		f.t.Fatalf("no POST reached the fake Runtime API: %v", ctx.Err())
		return posted{}
	}
}

// fakeInspector returns verdicts from functions and records what it saw.
type fakeInspector struct {
	mu       sync.Mutex
	event    func(inv engine.Invocation, event []byte) engine.Verdict
	response func(inv engine.Invocation, memo any, resp []byte) engine.Verdict
	events   []engine.Invocation
	memos    []any
}

func (f *fakeInspector) InspectEvent(_ context.Context, inv engine.Invocation, event []byte) engine.Verdict {
	f.mu.Lock()
	f.events = append(f.events, inv)
	f.mu.Unlock()
	if f.event == nil {
		return engine.Verdict{Action: engine.Allow}
	}
	return f.event(inv, event)
}

func (f *fakeInspector) InspectResponse(_ context.Context, inv engine.Invocation, memo any, resp []byte) engine.Verdict {
	f.mu.Lock()
	f.memos = append(f.memos, memo)
	f.mu.Unlock()
	if f.response == nil {
		return engine.Verdict{Action: engine.Allow}
	}
	return f.response(inv, memo, resp)
}

// newTestProxy starts a proxy in front of upstream and returns its URL.
func newTestProxy(t *testing.T, cfg Config) (*Proxy, string) {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	p, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return p, srv.URL
}

// get performs a runtime-side request and returns status, headers and body.
func do(t *testing.T, method, url string, h http.Header, body []byte) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, vv := range h {
		req.Header[k] = vv
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading %s %s: %v", method, url, err)
	}
	return resp, b
}
