package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeLambda plays the Extensions API and the Runtime API.
type fakeLambda struct {
	srv        *httptest.Server
	registered chan string
	polling    chan struct{} // the extension waits on /event/next: init is over
	shutdown   chan struct{}
	mu         sync.Mutex
	initErrors []string
	events     []string
}

func newFakeLambda(t *testing.T) *fakeLambda {
	f := &fakeLambda{registered: make(chan string, 1), polling: make(chan struct{}, 1), shutdown: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2020-01-01/extension/register", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.events = append(f.events, string(body))
		f.mu.Unlock()
		w.Header().Set(headerExtensionIdentifier, "ext-1")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(`{}`))
		select {
		case f.registered <- r.Header.Get(headerExtensionName):
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
		f.initErrors = append(f.initErrors, r.Header.Get(headerExtensionErrorType)+" "+r.Header.Get(headerExtensionIdentifier))
		f.mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Lambda-Runtime-Aws-Request-Id", "req-1")
		_, _ = w.Write([]byte(`{"hello":"world"}`))
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
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

// The whole life: listen, register for SHUTDOWN only, proxy, stop on
// SHUTDOWN with exit code 0.
func TestExtensionLifecycle(t *testing.T) {
	f := newFakeLambda(t)
	port := freePort(t)
	var logs syncBuffer
	getenv := env(map[string]string{EnvAWSRuntimeAPI: f.srv.Listener.Addr().String(), EnvPort: port, EnvPolicy: PolicyNone})
	exit := make(chan int, 1)
	go func() {
		exit <- run(context.Background(), []string{"/opt/extensions/lambda-firewall"}, getenv, &logs, io.Discard)
	}()

	select {
	case name := <-f.registered:
		if name != "lambda-firewall" {
			t.Errorf("registered as %q, want the binary's name", name)
		}
	case code := <-exit:
		t.Fatalf("exited %d before registering: %s", code, logs.String())
	}
	if want := `{"events":["SHUTDOWN"]}`; f.events[0] != want {
		t.Errorf("registered for %s, want %s", f.events[0], want)
	}
	// Registered means listening: the runtime can call at once.
	resp, err := http.Get("http://127.0.0.1:" + port + "/2018-06-01/runtime/invocation/next")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(body) != `{"hello":"world"}` {
		t.Fatalf("proxied event = %q", body)
	}
	close(f.shutdown)
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit code %d after SHUTDOWN; logs:\n%s", code, logs.String())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("extension did not stop within 5s of SHUTDOWN")
	}
	assertJSONLines(t, logs.String(), "extension ready", "extension stopped")
}

// A bad configuration is reported with /extension/init/error and a non-zero
// exit: the function never runs unprotected.
func TestExtensionReportsInitError(t *testing.T) {
	f := newFakeLambda(t)
	var logs syncBuffer
	getenv := env(map[string]string{EnvAWSRuntimeAPI: f.srv.Listener.Addr().String(), EnvMode: "sometimes"})
	if code := run(context.Background(), []string{"lambda-firewall"}, getenv, &logs, io.Discard); code == 0 {
		t.Fatal("exit code 0 for an invalid config")
	}
	if len(f.initErrors) != 1 || f.initErrors[0] != "Extension.ConfigInvalid ext-1" {
		t.Fatalf("init errors = %v", f.initErrors)
	}
	assertJSONLines(t, logs.String(), "extension init failed")
}

// A port already taken is an init error too.
func TestExtensionListenFailure(t *testing.T) {
	f := newFakeLambda(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	getenv := env(map[string]string{EnvAWSRuntimeAPI: f.srv.Listener.Addr().String(), EnvPort: port, EnvPolicy: PolicyNone})
	if code := run(context.Background(), []string{"lambda-firewall"}, getenv, io.Discard, io.Discard); code == 0 {
		t.Fatal("exit code 0 with the port taken")
	}
	if len(f.initErrors) != 1 || !strings.HasPrefix(f.initErrors[0], errListenFailed) {
		t.Fatalf("init errors = %v", f.initErrors)
	}
}

// Cancelling the context (as SIGTERM does) stops the extension cleanly.
func TestExtensionStopsOnSignal(t *testing.T) {
	f := newFakeLambda(t)
	ctx, cancel := context.WithCancel(context.Background())
	getenv := env(map[string]string{EnvAWSRuntimeAPI: f.srv.Listener.Addr().String(), EnvPort: freePort(t), EnvPolicy: PolicyNone})
	exit := make(chan int, 1)
	go func() { exit <- run(ctx, []string{"lambda-firewall"}, getenv, io.Discard, io.Discard) }()
	<-f.polling
	cancel()
	if code := <-exit; code != 0 {
		t.Fatalf("exit code %d", code)
	}
}

// assertJSONLines checks every log line is one JSON object and that the
// messages appear.
func assertJSONLines(t *testing.T, logs string, msgs ...string) {
	t.Helper()
	seen := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if s, ok := m["msg"].(string); ok {
			seen[s] = true
		}
	}
	for _, m := range msgs {
		if !seen[m] {
			t.Errorf("no %q log line in:\n%s", m, logs)
		}
	}
}
