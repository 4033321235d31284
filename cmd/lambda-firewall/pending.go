package main

import (
	"context"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/proxy"
)

// pendingInspector is the proxy's inspector while the policy loads. The
// extension registers before it loads the policy: Lambda starts the runtime
// once every extension has registered, so the runtime's own init runs
// beside the load instead of after it. No invoke reaches the runtime before
// the extension's first /event/next, which it sends only once the load
// succeeded; a call that comes earlier anyway (a Runtime API that does not
// wait for the extensions) waits for the load here.
type pendingInspector struct {
	ready chan struct{}
	insp  proxy.Inspector // set before ready is closed
}

func newPendingInspector() *pendingInspector {
	return &pendingInspector{ready: make(chan struct{})}
}

// set hands over the loaded inspector. It is called once.
func (p *pendingInspector) set(insp proxy.Inspector) {
	p.insp = insp
	close(p.ready)
}

// wait returns the loaded inspector, or nil when ctx ends first.
func (p *pendingInspector) wait(ctx context.Context) proxy.Inspector {
	select {
	case <-p.ready:
		return p.insp
	case <-ctx.Done():
		return nil
	}
}

// errPolicyNotLoaded is the verdict of a payload that came before the
// policy loaded and was given up (its request ended first): blocked, never
// passed unchecked.
var errPolicyNotLoaded = engine.Verdict{Action: engine.Fail, ErrorType: "Function.PolicyNotLoaded",
	ErrorMessage: "lambda-firewall: the policy was not loaded yet"}

func (p *pendingInspector) InspectEvent(ctx context.Context, inv engine.Invocation, event []byte) engine.Verdict {
	if insp := p.wait(ctx); insp != nil {
		return insp.InspectEvent(ctx, inv, event)
	}
	return errPolicyNotLoaded
}

func (p *pendingInspector) InspectResponse(ctx context.Context, inv engine.Invocation, memo any, response []byte) engine.Verdict {
	if insp := p.wait(ctx); insp != nil {
		return insp.InspectResponse(ctx, inv, memo, response)
	}
	return errPolicyNotLoaded
}
