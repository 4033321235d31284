package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
)

// CheckEvent verifies the event the runtime received.
type CheckEvent func(event []byte) error

// Runtime plays a function's runtime the way aws-lambda-go does: GET /next,
// then a chunked POST /response announcing the error trailers, with its
// User-Agent and Content-Type, over a pooled client without timeouts.
type Runtime struct {
	base      string // http://host:port/2018-06-01/runtime/invocation/
	userAgent string
	client    *http.Client
}

// NewRuntime returns a runtime that calls the Runtime API at addr.
func NewRuntime(addr string) *Runtime {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.MaxIdleConnsPerHost = 16
	return &Runtime{
		base:      "http://" + addr + "/" + apiVersion + "/runtime/invocation/",
		userAgent: "aws-lambda-go/" + runtime.Version(),
		client:    &http.Client{Transport: t}, // no timeout: /next is a long poll
	}
}

// Close releases the idle connections.
func (rt *Runtime) Close() { rt.client.CloseIdleConnections() }

// Run performs n invokes with conc concurrent loops, answering each event
// with response and then checking it. It returns the first error.
func (rt *Runtime) Run(ctx context.Context, n, conc int, check CheckEvent, response []byte) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var claimed atomic.Int64
	var once sync.Once
	var first error
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			for claimed.Add(1) <= int64(n) {
				if err := rt.invoke(ctx, check, response); err != nil {
					once.Do(func() { first = err; cancel() })
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

// invoke is one GET /next and POST /response.
func (rt *Runtime) invoke(ctx context.Context, check CheckEvent, response []byte) error {
	id, event, err := rt.next(ctx)
	if err != nil {
		return err
	}
	// Answer first, verify after: the round trip is timed at the Runtime
	// API, and the harness's own check (json.Valid on a 6 MB masked event
	// costs ~20 ms) is not the system under test. A failed check still fails
	// the run.
	if err := rt.respond(ctx, id, response); err != nil {
		return err
	}
	if err := check(event); err != nil {
		return fmt.Errorf("event %s as the runtime received it: %w", id, err)
	}
	return nil
}

func (rt *Runtime) next(ctx context.Context) (string, []byte, error) {
	url := rt.base + "next"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", nil, fmt.Errorf("failed to construct GET request to %s: %w", url, err)
	}
	req.Header.Set("User-Agent", rt.userAgent)
	resp, err := rt.client.Do(req)
	if err != nil {
		return "", nil, fmt.Errorf("failed to get the next invoke: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", nil, fmt.Errorf("failed to read the invoke payload: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return "", nil, fmt.Errorf("failed to GET %s: got unexpected status code: %d: %.200s", url, resp.StatusCode, body)
	}
	return resp.Header.Get(headerRequestID), body, nil
}

func (rt *Runtime) respond(ctx context.Context, id string, body []byte) error {
	url := rt.base + id + "/response"
	// Wrapping the reader hides its length, as aws-lambda-go's
	// errorCapturingReader does: the request goes out chunked.
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, struct{ io.Reader }{bytes.NewReader(body)})
	if err != nil {
		return fmt.Errorf("failed to construct POST request to %s: %w", url, err)
	}
	req.Trailer = http.Header{trailerErrorType: nil, trailerErrorBody: nil}
	req.Header.Set("User-Agent", rt.userAgent)
	req.Header.Set("Content-Type", contentTypeJSON)
	resp, err := rt.client.Do(req)
	if err != nil {
		return fmt.Errorf("failed to POST to %s: %w", url, err)
	}
	defer resp.Body.Close()
	msg, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("failed to read the POST response from %s: %w", url, err)
	}
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("failed to POST to %s: got unexpected status code: %d: %.200s", url, resp.StatusCode, msg)
	}
	return nil
}
