package policy

// Decision is the parsed, validated result of the decision query.
type Decision struct {
	Action   string        `json:"action"` // "allow", "mask" or "block"
	Reasons  []Reason      `json:"reasons,omitempty"`
	Mask     []Mask        `json:"mask,omitempty"`
	Response *HTTPResponse `json:"response,omitempty"`
	Error    *ErrorSpec    `json:"error,omitempty"`
}

// Reason says which rule matched and where.
type Reason struct {
	ID       string `json:"id"`
	Category string `json:"category,omitempty"`
	Severity string `json:"severity,omitempty"`
	Message  string `json:"message,omitempty"`
	Path     []any  `json:"path,omitempty"` // string keys and int indexes into the input document
}

// Mask is one field to mask.
type Mask struct {
	Path        []any  `json:"path"`               // string keys and int indexes into the input document
	Strategy    string `json:"strategy,omitempty"` // "full" (default), "last4", "hash"
	Pattern     string `json:"pattern,omitempty"`
	Replacement string `json:"replacement,omitempty"`
}

// HTTPResponse overrides the synthetic HTTP response of a block.
type HTTPResponse struct {
	Status  int               `json:"status,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    any               `json:"body,omitempty"` // a string, or any JSON value (serialised)
}

// ErrorSpec overrides the error posted for a non-HTTP block.
type ErrorSpec struct {
	Type    string `json:"type,omitempty"`
	Message string `json:"message,omitempty"`
}

// Result is one evaluation: the decision and what it cost.
type Result struct {
	Decision Decision
	// EvalNs is the wall time of Eval in nanoseconds: parsing the input,
	// evaluating the query and parsing the decision. Set on timeouts too.
	EvalNs int64
}
