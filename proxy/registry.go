package proxy

import (
	"sync"
	"time"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// registry remembers, per request id, the invocations handed to the runtime
// and not yet answered, with the memo of their event verdict.
type registry struct {
	mu         sync.Mutex
	concurrent bool
	entries    map[string]invocation
	now        func() time.Time
}

type invocation struct {
	inv  engine.Invocation
	memo any
}

// staleAfter is how long past its deadline an unanswered invocation is kept.
const staleAfter = time.Minute

func newRegistry(concurrent bool) *registry {
	return &registry{concurrent: concurrent, entries: map[string]invocation{}, now: time.Now}
}

// put records an invocation handed to the runtime. Entries of invocations
// that cannot be answered any more are dropped: all of them when the runtime
// runs one invocation at a time (a new /next ends the previous one), and
// those long past their deadline otherwise.
func (r *registry) put(inv engine.Invocation, memo any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.concurrent {
		clear(r.entries)
	} else {
		cutoff := r.now().Add(-staleAfter).UnixMilli()
		for id, e := range r.entries {
			if e.inv.DeadlineMs > 0 && e.inv.DeadlineMs < cutoff {
				delete(r.entries, id)
			}
		}
	}
	r.entries[inv.RequestID] = invocation{inv: inv, memo: memo}
}

// take removes and returns the invocation of id.
func (r *registry) take(id string) (invocation, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.entries[id]
	delete(r.entries, id)
	return e, ok
}

// len is the number of open invocations.
func (r *registry) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.entries)
}
