package proxy

import (
	"context"
	"fmt"
	"runtime/debug"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// inspectionFailed is the verdict when the inspector itself fails (panics,
// or answers an action the proxy does not know): the payload is blocked
// (fail closed) and answered with an error, so the event is never lost and
// never reaches the handler uninspected.
var inspectionFailed = engine.Verdict{Action: engine.Fail, ErrorType: defaultBlockErrorType,
	ErrorMessage: "blocked by lambda-firewall: inspection failed"}

// inspectEvent calls the inspector and turns a panic into a Fail verdict.
func (p *Proxy) inspectEvent(ctx context.Context, inv engine.Invocation, event []byte) (v engine.Verdict) {
	defer p.recoverInspector(inv.RequestID, "event", &v)
	return p.inspector.InspectEvent(ctx, inv, event)
}

// inspectResponse calls the inspector and turns a panic into a Fail verdict.
func (p *Proxy) inspectResponse(ctx context.Context, inv engine.Invocation, memo any, resp []byte) (v engine.Verdict) {
	defer p.recoverInspector(inv.RequestID, "response", &v)
	return p.inspector.InspectResponse(ctx, inv, memo, resp)
}

func (p *Proxy) recoverInspector(requestID, phase string, v *engine.Verdict) {
	r := recover()
	if r == nil {
		return
	}
	// Only the panic's type and the stack: a panic value could quote data.
	p.log.Error("inspector panic recovered; blocking", "request_id", requestID, "phase", phase,
		"panic_type", fmt.Sprintf("%T", r), "stack", string(debug.Stack()))
	*v = inspectionFailed
}
