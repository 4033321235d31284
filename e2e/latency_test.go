package e2e

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/internal/rie"
)

// eventSize is the size of the API Gateway v2 event used for latency.
const eventSize = 1536

// sizedAPIGWEvent is an API Gateway v2 event of exactly eventSize bytes.
func sizedAPIGWEvent(t testing.TB) []byte {
	t.Helper()
	base := apigwV2(t, "POST", "/orders", "page=2&sort=desc", nil, `{"item":""}`)
	pad := eventSize - len(base)
	if pad < 0 {
		t.Fatalf("base event is already %d bytes", len(base))
	}
	ev := apigwV2(t, "POST", "/orders", "page=2&sort=desc", nil, `{"item":"`+strings.Repeat("a", pad)+`"}`)
	if len(ev) != eventSize {
		t.Fatalf("event is %d bytes, want %d", len(ev), eventSize)
	}
	return ev
}

// TestLatency measures, without asserting, the round trip of sequential
// invokes of a 1.5 KB API Gateway v2 event through the emulator: directly,
// through the pass-through proxy (LAMBDA_FIREWALL_POLICY=none), through the
// engine with the small e2e test policy and through the default embedded
// rules, interleaved so that machine noise hits all
// alike. E2E_LATENCY_N sets the number of invokes per setup (default 300).
func TestLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("latency measurement skipped in -short mode")
	}
	n := 300
	if v := os.Getenv("E2E_LATENCY_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("E2E_LATENCY_N=%q: want a positive integer", v)
		}
	}
	ev := sizedAPIGWEvent(t)
	quiet := map[string]string{"LAMBDA_FIREWALL_LOG_LEVEL": "info"}
	setups := []struct {
		name string
		e    *rie.Emulator
		took []time.Duration
	}{
		{name: "direct", e: start(t, setupOpts{direct: true})},
		{name: "proxy, policy none", e: start(t, setupOpts{policy: policyNone, env: quiet})},
		{name: "proxy, trivial policy", e: start(t, setupOpts{policy: policyE2E, env: quiet})},
		{name: "proxy, default policy", e: start(t, setupOpts{policy: policyDefault, env: quiet})},
	}
	for i := range setups { // warm up: init, first connections
		for range 5 {
			invoke(t, setups[i].e, ev)
		}
	}
	for range n {
		for i := range setups {
			begin := time.Now()
			r := invoke(t, setups[i].e, ev)
			setups[i].took = append(setups[i].took, time.Since(begin))
			if r.status != 200 {
				t.Fatalf("%s: %s", setups[i].name, describe(r))
			}
		}
	}
	base := percentile(setups[0].took, 50)
	for _, s := range setups {
		p50, p90, p99 := percentile(s.took, 50), percentile(s.took, 90), percentile(s.took, 99)
		t.Logf("%-22s n=%d p50=%-9s p90=%-9s p99=%-9s p50 ratio to direct %.2f", s.name, n,
			round(p50), round(p90), round(p99), float64(p50)/float64(base))
	}
}

func percentile(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[(len(s)-1)*p/100]
}

func round(d time.Duration) string { return fmt.Sprint(d.Round(time.Microsecond)) }
