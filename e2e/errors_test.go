package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// sameAsDirect runs payloads through the function directly and through the
// extension and requires the caller to see the same status, body and
// Error-Type header each time. Invokes alternate so both emulators go through
// the same states (a panic restarts the runtime, a timeout resets it).
func sameAsDirect(t *testing.T, o setupOpts, payloads ...string) []result {
	t.Helper()
	o.direct = true
	direct := start(t, o)
	o.direct = false
	proxied := start(t, o)
	var out []result
	for i, p := range payloads {
		want := invoke(t, direct, []byte(p))
		got := invoke(t, proxied, []byte(p))
		if got.status != want.status || !bytes.Equal(got.body, want.body) ||
			got.header.Get("Error-Type") != want.header.Get("Error-Type") {
			t.Errorf("invoke %d %.60q: through the extension got %s, direct got %s", i, p, describe(got), describe(want))
		}
		t.Logf("invoke %d: %s", i, describe(got))
		out = append(out, got)
	}
	return out
}

func describe(r result) string {
	return fmt.Sprintf("%d Error-Type=%q (%d bytes) %.200q", r.status, r.header.Get("Error-Type"), len(r.body), r.body)
}

// TestHandledError: a handled error surfaces as the emulator reports it
// directly, and the next invoke works.
func TestHandledError(t *testing.T) {
	rs := sameAsDirect(t, setupOpts{},
		`{"action":"error","message":"card declined"}`,
		`{"after":"error"}`)
	want := `{"errorMessage":"card declined","errorType":"errHandled"}`
	if string(rs[0].body) != want {
		t.Errorf("error body %q, want %q", rs[0].body, want)
	}
	if rs[1].status != http.StatusOK || string(rs[1].body) != `{"after":"error"}` {
		t.Errorf("invoke after the error: %s", describe(rs[1]))
	}
}

// TestPanic: a panic is reported by aws-lambda-go, the runtime exits, and the
// emulator's answer and recovery are the same with the extension.
func TestPanic(t *testing.T) {
	rs := sameAsDirect(t, setupOpts{},
		`{"action":"panic","message":"kaboom"}`,
		`{"after":"panic"}`)
	if !bytes.Contains(rs[0].body, []byte("kaboom")) {
		t.Errorf("panic body %q does not carry the panic message", rs[0].body)
	}
}

// TestTimeout: a handler sleeping past the function timeout gets the
// emulator's timeout answer, the same with the extension.
func TestTimeout(t *testing.T) {
	rs := sameAsDirect(t, setupOpts{timeout: time.Second},
		`{"action":"sleep","millis":3000}`,
		`{"after":"timeout"}`)
	if !bytes.Contains(rs[0].body, []byte("Task timed out")) {
		t.Errorf("timeout body %q, want the emulator's timeout message", rs[0].body)
	}
}
