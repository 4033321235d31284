package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/proxy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

var (
	defaultPackOnce sync.Once
	defaultPack     *policy.Evaluator
	defaultPackErr  error
)

// defaultEvaluator is the embedded default rule pack, loaded once: an
// Evaluator is safe for concurrent use.
func defaultEvaluator(t testing.TB) *policy.Evaluator {
	t.Helper()
	defaultPackOnce.Do(func() {
		defaultPack, defaultPackErr = policy.Load(context.Background(), policy.Options{Embedded: rules.Default})
	})
	if defaultPackErr != nil {
		t.Fatalf("loading the default pack: %v", defaultPackErr)
	}
	return defaultPack
}

// logSink collects log lines, safe for concurrent writers.
type logSink struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *logSink) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *logSink) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// decisions returns the decision log lines of request id.
func (s *logSink) decisions(id string) []map[string]any {
	var out []map[string]any
	for _, line := range strings.Split(s.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(line), &m) != nil || m["msg"] != "decision" || m["request_id"] != id {
			continue
		}
		out = append(out, m)
	}
	return out
}

// stackOptions tunes the stack; zero values are the extension's defaults.
type stackOptions struct {
	decider     engine.Decider // nil: the default pack
	failOpen    bool
	concurrent  bool
	evalTimeout time.Duration
	logLevel    slog.Level
}

// stack is the proxy and the engine wired as the extension wires them, in
// front of a fake Runtime API; the test plays the function's runtime.
type stack struct {
	api    *runtimeAPI
	url    string
	client *http.Client
	logs   *logSink
}

func newStack(t testing.TB, o stackOptions) *stack {
	t.Helper()
	var decider engine.Decider = o.decider
	if decider == nil {
		decider = defaultEvaluator(t)
	}
	logs := &logSink{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: o.logLevel}))
	eng := engine.New(decider, engine.Config{
		FailOpen:    o.failOpen,
		EvalTimeout: o.evalTimeout,
		Function:    engine.FunctionInfo{Name: "f", Version: "$LATEST", MemoryMB: 128, Region: "eu-west-1"},
		Logger:      log,
	})
	api := newRuntimeAPI(t)
	p, err := proxy.New(proxy.Config{Upstream: api.addr(), Inspector: eng, Logger: log, Concurrent: o.concurrent})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	tr := &http.Transport{Proxy: nil, MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	return &stack{api: api, url: srv.URL, client: &http.Client{Transport: tr}, logs: logs}
}

func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// reply is what the runtime got from the proxy.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// do performs one runtime-side request.
func (s *stack) do(ctx context.Context, method, path string, body []byte) (reply, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.url+path, rd)
	if err != nil {
		return reply{}, err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return reply{}, fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, fmt.Errorf("reading %s %s: %w", method, path, err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}, nil
}

// outcome is what became of one event or response.
type outcome struct {
	delivered []byte  // the event as the handler got it; nil when blocked
	answer    *answer // what the Runtime API got on the runtime's behalf (event blocked) or from it (response)
	decision  map[string]any
}

// class names the outcome as SECURITY.md does: allow, mask, block, error
// (no decision could be reached: the fail mode applied) or uninspected.
func (o outcome) class() string {
	switch {
	case o.decision == nil:
		return "uninspected"
	case o.decision["error"] != nil:
		return "error→" + fmt.Sprint(o.decision["verdict"])
	}
	return fmt.Sprint(o.decision["action"])
}

// sendEvent runs one event through the stack: the runtime polls /next and
// either gets the event (allowed or masked) or, when the proxy answered it
// on the runtime's behalf, a sentinel event queued afterwards. A delivered
// event is answered with "{}" so that nothing is left open.
func (s *stack) sendEvent(ctx context.Context, id string, ev []byte) (outcome, error) {
	s.api.queue(id, ev)
	type polled struct {
		r   reply
		err error
	}
	got := make(chan polled, 1)
	go func() {
		r, err := s.do(ctx, http.MethodGet, pathNext, nil)
		got <- polled{r, err}
	}()
	blocked := make(chan answer, 1)
	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	waiterDone := make(chan struct{})
	go func() {
		defer close(waiterDone)
		if ans, err := s.api.waitAnswer(stop, id); err == nil {
			blocked <- ans
		}
	}()
	var out outcome
	select {
	case p := <-got:
		cancel()
		<-waiterDone
		if len(blocked) > 0 {
			return out, fmt.Errorf("event %s was both delivered and answered on the runtime's behalf", id)
		}
		if p.err != nil {
			return out, p.err
		}
		if gotID := p.r.header.Get(headerRequestID); p.r.status != http.StatusOK || gotID != id {
			return out, fmt.Errorf("runtime got %d %s instead of %s: %q", p.r.status, gotID, id, p.r.body)
		}
		out.delivered = p.r.body
		if _, err := s.do(ctx, http.MethodPost, pathInvocation+id+"/response", []byte(`{}`)); err != nil {
			return out, err
		}
		if _, err := s.api.waitAnswer(ctx, id); err != nil {
			return out, err
		}
	case ans := <-blocked:
		out.answer = &ans
		sentinel := "sentinel-" + id
		s.api.queue(sentinel, []byte(`{}`))
		p := <-got
		if p.err != nil {
			return out, p.err
		}
		if gotID := p.r.header.Get(headerRequestID); gotID != sentinel {
			return out, fmt.Errorf("after blocking %s the runtime got %d %q", id, p.r.status, gotID)
		}
		if _, err := s.do(ctx, http.MethodPost, pathInvocation+sentinel+"/response", []byte(`{}`)); err != nil {
			return out, err
		}
		if _, err := s.api.waitAnswer(ctx, sentinel); err != nil {
			return out, err
		}
	}
	out.decision = s.lastDecision(id, "event")
	return out, nil
}

// sendResponse hands the proxy the event ev (which must be delivered) and
// then posts resp as its result; the outcome is what the Runtime API got.
func (s *stack) sendResponse(ctx context.Context, id string, ev, resp []byte) (outcome, error) {
	s.api.queue(id, ev)
	r, err := s.do(ctx, http.MethodGet, pathNext, nil)
	if err != nil {
		return outcome{}, err
	}
	if r.header.Get(headerRequestID) != id {
		return outcome{}, fmt.Errorf("the event of %s did not reach the runtime", id)
	}
	rr, err := s.do(ctx, http.MethodPost, pathInvocation+id+"/response", resp)
	if err != nil {
		return outcome{}, err
	}
	ans, err := s.api.waitAnswer(ctx, id)
	if err != nil {
		return outcome{}, err
	}
	if rr.status != ans.status {
		return outcome{}, fmt.Errorf("runtime got %d, the Runtime API answered %d", rr.status, ans.status)
	}
	return outcome{answer: &ans, decision: s.lastDecision(id, "response")}, nil
}

// lastDecision is the decision line of id in phase, nil when none.
func (s *stack) lastDecision(id, phase string) map[string]any {
	var last map[string]any
	for _, d := range s.logs.decisions(id) {
		if d["phase"] == phase {
			last = d
		}
	}
	return last
}
