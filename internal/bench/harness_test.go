package bench

import (
	"context"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/proxy"
)

// testEnv loads the default engine and, unless -short, a stock OPA server.
func testEnv(t testing.TB) *Env {
	t.Helper()
	ctx := context.Background()
	eng, err := NewDefaultEngine(ctx, benchEvalTimeout)
	if err != nil {
		t.Fatal(err)
	}
	pack, err := NewEngine(ctx, RegoPack, benchEvalTimeout)
	if err != nil {
		t.Fatal(err)
	}
	regoOnly, err := NewRegoOnlyEngine(ctx, benchEvalTimeout)
	if err != nil {
		t.Fatal(err)
	}
	env := &Env{Engine: eng, RegoOnly: regoOnly, RegoPack: pack, EvalTimeout: benchEvalTimeout}
	if testing.Short() {
		return env
	}
	env.ExtensionBin = testExtensionBin(t)
	opa, err := StartStockOPA(ctx, t.TempDir(), os.Getenv("BENCH_OPA"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = opa.Close() })
	env.OPA = NewOPAInspector(opa.Addr)
	return env
}

// A few invokes per setup, size and concurrency: every setup must deliver
// the event as expected (byte-exact on allow, masked when it carries PII)
// and get the response through byte-exact. No timing is asserted.
func TestHarnessSmoke(t *testing.T) {
	env := testEnv(t)
	setups, err := env.Setups(nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg := RoundTripConfig{Sizes: []int{Size1K5}, Concurrency: []int{1, 4}, Invokes: 8, Block: 4, Warmup: 1}
	res, err := RunRoundTrips(context.Background(), setups, cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(setups) * len(cfg.Sizes) * len(cfg.Concurrency); len(res) != want {
		t.Fatalf("got %d results, want %d", len(res), want)
	}
	for _, r := range res {
		if r.N != cfg.Invokes {
			t.Errorf("%s %s c=%d: %d invokes measured, want %d", r.Setup, SizeName(r.Size), r.Concurrency, r.N, cfg.Invokes)
		}
	}
}

// extensionBin is the extension binary the tests build once.
var extensionBin struct {
	once sync.Once
	path string
	err  error
}

// testExtensionBin builds the extension binary as the layer ships it, once
// per test process.
func testExtensionBin(t testing.TB) string {
	t.Helper()
	extensionBin.once.Do(func() {
		dir, err := os.MkdirTemp("", "lambda-firewall-bench-test-")
		if err != nil {
			extensionBin.err = err
			return
		}
		extensionBin.path, extensionBin.err = BuildExtension(context.Background(), "../..", dir)
	})
	if extensionBin.err != nil {
		t.Fatal(extensionBin.err)
	}
	return extensionBin.path
}

// An extension setup whose extension does not start fails the run, with
// the extension's init error.
func TestExtensionSetupFailsLoudly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the extension binary")
	}
	s := Setup{Name: "broken-ext", Extension: &ExtensionSpec{Bin: testExtensionBin(t), Env: []string{"LAMBDA_FIREWALL_MODE=sometimes"}}}
	cfg := RoundTripConfig{Sizes: []int{Size1K5}, Concurrency: []int{1}, Invokes: 2, Block: 2}
	_, err := RunRoundTrips(context.Background(), []Setup{s}, cfg, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "Extension.ConfigInvalid") {
		t.Fatalf("err = %v, want the extension's init error", err)
	}
}

// benchEvalTimeout lets the tests measure slow decisions instead of failing
// them closed.
const benchEvalTimeout = 5 * time.Minute

// tamper replaces every event with "{}".
type tamper struct{ proxy.AllowAll }

func (tamper) InspectEvent(context.Context, engine.Invocation, []byte) engine.Verdict {
	return engine.Verdict{Action: engine.Replace, Payload: []byte(`{}`)}
}

// The harness fails when a setup does not deliver what it should: a changed
// event on allow, an unmasked event where masking is expected.
func TestHarnessFailsLoudly(t *testing.T) {
	cfg := RoundTripConfig{Sizes: []int{Size1K5}, Concurrency: []int{1, 4}, Invokes: 4, Block: 4}
	for _, s := range []Setup{
		{Name: "tampering", Inspector: tamper{}},
		{Name: "unmasked", Inspector: proxy.AllowAll{}, Masked: true},
	} {
		if _, err := RunRoundTrips(context.Background(), []Setup{s}, cfg, io.Discard); err == nil {
			t.Errorf("setup %s: no error", s.Name)
		} else {
			t.Logf("setup %s: %v", s.Name, err)
		}
	}
}
