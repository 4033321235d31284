package e2e

import (
	"context"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/internal/rie"
)

// Policies the extension can run with.
const (
	policyE2E     = ""        // testdata/policies/e2e: allows unless the event asks otherwise
	policyNone    = "none"    // LAMBDA_FIREWALL_POLICY=none: pure pass-through
	policyDefault = "default" // LAMBDA_FIREWALL_POLICY unset: the embedded default rules
)

// setupOpts describes one emulated function for a test.
type setupOpts struct {
	direct      bool   // no extension, no wrapper: the baseline
	policy      string // one of the policy* constants
	env         map[string]string
	concurrency int
	timeout     time.Duration
	bootstrap   rie.Bootstrap
}

// start runs an emulator for the test and closes it at cleanup, printing its
// logs if the test failed.
func start(t testing.TB, o setupOpts) *rie.Emulator {
	t.Helper()
	if bins.skip != "" {
		t.Skip(bins.skip)
	}
	cfg := rie.Config{
		RIE:         bins.rie,
		Function:    bins.function,
		Env:         map[string]string{"LAMBDA_FIREWALL_LOG_LEVEL": "debug"},
		Concurrency: o.concurrency,
		Timeout:     o.timeout,
		Bootstrap:   o.bootstrap,
	}
	switch o.policy {
	case policyE2E:
		bundle, err := filepath.Abs("testdata/policies/e2e")
		if err != nil {
			t.Fatal(err)
		}
		cfg.Env["LAMBDA_FIREWALL_POLICY"] = bundle
	case policyNone:
		cfg.Env["LAMBDA_FIREWALL_POLICY"] = policyNone
	}
	maps.Copy(cfg.Env, o.env)
	if !o.direct {
		if bins.noExtension != "" {
			t.Fatal(bins.noExtension)
		}
		cfg.Extension, cfg.Wrapper = bins.extension, bins.wrapper
	}
	if os.Getenv("E2E_LOGS") != "" {
		cfg.Log = os.Stderr
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e, err := rie.Start(ctx, cfg)
	if err != nil {
		t.Fatalf("start emulator: %v", err)
	}
	t.Cleanup(func() {
		if err := e.Close(); err != nil {
			t.Errorf("close emulator: %v", err)
		}
		if t.Failed() {
			t.Logf("emulator logs:\n%s", e.Logs())
		}
	})
	return e
}

// result is what the caller of the function got from the emulator.
type result struct {
	status int
	body   []byte
	header http.Header
}

// invoke calls the function and fails the test on a transport error.
func invoke(t testing.TB, e *rie.Emulator, payload []byte) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	status, body, header, err := e.Invoke(ctx, payload)
	if err != nil {
		t.Fatalf("invoke: %v", err)
	}
	return result{status, body, header}
}

// handlerInvocations counts the HANDLER_INVOKED lines for marker.
func handlerInvocations(logs, marker string) int {
	re := regexp.MustCompile(`(?m)^HANDLER_INVOKED \S+ ` + regexp.QuoteMeta(marker) + `$`)
	return len(re.FindAllString(logs, -1))
}

// waitHandler waits for the HANDLER_INVOKED line of marker and returns the
// request id. Logs come through a pipe, so a line can arrive after the
// invoke's answer; lines of one process keep their order.
func waitHandler(t testing.TB, e *rie.Emulator, marker string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	line, err := e.WaitLog(ctx, func(l string) bool {
		f := strings.Fields(l)
		return len(f) == 3 && f[0] == "HANDLER_INVOKED" && f[2] == marker
	})
	if err != nil {
		t.Fatalf("the handler was not invoked for %q: %v", marker, err)
	}
	return strings.Fields(line)[1]
}

// waitLog waits up to 20s for a log line containing substr.
func waitLog(t testing.TB, e *rie.Emulator, substr string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	line, err := e.WaitLog(ctx, func(l string) bool { return strings.Contains(l, substr) })
	if err != nil {
		t.Fatalf("no log line with %q: %v", substr, err)
	}
	return line
}

// closeAndWait closes the emulator and returns all its logs once it exited.
func closeAndWait(t testing.TB, e *rie.Emulator) string {
	t.Helper()
	if err := e.Close(); err != nil {
		t.Fatalf("close emulator: %v", err)
	}
	<-e.Exited()
	return e.Logs()
}
