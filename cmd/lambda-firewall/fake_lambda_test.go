package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fakeLambda plays Lambda for the extension: the Extensions API
// (/2020-01-01/extension/) and the Runtime API (/2018-06-01/runtime/) the
// proxy forwards to, on one loopback httptest server.
//
// What it plays:
//   - register answers 200 with the identifier "ext-1";
//   - event/next signals polling (init is over) and blocks until shutdown
//     is closed, then answers a SHUTDOWN event with a 2 s deadline;
//   - init/error answers 202;
//   - runtime invocation/next serves the events queued on events, in order;
//     when none is queued it waits for one, or, after serveDefaultEvent,
//     answers that default event at once;
//   - every runtime POST (response, error, init/error) answers 202, after
//     the release of holdRuntimePosts when the test holds them.
//
// What it records:
//   - every registration: its body and extension name (registrations), the
//     name also sent on registered while nobody has read the previous one;
//   - every init/error: its error type and extension identifier
//     (initErrorList);
//   - every runtime POST: postArrived as it arrives, then its path and body
//     on posts once it is released.
type fakeLambda struct {
	srv        *httptest.Server
	registered chan string   // the extension name of a registration
	polling    chan struct{} // the extension polls /event/next: init is over
	shutdown   chan struct{} // close to send SHUTDOWN
	events     chan fakeEvent
	posts      chan fakePost
	// postArrived tells a runtime POST arrived (before any hold).
	postArrived chan struct{}

	mu            sync.Mutex
	registrations []fakeRegistration
	initErrors    []initErrorReport
	defaultEvent  *fakeEvent
	holdPosts     chan struct{}
}

// fakeEvent is an invocation the Runtime API serves on /next.
type fakeEvent struct {
	id     string
	header http.Header
	body   string
}

// fakePost is a POST the Runtime API received.
type fakePost struct {
	path string
	body string
}

// fakeRegistration is a POST /extension/register the fake received.
type fakeRegistration struct {
	name string
	body string
}

// initErrorReport is a POST /extension/init/error the fake received.
type initErrorReport struct {
	errType string
	id      string
}

func (r initErrorReport) String() string { return r.errType + " " + r.id }

func newFakeLambda(t *testing.T) *fakeLambda {
	t.Helper()
	f := &fakeLambda{registered: make(chan string, 1), polling: make(chan struct{}, 1), shutdown: make(chan struct{}),
		events: make(chan fakeEvent, 64), posts: make(chan fakePost, 64), postArrived: make(chan struct{}, 64)}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2020-01-01/extension/register", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		name := r.Header.Get(headerExtensionName)
		f.mu.Lock()
		f.registrations = append(f.registrations, fakeRegistration{name: name, body: string(body)})
		f.mu.Unlock()
		w.Header().Set(headerExtensionIdentifier, "ext-1")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{}`))
		select {
		case f.registered <- name:
		default:
		}
	})
	mux.HandleFunc("GET /2020-01-01/extension/event/next", func(w http.ResponseWriter, r *http.Request) {
		select {
		case f.polling <- struct{}{}:
		default:
		}
		select {
		case <-f.shutdown:
			_, _ = w.Write([]byte(`{"eventType":"SHUTDOWN","shutdownReason":"spindown","deadlineMs":` +
				strconv.FormatInt(time.Now().Add(2*time.Second).UnixMilli(), 10) + `}`))
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("POST /2020-01-01/extension/init/error", func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.initErrors = append(f.initErrors, initErrorReport{
			errType: r.Header.Get(headerExtensionErrorType), id: r.Header.Get(headerExtensionIdentifier)})
		f.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		serve := func(ev fakeEvent) {
			for k, vv := range ev.header {
				w.Header()[k] = vv
			}
			w.Header().Set("Lambda-Runtime-Aws-Request-Id", ev.id)
			_, _ = w.Write([]byte(ev.body))
		}
		f.mu.Lock()
		def := f.defaultEvent
		f.mu.Unlock()
		if def != nil {
			select {
			case ev := <-f.events:
				serve(ev)
			default:
				serve(*def)
			}
			return
		}
		select {
		case ev := <-f.events:
			serve(ev)
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("POST /2018-06-01/runtime/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.postArrived <- struct{}{}
		f.mu.Lock()
		hold := f.holdPosts
		f.mu.Unlock()
		if hold != nil {
			<-hold
		}
		f.posts <- fakePost{path: r.URL.Path, body: string(body)}
		w.WriteHeader(http.StatusAccepted)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// addr is the host:port of the fake, the value of AWS_LAMBDA_RUNTIME_API.
func (f *fakeLambda) addr() string { return f.srv.Listener.Addr().String() }

// serveDefaultEvent makes runtime /next answer ev at once whenever no event
// is queued.
func (f *fakeLambda) serveDefaultEvent(ev fakeEvent) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.defaultEvent = &ev
}

// holdRuntimePosts keeps every later runtime POST waiting (after it is
// signalled on postArrived) until the returned channel is closed.
func (f *fakeLambda) holdRuntimePosts() chan<- struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.holdPosts = make(chan struct{})
	return f.holdPosts
}

// registrationList returns the registrations received so far.
func (f *fakeLambda) registrationList() []fakeRegistration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeRegistration(nil), f.registrations...)
}

// initErrorList returns the init errors reported so far.
func (f *fakeLambda) initErrorList() []initErrorReport {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]initErrorReport(nil), f.initErrors...)
}

// drainPosts discards the runtime POSTs recorded so far.
func (f *fakeLambda) drainPosts() {
	for {
		select {
		case <-f.posts:
		case <-f.postArrived:
		default:
			return
		}
	}
}

// extension is one run() of the extension in the background.
type extension struct {
	exit chan int
	logs *syncBuffer
	port string
	// polled is true when startExtension returned because the extension
	// polled /event/next, false when it exited first.
	polled bool
}

// startExtension runs the extension against f with the extra environment
// and waits until its init is over: it polls for extension events, or it
// exited (its exit code is then left on e.exit).
func startExtension(t *testing.T, ctx context.Context, f *fakeLambda, extra map[string]string) *extension {
	t.Helper()
	e := &extension{exit: make(chan int, 1), logs: &syncBuffer{}, port: freePort(t)}
	vars := map[string]string{EnvAWSRuntimeAPI: f.addr(), EnvPort: e.port}
	for k, v := range extra {
		vars[k] = v
	}
	go func() { e.exit <- run(ctx, []string{"/opt/extensions/lambda-firewall"}, env(vars), e.logs, io.Discard) }()
	select {
	case <-f.polling:
		e.polled = true
	case code := <-e.exit:
		e.exit <- code
	case <-time.After(30 * time.Second):
		t.Fatalf("the extension neither registered nor exited; logs:\n%s", e.logs.String())
	}
	return e
}

// stop sends SHUTDOWN and returns the exit code.
func (e *extension) stop(t *testing.T, f *fakeLambda) int {
	t.Helper()
	close(f.shutdown)
	select {
	case code := <-e.exit:
		return code
	case <-time.After(10 * time.Second):
		t.Fatal("the extension did not stop")
		return -1
	}
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
}

// syncBuffer is a log sink safe for the extension's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
