package proxy

import (
	"context"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// Inspector decides what happens to events and responses. *engine.Engine
// satisfies it. Implementations must be safe for concurrent use and must not
// retain the payload slices after returning.
type Inspector interface {
	// InspectEvent is called with every event the runtime would receive.
	InspectEvent(ctx context.Context, inv engine.Invocation, event []byte) engine.Verdict
	// InspectResponse is called with every buffered (non-streaming)
	// response; memo is the Verdict.Memo of the same request id's event,
	// or nil when the proxy did not see that event.
	InspectResponse(ctx context.Context, inv engine.Invocation, memo any, response []byte) engine.Verdict
}

// AllowAll is the Inspector that allows everything: the proxy then is a pure
// pass-through.
type AllowAll struct{}

// InspectEvent allows the event.
func (AllowAll) InspectEvent(context.Context, engine.Invocation, []byte) engine.Verdict {
	return engine.Verdict{Action: engine.Allow}
}

// InspectResponse allows the response.
func (AllowAll) InspectResponse(context.Context, engine.Invocation, any, []byte) engine.Verdict {
	return engine.Verdict{Action: engine.Allow}
}
