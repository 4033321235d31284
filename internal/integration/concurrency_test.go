package integration

import (
	"bytes"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// 64 invokes at once with AWS_LAMBDA_MAX_CONCURRENCY semantics through the
// real engine and default rules, with blocked (SQL injection in the query),
// masked (card number in the body) and allowed events mixed: every event is
// answered exactly once, by the handler or on its behalf; masked events reach
// the handler masked; blocked ones never reach it; nothing stays open.
func TestConcurrentInvokesMixedVerdicts(t *testing.T) {
	const n = 64
	ctx := testContext(t)
	// Concurrent evaluations on a shared CI machine: a budget that only a
	// hang exceeds, so that every verdict is the policy's, not the fail mode's.
	s := newStack(t, stackOptions{concurrent: true, evalTimeout: 10 * time.Second})
	sqli := apigwV2("GET", "/items", "/items", "id=1%27%20OR%20%271%27%3D%271",
		map[string]string{"id": "1' OR '1'='1"}, nil, nil, "")
	card := apigwV2("POST", "/pay", "/pay", "", nil, map[string]string{"content-type": "application/json"}, nil,
		`{"card":"4111 1111 1111 1111","amount":12}`)
	plain := apigwV2("GET", "/hello", "/hello", "", nil, nil, nil, "")

	// The last event is an allowed one: the Runtime API hands events out
	// in order, so every blocked one is consumed before the runtime's last
	// poll returns.
	kinds := map[string]string{}
	events := map[string][]byte{}
	blocked := 0
	for i := range n {
		id := fmt.Sprintf("c-%02d", i)
		switch i % 3 {
		case 1:
			kinds[id], events[id] = "block", sqli
			blocked++
		case 2:
			kinds[id], events[id] = "mask", card
		default:
			kinds[id], events[id] = "allow", plain
		}
		s.api.queue(id, events[id])
	}

	var mu sync.Mutex
	delivered := map[string][]byte{}
	var wg sync.WaitGroup
	for range n - blocked {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := s.do(ctx, http.MethodGet, pathNext, nil)
			if err != nil {
				t.Error(err)
				return
			}
			id := r.header.Get(headerRequestID)
			mu.Lock()
			if _, dup := delivered[id]; dup {
				t.Errorf("%s delivered twice", id)
			}
			delivered[id] = r.body
			mu.Unlock()
			if rr, err := s.do(ctx, http.MethodPost, pathInvocation+id+"/response",
				[]byte(`{"statusCode":200,"body":"ok"}`)); err != nil || rr.status != http.StatusAccepted {
				t.Errorf("%s: response not accepted: %v %d", id, err, rr.status)
			}
		}()
	}
	wg.Wait()

	for id, kind := range kinds {
		body, got := delivered[id]
		switch kind {
		case "block":
			if got {
				t.Errorf("%s: blocked event reached the handler", id)
			}
		case "mask":
			if !got || bytes.Contains(body, []byte("4111 1111 1111 1111")) || !bytes.Contains(body, []byte("1111")) {
				t.Errorf("%s: handler got %q, want the card masked", id, body)
			}
		case "allow":
			if !bytes.Equal(body, events[id]) {
				t.Errorf("%s: handler got %q, want the event byte-exact", id, body)
			}
		}
		if c := s.api.answerCount(id); c != 1 {
			t.Errorf("%s (%s): answered %d times, want exactly once", id, kind, c)
		}
	}
	if open := s.api.openInvocations(); open != 0 {
		t.Errorf("%d invocations left open", open)
	}
}
