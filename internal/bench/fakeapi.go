package bench

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Runtime API protocol strings, as the fake serves them.
const (
	apiVersion        = "2018-06-01"
	pathNext          = "/" + apiVersion + "/runtime/invocation/next"
	headerRequestID   = "Lambda-Runtime-Aws-Request-Id"
	headerDeadlineMS  = "Lambda-Runtime-Deadline-Ms"
	headerFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
	headerTraceID     = "Lambda-Runtime-Trace-Id"
	trailerErrorType  = "Lambda-Runtime-Function-Error-Type"
	trailerErrorBody  = "Lambda-Runtime-Function-Error-Body"
	contentTypeJSON   = "application/json"
	functionARN       = "arn:aws:lambda:eu-west-1:123456789012:function:bench"
)

// Block is one batch of invokes the fake Runtime API hands out: N copies of
// Event, each answered by a response that must equal Response byte for byte.
type Block struct {
	N        int
	Event    []byte
	Response []byte
}

// FakeRuntimeAPI plays the Lambda Runtime API: /next hands out the events
// of the current Block, /response records the round trip of each invoke
// (from the moment the event is handed out to the moment its response has
// been read). For a setup that runs the extension binary, it also plays the
// Extensions API: /register, and an /event/next that marks the extension
// ready and then blocks until it goes away.
type FakeRuntimeAPI struct {
	ln  net.Listener
	srv *http.Server
	seq atomic.Int64

	mu      sync.Mutex
	block   *Block
	queue   chan struct{} // one token per event still to hand out
	started map[string]time.Time
	rtts    []time.Duration
	errs    []error
	done    chan struct{} // closed when every invoke of the block was answered

	fakeExtensionsAPI
}

// NewFakeRuntimeAPI listens on a free loopback port and serves.
func NewFakeRuntimeAPI() (*FakeRuntimeAPI, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("failed to listen for the fake Runtime API: %w", err)
	}
	f := &FakeRuntimeAPI{ln: ln, started: map[string]time.Time{}, fakeExtensionsAPI: newFakeExtensionsAPI()}
	mux := http.NewServeMux()
	f.route(mux)
	mux.HandleFunc("GET "+pathNext, f.next)
	mux.HandleFunc("POST /"+apiVersion+"/runtime/invocation/{id}/response", f.response)
	mux.HandleFunc("POST /"+apiVersion+"/runtime/invocation/{id}/error", f.invokeError)
	f.srv = &http.Server{Handler: mux}
	go func() { _ = f.srv.Serve(ln) }()
	return f, nil
}

// Addr is the host:port to give the runtime or the proxy as Runtime API.
func (f *FakeRuntimeAPI) Addr() string { return f.ln.Addr().String() }

// Close stops the server.
func (f *FakeRuntimeAPI) Close() error { return f.srv.Close() }

// Start arms b: its N events become available to /next.
func (f *FakeRuntimeAPI) Start(b *Block) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.block != nil {
		return errors.New("fake Runtime API: a block is already running")
	}
	f.block = b
	f.queue = make(chan struct{}, b.N)
	for range b.N {
		f.queue <- struct{}{}
	}
	f.rtts = make([]time.Duration, 0, b.N)
	f.errs = nil
	f.done = make(chan struct{})
	return nil
}

// Done is closed once every invoke of the running block was answered.
func (f *FakeRuntimeAPI) Done() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.done
}

// Finish ends the running block and returns its round trips and errors.
func (f *FakeRuntimeAPI) Finish() ([]time.Duration, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	rtts, err := f.rtts, errors.Join(f.errs...)
	if n := len(rtts); f.block != nil && n != f.block.N && err == nil {
		err = fmt.Errorf("fake Runtime API: %d of %d invokes answered", n, f.block.N)
	}
	f.block, f.rtts, f.errs = nil, nil, nil
	clear(f.started)
	return rtts, err
}

func (f *FakeRuntimeAPI) next(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	b, queue := f.block, f.queue
	f.mu.Unlock()
	if b == nil {
		http.Error(w, "no block running", http.StatusServiceUnavailable)
		return
	}
	select {
	case <-queue:
	case <-r.Context().Done():
		return
	}
	id := "req-" + strconv.FormatInt(f.seq.Add(1), 10)
	h := w.Header()
	h.Set(headerRequestID, id)
	h.Set(headerDeadlineMS, strconv.FormatInt(time.Now().Add(time.Minute).UnixMilli(), 10))
	h.Set(headerFunctionARN, functionARN)
	h.Set(headerTraceID, "Root=1-6745a1b2-3c4d5e6f7a8b9c0d1e2f3a4b;Parent=53995c3f42cd8ad8;Sampled=0")
	h.Set("Content-Type", contentTypeJSON)
	h.Set("Content-Length", strconv.Itoa(len(b.Event)))
	f.mu.Lock()
	f.started[id] = time.Now()
	f.mu.Unlock()
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Event)
}

func (f *FakeRuntimeAPI) response(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	end := time.Now()
	id := r.PathValue("id")
	if err == nil && r.Trailer.Get(trailerErrorType) != "" {
		err = fmt.Errorf("runtime reported %s in the trailer", r.Trailer.Get(trailerErrorType))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	start, ok := f.started[id]
	switch {
	case f.block == nil || !ok:
		err = fmt.Errorf("response for unknown request id %q", id)
	case err != nil:
		err = fmt.Errorf("response of %s: %w", id, err)
	case !bytes.Equal(body, f.block.Response):
		err = fmt.Errorf("response of %s: got %d bytes that differ from the %d the runtime sent: %.300q",
			id, len(body), len(f.block.Response), body)
	}
	delete(f.started, id)
	f.record(end.Sub(start), err)
	w.WriteHeader(http.StatusAccepted)
	_, _ = w.Write([]byte(`{"status":"OK"}`))
}

func (f *FakeRuntimeAPI) invokeError(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4096))
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.started, r.PathValue("id"))
	f.record(0, fmt.Errorf("invoke %s ended in error %q: %s", r.PathValue("id"),
		r.Header.Get(trailerErrorType), body))
	w.WriteHeader(http.StatusAccepted)
}

// record stores one answered invoke; f.mu is held.
func (f *FakeRuntimeAPI) record(rtt time.Duration, err error) {
	if f.block == nil {
		return
	}
	if err != nil {
		f.errs = append(f.errs, err)
	} else {
		f.rtts = append(f.rtts, rtt)
	}
	if len(f.rtts)+len(f.errs) == f.block.N {
		close(f.done)
	}
}

// failed reports whether an invoke of the running block failed.
func (f *FakeRuntimeAPI) failed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.errs) > 0
}
