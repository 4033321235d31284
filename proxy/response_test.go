package proxy

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// The Runtime API's answer to /response (status, headers, body) reaches the
// runtime unchanged, and the runtime's request reaches it unchanged.
func TestResponseRelaysStatusAndHeaders(t *testing.T) {
	for _, status := range []int{http.StatusAccepted, http.StatusBadRequest, http.StatusForbidden,
		http.StatusRequestEntityTooLarge, http.StatusInternalServerError} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			up := newFakeRuntimeAPI(t)
			var gotHeader http.Header
			var gotBody []byte
			up.other = func(w http.ResponseWriter, r *http.Request) {
				gotHeader = r.Header.Clone()
				gotBody, _ = io.ReadAll(r.Body)
				w.Header().Set("Lambda-Runtime-Answer", "a")
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				_, _ = w.Write([]byte(`{"errorMessage":"m","errorType":"T"}`))
			}
			_, url := newTestProxy(t, Config{Upstream: up.addr()})
			body := []byte("{\"b\": 12345678901234567890 }\n")
			resp, got := do(t, http.MethodPost, url+pathInvocation+"req-1/response",
				http.Header{"Content-Type": {"application/json"}, "Lambda-Runtime-Custom": {"c"},
					"User-Agent": {"aws-lambda-go/go1.26"}}, body)
			if resp.StatusCode != status || string(got) != `{"errorMessage":"m","errorType":"T"}` ||
				resp.Header.Get("Lambda-Runtime-Answer") != "a" {
				t.Fatalf("runtime got %d %q %v", resp.StatusCode, got, resp.Header)
			}
			if !bytes.Equal(gotBody, body) {
				t.Errorf("upstream got body %q, want %q", gotBody, body)
			}
			for k, want := range map[string]string{"Lambda-Runtime-Custom": "c", "User-Agent": "aws-lambda-go/go1.26",
				"Content-Type": "application/json"} {
				if gotHeader.Get(k) != want {
					t.Errorf("upstream header %s = %q, want %q", k, gotHeader.Get(k), want)
				}
			}
		})
	}
}

func TestResponseVerdicts(t *testing.T) {
	tests := []struct {
		name     string
		verdict  engine.Verdict
		wantPath string
		wantBody string
		wantType string
	}{
		{"allow", engine.Verdict{Action: engine.Allow}, "req-1/response", `{"secret":"s3cr3t"}`, ""},
		{"replace", engine.Verdict{Action: engine.Replace, Payload: []byte(`{"secret":"[MASKED]"}`)},
			"req-1/response", `{"secret":"[MASKED]"}`, ""},
		{"fail", engine.Verdict{Action: engine.Fail, ErrorType: "Function.ResponseBlocked", ErrorMessage: "no"},
			"req-1/error", `{"errorMessage":"no","errorType":"Function.ResponseBlocked"}`, "Function.ResponseBlocked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := testCtx(t)
			up := newFakeRuntimeAPI(t)
			insp := &fakeInspector{response: func(engine.Invocation, any, []byte) engine.Verdict { return tt.verdict }}
			_, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp})
			resp, _ := do(t, http.MethodPost, url+pathInvocation+"req-1/response", nil, []byte(`{"secret":"s3cr3t"}`))
			if resp.StatusCode != http.StatusAccepted {
				t.Fatalf("status %d", resp.StatusCode)
			}
			p := up.nextPost(ctx)
			if p.path != pathInvocation+tt.wantPath || string(p.body) != tt.wantBody {
				t.Fatalf("upstream got %s %q, want %s %q", p.path, p.body, tt.wantPath, tt.wantBody)
			}
			if p.header.Get(headerErrorType) != tt.wantType {
				t.Errorf("error type %q, want %q", p.header.Get(headerErrorType), tt.wantType)
			}
		})
	}
}

// The memo of an event's verdict comes back with its response, and the
// proxy forgets the invocation once it is answered.
func TestResponseGetsEventMemo(t *testing.T) {
	up := newFakeRuntimeAPI(t)
	insp := &fakeInspector{event: func(inv engine.Invocation, _ []byte) engine.Verdict {
		return engine.Verdict{Action: engine.Allow, Memo: "memo-of-" + inv.RequestID}
	}}
	p, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp})
	up.queue("req-1", `{}`, nil)
	do(t, http.MethodGet, url+pathNext, nil, nil)
	if p.invokes.len() != 1 {
		t.Fatalf("open invocations = %d, want 1", p.invokes.len())
	}
	do(t, http.MethodPost, url+pathInvocation+"req-1/response", nil, []byte(`{}`))
	do(t, http.MethodPost, url+pathInvocation+"unknown/response", nil, []byte(`{}`))
	if len(insp.memos) != 2 || insp.memos[0] != "memo-of-req-1" || insp.memos[1] != nil {
		t.Fatalf("memos = %v, want [memo-of-req-1 <nil>]", insp.memos)
	}
	if p.invokes.len() != 0 {
		t.Fatalf("open invocations = %d after the response, want 0", p.invokes.len())
	}
}

// A response over the buffering limit goes upstream whole and uninspected.
func TestResponseOverLimitStreamsUnchanged(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		up := newFakeRuntimeAPI(t)
		insp := &fakeInspector{response: func(engine.Invocation, any, []byte) engine.Verdict {
			t.Error("oversized response was inspected")
			return engine.Verdict{Action: engine.Allow}
		}}
		_, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp, MaxBufferedBytes: 1024})
		big := bytes.Repeat([]byte("x"), 5000)
		var body io.Reader = bytes.NewReader(big)
		if chunked {
			body = io.MultiReader(bytes.NewReader(big)) // unknown length: sent chunked
		}
		req, _ := http.NewRequest(http.MethodPost, url+pathInvocation+"req-1/response", body)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		p := up.nextPost(testCtx(t))
		if !bytes.Equal(p.body, big) {
			t.Fatalf("chunked=%v: upstream got %d bytes, want %d", chunked, len(p.body), len(big))
		}
	}
}

// The runtime's own error report goes upstream unchanged and ends the
// invocation.
func TestErrorRoutesPassThrough(t *testing.T) {
	for _, path := range []string{pathInvocation + "req-1/error", "/" + apiVersion + "/runtime/init/error"} {
		up := newFakeRuntimeAPI(t)
		p, url := newTestProxy(t, Config{Upstream: up.addr()})
		p.invokes.put(engine.Invocation{RequestID: "req-1"}, nil)
		h := http.Header{headerErrorType: {"Runtime.Unknown"}, "Lambda-Runtime-Function-Xray-Error-Cause": {"{}"}}
		resp, _ := do(t, http.MethodPost, url+path, h, []byte(`{"errorMessage":"x","errorType":"E"}`))
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("%s: status %d", path, resp.StatusCode)
		}
		got := up.nextPost(testCtx(t))
		if got.path != path || got.header.Get(headerErrorType) != "Runtime.Unknown" ||
			got.header.Get("Lambda-Runtime-Function-Xray-Error-Cause") != "{}" ||
			string(got.body) != `{"errorMessage":"x","errorType":"E"}` {
			t.Fatalf("%s: upstream got %+v", path, got)
		}
		if wantOpen := strings.HasSuffix(path, "init/error"); (p.invokes.len() == 1) != wantOpen {
			t.Errorf("%s: open invocations %d", path, p.invokes.len())
		}
	}
}

// aws-lambda-go posts every response chunked with its error trailers
// announced; they are filled only when reading the result failed. An empty
// announcement is dropped, a filled trailer reaches the Runtime API.
func TestResponseTrailersLikeAWSLambdaGo(t *testing.T) {
	for _, fill := range []bool{false, true} {
		up := newFakeRuntimeAPI(t)
		insp := &fakeInspector{}
		_, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp})
		pr, pw := io.Pipe()
		req, _ := http.NewRequest(http.MethodPost, url+pathInvocation+"req-1/response", pr)
		req.Trailer = http.Header{headerErrorType: nil, "Lambda-Runtime-Function-Error-Body": nil}
		go func() {
			_, _ = pw.Write([]byte(`{"partial":`))
			if fill {
				req.Trailer.Set(headerErrorType, "Runtime.ReadError")
			}
			pw.Close()
		}()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		p := up.nextPost(testCtx(t))
		if string(p.body) != `{"partial":` || len(insp.memos) != 1 {
			t.Fatalf("fill=%v: upstream got %q, inspected %d", fill, p.body, len(insp.memos))
		}
		if got := p.trailer.Get(headerErrorType); (got == "Runtime.ReadError") != fill {
			t.Errorf("fill=%v: upstream trailer %q", fill, got)
		}
	}
}
