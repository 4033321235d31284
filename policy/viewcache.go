package policy

import (
	"bytes"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// viewCache keeps the parsed "http" members of recent event-phase input
// documents, by their exact bytes, for the response phase of the same
// request: the engine writes the event's "http" object into the response
// document verbatim (docs/contracts.md), and parsing it again was most of
// the cost of deciding an ordinary response. The same bytes parse to the
// same value, and values are never modified once parsed, so evaluations
// may share one, as they share the bundle data.
//
// It holds the last viewCacheSize views of documents of at most
// viewCacheMaxInput bytes. An entry keeps its document's bytes (the parsed
// strings are substrings of them; see parseInputValue), not a copy.
type viewCache struct {
	mu      sync.Mutex
	entries [viewCacheSize]viewEntry
	next    int
}

type viewEntry struct {
	raw []byte
	val ast.Value
}

const (
	// viewCacheSize covers the requests in flight at once: one without
	// AWS_LAMBDA_MAX_CONCURRENCY, a few with it.
	viewCacheSize = 8
	// viewCacheMaxInput bounds the memory a cached view keeps alive.
	viewCacheMaxInput = 64 << 10
)

// get returns the value of the view whose bytes are raw, or nil.
func (c *viewCache) get(raw []byte) ast.Value {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := range c.entries {
		if e := &c.entries[i]; len(e.raw) == len(raw) && bytes.Equal(e.raw, raw) {
			return e.val
		}
	}
	return nil
}

// put records the value of the view whose bytes are raw, replacing the
// oldest entry.
func (c *viewCache) put(raw []byte, val ast.Value) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entries[c.next] = viewEntry{raw: raw, val: val}
	c.next = (c.next + 1) % viewCacheSize
}
