package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// extensionLines returns the extension's JSON log lines with the given msg.
func extensionLines(logs, msg string) []map[string]any {
	var out []map[string]any
	for line := range strings.Lines(logs) {
		if !strings.Contains(line, `"lambda-firewall"`) {
			continue
		}
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) == nil && m["msg"] == msg {
			out = append(out, m)
		}
	}
	return out
}

// TestShutdown: on Close the emulator sends SHUTDOWN; the extension logs it,
// drains and exits before the deadline, so it is not killed.
func TestShutdown(t *testing.T) {
	e := start(t, setupOpts{})
	invoke(t, e, []byte(`{"warm":"up"}`))
	waitLog(t, e, `"msg":"extension ready"`)
	logs := closeAndWait(t, e)
	down := extensionLines(logs, "shutting down")
	if len(down) != 1 || down[0]["reason"] != "SHUTDOWN" {
		t.Errorf("want one shutdown line for a SHUTDOWN event, got %v", down)
	}
	if stopped := extensionLines(logs, "extension stopped"); len(stopped) != 1 {
		t.Errorf("want one 'extension stopped' line, got %v", stopped)
	}
	if strings.Contains(logs, "Deadline: the agent lambda-firewall did not exit") {
		t.Error("the emulator had to kill the extension after SHUTDOWN")
	}
}

// TestSIGTERMForwarding: aws-lambda-go's WithEnableSIGTERM registers an
// internal extension through AWS_LAMBDA_RUNTIME_API, i.e. through the proxy's
// pass-through of /2020-01-01/extension/*; the emulator then sends SIGTERM to
// the function at shutdown and its hook runs.
func TestSIGTERMForwarding(t *testing.T) {
	e := start(t, setupOpts{})
	invoke(t, e, []byte(`{"warm":"up"}`))
	logs := e.Logs()
	if !strings.Contains(logs, "GoLangEnableSIGTERM") || strings.Contains(logs, "Failed to register internal extension") {
		t.Fatalf("the function's internal extension did not register through the proxy")
	}
	logs = closeAndWait(t, e)
	if !strings.Contains(logs, "SIGTERM_RECEIVED") {
		t.Error("the function's SIGTERM hook did not run")
	}
}
