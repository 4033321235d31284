package main

import (
	"context"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// recordingInspector answers every call with its verdict and counts them.
type recordingInspector struct {
	verdict engine.Verdict
	calls   chan string
}

func (r *recordingInspector) InspectEvent(context.Context, engine.Invocation, []byte) engine.Verdict {
	r.calls <- "event"
	return r.verdict
}

func (r *recordingInspector) InspectResponse(context.Context, engine.Invocation, any, []byte) engine.Verdict {
	r.calls <- "response"
	return r.verdict
}

// A call that comes before the policy loaded waits for it, then goes to
// the loaded inspector; later calls go there at once.
func TestPendingInspectorWaitsForTheLoad(t *testing.T) {
	p := newPendingInspector()
	loaded := &recordingInspector{verdict: engine.Verdict{Action: engine.Replace, Payload: []byte("x")}, calls: make(chan string, 2)}
	got := make(chan engine.Verdict, 1)
	go func() { got <- p.InspectEvent(context.Background(), engine.Invocation{RequestID: "r-1"}, []byte("{}")) }()
	select {
	case v := <-got:
		t.Fatalf("InspectEvent returned %v before the policy loaded", v)
	default:
	}
	p.set(loaded)
	if v := <-got; v.Action != engine.Replace || <-loaded.calls != "event" {
		t.Errorf("event verdict %v, want the loaded inspector's", v)
	}
	if v := p.InspectResponse(context.Background(), engine.Invocation{RequestID: "r-1"}, nil, []byte("{}")); v.Action != engine.Replace ||
		<-loaded.calls != "response" {
		t.Errorf("response verdict %v, want the loaded inspector's", v)
	}
}

// A call given up before the policy loaded is blocked, never allowed.
func TestPendingInspectorFailsClosedWhenGivenUp(t *testing.T) {
	p := newPendingInspector()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, v := range []engine.Verdict{
		p.InspectEvent(ctx, engine.Invocation{RequestID: "r-1"}, []byte("{}")),
		p.InspectResponse(ctx, engine.Invocation{RequestID: "r-1"}, nil, []byte("{}")),
	} {
		if v.Action != engine.Fail || v.ErrorType != "Function.PolicyNotLoaded" {
			t.Errorf("verdict %+v, want a Fail with Function.PolicyNotLoaded", v)
		}
	}
}
