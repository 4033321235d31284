package proxy

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// benchSizes are the event sizes of the proxy benchmarks: a typical API
// Gateway request and the synchronous invocation limit.
var benchSizes = []int{1536, 6 << 20}

// benchPayload is a JSON document of exactly n bytes.
func benchPayload(n int) []byte {
	b := bytes.Repeat([]byte("x"), n)
	copy(b, `{"k":"`)
	copy(b[n-2:], `"}`)
	return b
}

// BenchmarkReadBounded is reading a body of known length, as the proxy
// reads /next events and buffered responses: one allocation of the body's
// size is the floor.
func BenchmarkReadBounded(b *testing.B) {
	for _, n := range benchSizes {
		body := benchPayload(n)
		b.Run(strconv.Itoa(n)+"B", func(b *testing.B) {
			b.SetBytes(int64(n))
			b.ReportAllocs()
			for b.Loop() {
				got, tooLarge, err := readBounded(bytes.NewReader(body), DefaultMaxBufferedBytes, int64(n))
				if err != nil || tooLarge || len(got) != n {
					b.Fatalf("read %d bytes, tooLarge %v, err %v", len(got), tooLarge, err)
				}
			}
		})
	}
}

// BenchmarkNext is one GET /next through the proxy from a Runtime API that
// answers at once, with an inspector that allows the event or replaces it
// with a same-sized payload (as a mask does): the proxy's own cost of
// reading, handing over and writing an event, over loopback HTTP.
func BenchmarkNext(b *testing.B) {
	for _, n := range benchSizes {
		event := benchPayload(n)
		replaced := bytes.Clone(event)
		for _, tc := range []struct {
			name    string
			verdict engine.Verdict
		}{
			{"allow", engine.Verdict{Action: engine.Allow}},
			{"replace", engine.Verdict{Action: engine.Replace, Payload: replaced}},
		} {
			b.Run(fmt.Sprintf("%s/%dB", tc.name, n), func(b *testing.B) {
				benchNext(b, event, tc.verdict)
			})
		}
	}
}

func benchNext(b *testing.B, event []byte, v engine.Verdict) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(headerRequestID, "req")
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(event)))
		_, _ = w.Write(event)
	}))
	defer up.Close()
	p, err := New(Config{
		Upstream:  up.Listener.Addr().String(),
		Inspector: fixedInspector{v},
		Logger:    slog.New(slog.DiscardHandler),
	})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(p)
	defer srv.Close()
	client := &http.Client{Transport: NewTransport()}
	defer client.CloseIdleConnections()
	buf := make([]byte, 0, len(event)+512)
	b.SetBytes(int64(len(event)))
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL+pathNext, nil)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		w := bytes.NewBuffer(buf[:0])
		_, err = io.Copy(w, resp.Body)
		resp.Body.Close()
		if err != nil || w.Len() != len(event) {
			b.Fatalf("read %d bytes: %v", w.Len(), err)
		}
	}
}

// fixedInspector answers every event with the same verdict.
type fixedInspector struct{ v engine.Verdict }

func (f fixedInspector) InspectEvent(context.Context, engine.Invocation, []byte) engine.Verdict {
	return f.v
}

func (fixedInspector) InspectResponse(context.Context, engine.Invocation, any, []byte) engine.Verdict {
	return engine.Verdict{Action: engine.Allow}
}
