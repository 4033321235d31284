package e2e

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/internal/rie"
)

// invokeWhenAvailable retries while the emulator answers 400
// Runtime.Unavailable: in its multi-concurrency mode it rejects an invoke at
// once when no runtime loop is polling /next at that moment (seen without the
// extension too, right after a previous invoke returned).
func invokeWhenAvailable(t *testing.T, e *rie.Emulator, payload []byte) result {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		r := invoke(t, e, payload)
		if r.status != 400 || r.header.Get("Error-Type") != "Runtime.Unavailable" || time.Now().After(deadline) {
			return r
		}
		<-tick.C
	}
}

// TestConcurrentInvokes: with AWS_LAMBDA_MAX_CONCURRENCY=4 (the emulator's
// multi-concurrency mode; the function's own bootstrap in /var/task), four
// overlapping invokes each get their own event back, reach the handler once
// each, and overlap: the wall time stays under three of the four sleeps.
func TestConcurrentInvokes(t *testing.T) {
	t.Run("direct", func(t *testing.T) { testConcurrentInvokes(t, true) })
	t.Run("proxy", func(t *testing.T) { testConcurrentInvokes(t, false) })
}

func testConcurrentInvokes(t *testing.T, direct bool) {
	const n, sleep = 4, 800 * time.Millisecond
	b := rie.BootstrapOSOnly
	if direct {
		b = rie.BootstrapManaged
	}
	e := start(t, setupOpts{direct: direct, concurrency: n, bootstrap: b})
	invokeWhenAvailable(t, e, []byte(`{"warm":"up"}`))

	var wg sync.WaitGroup
	results := make([]result, n)
	begin := time.Now()
	for i := range n {
		wg.Go(func() {
			ev := fmt.Sprintf(`{"action":"sleep","millis":%d,"marker":"c%d"}`, sleep.Milliseconds(), i)
			results[i] = invokeWhenAvailable(t, e, []byte(ev))
		})
	}
	wg.Wait()
	elapsed := time.Since(begin)
	for i, r := range results {
		want := fmt.Sprintf(`{"action":"sleep","millis":%d,"marker":"c%d"}`, sleep.Milliseconds(), i)
		if r.status != 200 || string(r.body) != want {
			t.Errorf("invoke %d: %s, want 200 %s", i, describe(r), want)
		}
		waitHandler(t, e, fmt.Sprintf("c%d", i))
		if c := handlerInvocations(e.Logs(), fmt.Sprintf("c%d", i)); c != 1 {
			t.Errorf("invoke %d reached the handler %d times", i, c)
		}
	}
	t.Logf("%d concurrent invokes of %s each took %s", n, sleep, elapsed)
	if elapsed >= time.Duration(n-1)*sleep { // sequential would take n × sleep
		t.Errorf("invokes did not overlap: %s for %d × %s", elapsed, n, sleep)
	}
}
