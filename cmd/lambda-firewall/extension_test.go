package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The whole life: listen, register for SHUTDOWN only, proxy, stop on
// SHUTDOWN with exit code 0.
func TestExtensionLifecycle(t *testing.T) {
	f := newFakeLambda(t)
	f.serveDefaultEvent(fakeEvent{id: "req-1", body: `{"hello":"world"}`})
	port := freePort(t)
	var logs syncBuffer
	getenv := env(map[string]string{EnvAWSRuntimeAPI: f.addr(), EnvPort: port, EnvPolicy: PolicyNone})
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
	if want, got := `{"events":["SHUTDOWN"]}`, f.registrationList()[0].body; got != want {
		t.Errorf("registered for %s, want %s", got, want)
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
	getenv := env(map[string]string{EnvAWSRuntimeAPI: f.addr(), EnvMode: "sometimes"})
	if code := run(context.Background(), []string{"lambda-firewall"}, getenv, &logs, io.Discard); code == 0 {
		t.Fatal("exit code 0 for an invalid config")
	}
	if got := f.initErrorList(); len(got) != 1 || got[0].String() != "Extension.ConfigInvalid ext-1" {
		t.Fatalf("init errors = %v", got)
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
	getenv := env(map[string]string{EnvAWSRuntimeAPI: f.addr(), EnvPort: port, EnvPolicy: PolicyNone})
	if code := run(context.Background(), []string{"lambda-firewall"}, getenv, io.Discard, io.Discard); code == 0 {
		t.Fatal("exit code 0 with the port taken")
	}
	if got := f.initErrorList(); len(got) != 1 || !strings.HasPrefix(got[0].String(), errListenFailed) {
		t.Fatalf("init errors = %v", got)
	}
}

// Cancelling the context (as SIGTERM does) stops the extension cleanly.
func TestExtensionStopsOnSignal(t *testing.T) {
	f := newFakeLambda(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := startExtension(t, ctx, f, map[string]string{EnvPolicy: PolicyNone})
	if !e.polled {
		t.Fatalf("exited %d before polling for events; logs:\n%s", <-e.exit, e.logs.String())
	}
	cancel()
	if code := <-e.exit; code != 0 {
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
