package engine

// inspectPhase is the phase of an inspection, as named in the input
// document and the decision log.
type inspectPhase string

const (
	inspectEvent    inspectPhase = "event"
	inspectResponse inspectPhase = "response"
)
