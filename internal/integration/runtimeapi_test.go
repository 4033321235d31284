package integration

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Runtime API protocol strings, as the real API speaks them.
const (
	pathNext        = "/2018-06-01/runtime/invocation/next"
	pathInvocation  = "/2018-06-01/runtime/invocation/"
	headerRequestID = "Lambda-Runtime-Aws-Request-Id"
	headerErrorType = "Lambda-Runtime-Function-Error-Type"
	// maxPayload is the largest body the Runtime API accepts on /response:
	// 6 MiB and 100 bytes of slack. Larger ones get 413.
	maxPayload = 6<<20 + 100
)

// event is one invocation the fake Runtime API hands out.
type event struct {
	id   string
	body []byte
}

// answer is what the fake Runtime API received for one invocation.
type answer struct {
	id     string
	route  string // "response" or "error"
	header http.Header
	body   []byte
	status int // what the fake answered
}

// runtimeAPI is an httptest fake of the Lambda Runtime API: /next hands out
// queued events (holding the long poll until one is queued), POSTs to
// /invocation/{id}/{response,error} are recorded per request id, a second
// answer for an id or an answer for an id never handed out gets 400, and a
// body over maxPayload gets 413.
type runtimeAPI struct {
	srv    *httptest.Server
	events chan event

	mu      sync.Mutex
	issued  map[string]bool // handed out, not answered yet
	answers map[string]chan answer
	all     []answer
}

func newRuntimeAPI(t testing.TB) *runtimeAPI {
	t.Helper()
	a := &runtimeAPI{events: make(chan event, 1024), issued: map[string]bool{}, answers: map[string]chan answer{}}
	a.srv = httptest.NewServer(http.HandlerFunc(a.serve))
	t.Cleanup(a.srv.Close)
	return a
}

func (a *runtimeAPI) addr() string { return a.srv.Listener.Addr().String() }

func (a *runtimeAPI) queue(id string, body []byte) { a.events <- event{id: id, body: body} }

func (a *runtimeAPI) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == pathNext {
		select {
		case ev := <-a.events:
			a.mu.Lock()
			a.issued[ev.id] = true
			a.mu.Unlock()
			w.Header().Set(headerRequestID, ev.id)
			w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:f")
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(ev.body)))
			_, _ = w.Write(ev.body)
		case <-r.Context().Done():
		}
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, pathInvocation)
	id, route, _ := strings.Cut(rest, "/")
	if r.Method != http.MethodPost || !ok || (route != "response" && route != "error") {
		http.Error(w, `{"errorMessage":"not found","errorType":"NotFound"}`, http.StatusNotFound)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	a.mu.Lock()
	status := http.StatusAccepted
	switch {
	case !a.issued[id]:
		status = http.StatusBadRequest
	case len(body) > maxPayload:
		status = http.StatusRequestEntityTooLarge
	}
	delete(a.issued, id)
	ans := answer{id: id, route: route, header: r.Header.Clone(), body: body, status: status}
	a.all = append(a.all, ans)
	ch := a.answerChan(id)
	a.mu.Unlock()
	ch <- ans
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if status == http.StatusAccepted {
		_, _ = w.Write([]byte(`{"status":"OK"}`))
	} else {
		_, _ = fmt.Fprintf(w, `{"errorMessage":"refused","errorType":"%s"}`, http.StatusText(status))
	}
}

// answerChan returns the channel of id's answers; a.mu must be held.
func (a *runtimeAPI) answerChan(id string) chan answer {
	ch, ok := a.answers[id]
	if !ok {
		ch = make(chan answer, 4)
		a.answers[id] = ch
	}
	return ch
}

// waitAnswer waits for the next answer of id.
func (a *runtimeAPI) waitAnswer(ctx context.Context, id string) (answer, error) {
	a.mu.Lock()
	ch := a.answerChan(id)
	a.mu.Unlock()
	select {
	case ans := <-ch:
		return ans, nil
	case <-ctx.Done():
		return answer{}, fmt.Errorf("no answer for %s: %w", id, ctx.Err())
	}
}

// answerCount is how many answers id received.
func (a *runtimeAPI) answerCount(id string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, ans := range a.all {
		if ans.id == id {
			n++
		}
	}
	return n
}

// openInvocations is the number of events handed out and not answered.
func (a *runtimeAPI) openInvocations() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.issued)
}
