package engine

// Action is what the proxy must do with an event or a response.
type Action int

const (
	// Allow forwards the payload byte-exact.
	Allow Action = iota
	// Replace forwards Verdict.Payload instead of the original payload
	// (a masked event or response, or a synthetic replacement response).
	Replace
	// Respond blocks an event: the proxy posts Verdict.Payload to
	// /invocation/{id}/response on the runtime's behalf and fetches the next
	// event for the runtime. Only meaningful for events.
	Respond
	// Fail blocks: for an event the proxy posts an error (ErrorType,
	// ErrorMessage) to /invocation/{id}/error on the runtime's behalf and
	// fetches the next event; for a response it posts that error instead of
	// the response.
	Fail
)

func (a Action) String() string {
	switch a {
	case Allow:
		return "allow"
	case Replace:
		return "replace"
	case Respond:
		return "respond"
	case Fail:
		return "fail"
	}
	return "unknown"
}

// Verdict is the engine's answer for one payload.
type Verdict struct {
	Action Action
	// Payload is the replacement payload (Replace) or the synthetic
	// response (Respond). Nil otherwise.
	Payload []byte
	// ErrorType and ErrorMessage are set for Fail. ErrorType matches
	// (Runtime|Function)\.[A-Z][a-zA-Z]+ and ErrorMessage carries no
	// payload data.
	ErrorType    string
	ErrorMessage string
	// Memo is opaque to the proxy: it keeps the value returned with an
	// event's verdict and hands it back to InspectResponse for the same
	// request id.
	Memo any
}
