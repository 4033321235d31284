package proxy

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// fuzzUpstream is a Runtime API whose /next hands out the current fuzz
// input and whose POST routes report what they received. Fuzz iterations of
// one process run one at a time, so one instance serves them all.
type fuzzUpstream struct {
	mu     sync.Mutex
	id     string
	header string
	event  []byte
	got    chan posted
}

func (u *fuzzUpstream) set(id, header string, event []byte) {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.id, u.header, u.event = id, header, event
}

func (u *fuzzUpstream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == pathNext {
		u.mu.Lock()
		id, hv, ev := u.id, u.header, u.event
		u.mu.Unlock()
		w.Header()[headerRequestID] = []string{id}
		w.Header()["Lambda-Runtime-Fuzz"] = []string{hv}
		w.Header().Set("Content-Length", strconv.Itoa(len(ev)))
		_, _ = w.Write(ev)
		return
	}
	body, _ := io.ReadAll(r.Body)
	u.got <- posted{path: r.URL.EscapedPath(), header: r.Header.Clone(), body: body}
	w.WriteHeader(http.StatusAccepted)
}

// fuzzInspector allows, or replaces every payload with "R:" + payload, and
// counts the responses it inspected.
type fuzzInspector struct {
	replace   bool
	responses atomic.Int64
}

func (f *fuzzInspector) verdict(payload []byte) engine.Verdict {
	if !f.replace {
		return engine.Verdict{Action: engine.Allow}
	}
	return engine.Verdict{Action: engine.Replace, Payload: append([]byte("R:"), payload...)}
}

func (f *fuzzInspector) InspectEvent(_ context.Context, _ engine.Invocation, ev []byte) engine.Verdict {
	return f.verdict(ev)
}

func (f *fuzzInspector) InspectResponse(_ context.Context, _ engine.Invocation, _ any, resp []byte) engine.Verdict {
	f.responses.Add(1)
	return f.verdict(resp)
}

// fuzzRig is a proxy per inspector mode in front of one fuzzUpstream.
type fuzzRig struct {
	up      *fuzzUpstream
	urls    map[bool]string
	insp    map[bool]*fuzzInspector
	client  *http.Client
	timeout time.Duration
}

func newFuzzRig(f *testing.F) *fuzzRig {
	up := &fuzzUpstream{got: make(chan posted, 1)}
	upSrv := httptest.NewServer(up)
	f.Cleanup(upSrv.Close)
	rig := &fuzzRig{up: up, urls: map[bool]string{}, insp: map[bool]*fuzzInspector{}, timeout: 10 * time.Second}
	for _, replace := range []bool{false, true} {
		rig.insp[replace] = &fuzzInspector{replace: replace}
		p, err := New(Config{Upstream: upSrv.Listener.Addr().String(), Inspector: rig.insp[replace],
			Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			f.Fatal(err)
		}
		srv := httptest.NewServer(p)
		f.Cleanup(srv.Close)
		rig.urls[replace] = srv.URL
	}
	tr := &http.Transport{Proxy: nil}
	f.Cleanup(tr.CloseIdleConnections)
	rig.client = &http.Client{Transport: tr, Timeout: rig.timeout}
	return rig
}

// validHeaderValue reports whether v survives an HTTP/1.1 header as is.
func validHeaderValue(v string) bool {
	if v != strings.TrimSpace(v) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// wellFormed checks a reply: a real status, one Content-Length when
// present, and a JSON error document whenever the proxy answered itself.
func wellFormed(t *testing.T, resp *http.Response, body []byte) {
	t.Helper()
	if resp.StatusCode < 100 || resp.StatusCode > 599 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	if n := len(resp.Header.Values("Content-Length")); n > 1 {
		t.Fatalf("%d Content-Length headers", n)
	}
	if resp.StatusCode == http.StatusOK && len(body) == 0 && resp.Request.Method == http.MethodPost {
		t.Fatal("empty 200 on a POST")
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), contentTypeJSON) && resp.StatusCode >= 500 {
		var doc errorBody
		if err := json.Unmarshal(body, &doc); err != nil || doc.ErrorType == "" {
			t.Fatalf("proxy error reply %d is not an error document: %q", resp.StatusCode, body)
		}
	}
}

func (rig *fuzzRig) do(t *testing.T, method, target string, body []byte) (*http.Response, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, target, rd)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := rig.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	wellFormed(t, resp, b)
	return resp, b
}

func (rig *fuzzRig) nextPost(t *testing.T) posted {
	t.Helper()
	select {
	case p := <-rig.up.got:
		return p
	case <-time.After(rig.timeout):
		t.Fatal("nothing reached the Runtime API")
		return posted{}
	}
}

// FuzzProxyNext: any event bytes, request id and header value, through an
// allowing and a replacing inspector. The runtime gets exactly the upstream
// bytes (or the replacement) with the upstream's headers, and its response
// reaches the Runtime API exactly (or replaced).
func FuzzProxyNext(f *testing.F) {
	f.Add("8476a536-e9f4-11e8-9739-2dfe598c3fcd", "Root=1-5bef4de7", []byte(`{"key":"value"}`), false)
	f.Add("req-1", "", []byte(""), true)
	f.Add("a/b", "x", []byte("\x00\xff\xfe binary"), false)
	f.Add("..", "é", []byte(`{"a":1e400,"a":"dup"}`), true)
	f.Add("%2e%2e", "\t", []byte("[[[[[[[[[[[[[[[["), false)
	rig := newFuzzRig(f)
	f.Fuzz(func(t *testing.T, id, hv string, event []byte, replace bool) {
		if !validHeaderValue(id) || !validHeaderValue(hv) {
			t.Skip("not representable in an HTTP header")
		}
		rig.up.set(id, hv, event)
		insp := rig.insp[replace]
		resp, body := rig.do(t, http.MethodGet, rig.urls[replace]+pathNext, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/next status %d %q", resp.StatusCode, body)
		}
		if want := insp.verdict(event); replace && !bytes.Equal(body, want.Payload) || !replace && !bytes.Equal(body, event) {
			t.Fatalf("runtime got %q for event %q (replace=%v)", body, event, replace)
		}
		if resp.Header.Get(headerRequestID) != id || resp.Header.Get("Lambda-Runtime-Fuzz") != hv {
			t.Fatalf("headers changed: id %q hv %q", resp.Header.Get(headerRequestID), resp.Header.Get("Lambda-Runtime-Fuzz"))
		}
		if resp.ContentLength != int64(len(body)) {
			t.Fatalf("Content-Length %d for %d bytes", resp.ContentLength, len(body))
		}
		postAndCheck(t, rig, replace, id, event)
	})
}

// FuzzProxyResponse: any request id, path suffix and body posted by the
// runtime. No panic, a well-formed reply, and the body reaches the Runtime
// API exactly (or replaced when the route is the inspected one).
func FuzzProxyResponse(f *testing.F) {
	f.Add("req-1", "response", []byte(`{"statusCode":200,"body":"ok"}`), false)
	f.Add("req-1", "error", []byte(`{"errorMessage":"x","errorType":"E"}`), true)
	f.Add("", "response", []byte(""), true)
	f.Add("../../next", "response", []byte("\x00"), false)
	f.Add("%00", "response/../error", []byte("{"), true)
	f.Add("id with spaces", "", []byte("[]"), false)
	rig := newFuzzRig(f)
	f.Fuzz(func(t *testing.T, id, suffix string, body []byte, replace bool) {
		target := rig.urls[replace] + pathInvocation + url.PathEscape(id) + "/" + suffix
		u, err := url.Parse(target)
		if err != nil || strings.ContainsAny(suffix, "?#") {
			t.Skip("not a path")
		}
		before := rig.insp[replace].responses.Load()
		resp, _ := rig.do(t, http.MethodPost, target, body)
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("status %d for %s", resp.StatusCode, u.EscapedPath())
		}
		p := rig.nextPost(t)
		inspected := rig.insp[replace].responses.Load() != before
		if suffix == "response" && isCleanID(id) && !inspected {
			t.Fatalf("the response of request id %q was not inspected (reached %s)", id, p.path)
		}
		switch {
		case inspected && replace:
			if want := append([]byte("R:"), body...); !bytes.Equal(p.body, want) {
				t.Fatalf("upstream got %q, want %q", p.body, want)
			}
		case !bytes.Equal(p.body, body):
			t.Fatalf("upstream got %q, want %q (path %s)", p.body, body, p.path)
		}
	})
}

// isCleanID reports whether a request id makes a canonical path: the
// Runtime API's ids (UUIDs) always do, and their responses must be inspected.
func isCleanID(id string) bool {
	u, err := url.Parse(pathInvocation + url.PathEscape(id) + "/response")
	return err == nil && id != "" && u.RawPath == "" && path.Clean(u.Path) == u.Path
}

// postAndCheck posts body as id's response and checks what the Runtime API
// receives.
func postAndCheck(t *testing.T, rig *fuzzRig, replace bool, id string, body []byte) {
	t.Helper()
	before := rig.insp[replace].responses.Load()
	resp, _ := rig.do(t, http.MethodPost, rig.urls[replace]+pathInvocation+url.PathEscape(id)+"/response", body)
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("/response status %d", resp.StatusCode)
	}
	p := rig.nextPost(t)
	inspected := rig.insp[replace].responses.Load() != before
	if isCleanID(id) && !inspected {
		t.Fatalf("the response of request id %q was not inspected (reached %s)", id, p.path)
	}
	want := body
	if replace && inspected {
		want = append([]byte("R:"), body...)
	}
	if !bytes.Equal(p.body, want) {
		t.Fatalf("upstream got %q at %s, want %q", p.body, p.path, want)
	}
}
