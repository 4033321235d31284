package proxy

import (
	"io"
	"net/http"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// A streamed response passes through chunk by chunk, flushed, with its
// trailers, and is not buffered for inspection.
func TestStreamingResponsePassesChunksAndTrailers(t *testing.T) {
	ctx := testCtx(t)
	up := newFakeRuntimeAPI(t)
	firstChunk := make(chan string, 1)
	done := make(chan posted, 1)
	up.other = func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 64)
		n, err := r.Body.Read(buf)
		if err != nil && err != io.EOF {
			t.Errorf("reading first chunk: %v", err)
		}
		firstChunk <- string(buf[:n])
		rest, _ := io.ReadAll(r.Body)
		done <- posted{path: r.URL.Path, header: r.Header.Clone(), body: append(buf[:n:n], rest...), trailer: r.Trailer.Clone()}
		w.WriteHeader(http.StatusAccepted)
	}
	insp := &fakeInspector{response: func(engine.Invocation, any, []byte) engine.Verdict {
		t.Error("a streamed response was inspected")
		return engine.Verdict{}
	}}
	_, url := newTestProxy(t, Config{Upstream: up.addr(), Inspector: insp})

	pr, pw := io.Pipe()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url+pathInvocation+"req-1/response", pr)
	req.Header.Set(headerRespMode, "streaming")
	req.Header.Set("Content-Type", "application/vnd.awslambda.http-integration-response")
	req.Trailer = http.Header{headerErrorType: nil, "Lambda-Runtime-Function-Error-Body": nil}
	result := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("streaming POST: %v", err)
			close(result)
			return
		}
		result <- resp
	}()

	if _, err := pw.Write([]byte("chunk-1")); err != nil {
		t.Fatal(err)
	}
	select { // the first chunk arrives before the second is even written
	case got := <-firstChunk:
		if got != "chunk-1" {
			t.Fatalf("first read upstream = %q", got)
		}
	case <-ctx.Done():
		t.Fatal("first chunk was not flushed upstream")
	}
	_, _ = pw.Write([]byte("chunk-2"))
	req.Trailer.Set(headerErrorType, "Function.StreamError")
	req.Trailer.Set("Lambda-Runtime-Function-Error-Body", "ZXJy")
	pw.Close()

	var p posted
	select {
	case p = <-done:
	case <-ctx.Done():
		t.Fatal("stream never completed upstream")
	}
	if string(p.body) != "chunk-1chunk-2" {
		t.Errorf("upstream body %q", p.body)
	}
	if p.header.Get(headerRespMode) != "streaming" {
		t.Errorf("response mode header lost")
	}
	if p.trailer.Get(headerErrorType) != "Function.StreamError" || p.trailer.Get("Lambda-Runtime-Function-Error-Body") != "ZXJy" {
		t.Errorf("trailers = %v", p.trailer)
	}
	if resp := <-result; resp == nil || resp.StatusCode != http.StatusAccepted {
		t.Errorf("runtime got %v", resp)
	} else {
		resp.Body.Close()
	}
}
