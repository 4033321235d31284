package engine

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// DefaultMaxInspectBytes is the default InputOptions.MaxInspectBytes: like
// AWS WAF's body inspection limit, a bound on the bytes a policy reads.
const DefaultMaxInspectBytes = 64 << 10

// FunctionInfo describes the protected function; it is the input
// document's "function" object.
type FunctionInfo struct {
	Name     string
	Version  string
	MemoryMB int
	Region   string
}

// InputOptions bounds what the input builder hands to policy.
type InputOptions struct {
	// MaxInspectBytes bounds what reaches policy, so that evaluation time
	// and memory stay bounded whatever the payload's size. The HTTP body
	// (event and response) is cut to this many bytes on a UTF-8 boundary,
	// marked body_truncated and not parsed. A payload larger than this is
	// embedded pruned (payload_truncated): same structure, string leaves
	// cut so that they hold at most this many bytes in all (see
	// payloadPruner). 0 means DefaultMaxInspectBytes.
	MaxInspectBytes int
	// MaxDepth caps the JSON nesting of the payload, of a JSON HTTP body
	// and of the client context and Cognito identity. A deeper payload or
	// body is an error. 0 means 64.
	MaxDepth int
}

const (
	defaultMaxDepth        = 64
	defaultMaxInspectBytes = DefaultMaxInspectBytes
)

func (o InputOptions) withDefaults() InputOptions {
	if o.MaxDepth <= 0 {
		o.MaxDepth = defaultMaxDepth
	}
	if o.MaxInspectBytes <= 0 {
		o.MaxInspectBytes = defaultMaxInspectBytes
	}
	return o
}

// EventMemo is what the response phase needs from the event phase of the
// same request.
type EventMemo struct {
	Source Source
	// HTTP is the event's "http" object, nil if the source is not HTTP.
	// It is reused verbatim in the response document, so it must be the
	// value BuildEventInput returned.
	HTTP json.RawMessage
	// BodyBase64 is the event's isBase64Encoded.
	BodyBase64 bool
}

// BuildEventInput builds the policy input document (JSON bytes, see
// docs/contracts.md) for an event, and the memo its response needs.
//
// The payload's nesting depth is checked first, in constant memory. The
// only errors are a payload or a JSON HTTP body nested deeper than
// opts.MaxDepth; any other payload, JSON or not, gets a document.
func BuildEventInput(payload []byte, inv Invocation, fn FunctionInfo, opts InputOptions) ([]byte, *EventMemo, error) {
	return buildEventInput(newPayloadView(payload), inv, fn, opts)
}

// buildEventInput is BuildEventInput on a view the masks may share.
func buildEventInput(v *payloadView, inv Invocation, fn FunctionInfo, opts InputOptions) ([]byte, *EventMemo, error) {
	o := opts.withDefaults()
	sc, err := v.doc.checked(o.MaxDepth)
	if err != nil {
		return nil, nil, fmt.Errorf("build event input: payload: %w", err)
	}
	memo := &EventMemo{Source: SourceUnknown}
	var f eventFields
	if sc.valid {
		f = scanEventFields(v)
		memo.Source = f.detect()
	}
	extra := 0
	if IsHTTP(memo.Source) {
		extra = 2 * min(len(v.raw), o.MaxInspectBytes) // the body as a string and as body_json
	}
	w := newInputWriter("event", v, inv, fn, memo.Source, o, extra)
	if IsHTTP(memo.Source) {
		w.key("http")
		start := len(w.buf)
		if err := writeHTTP(w, memo.Source, v, &f, o); err != nil {
			return nil, nil, fmt.Errorf("build event input: http: %w", err)
		}
		memo.HTTP = bytes.Clone(w.buf[start:])
		memo.BodyBase64 = f.isBase64.Bool()
	}
	w.objClose()
	return w.buf, memo, nil
}

// BuildResponseInput builds the policy input document for a handler
// response. Source and http come from memo; a nil memo means an unknown
// source. For HTTP sources the document has a "response" object (see
// writeResponse).
func BuildResponseInput(payload []byte, inv Invocation, fn FunctionInfo, memo *EventMemo, opts InputOptions) ([]byte, error) {
	return buildResponseInput(newPayloadView(payload), inv, fn, memo, opts)
}

// buildResponseInput is BuildResponseInput on a view the masks may share.
func buildResponseInput(v *payloadView, inv Invocation, fn FunctionInfo, memo *EventMemo, opts InputOptions) ([]byte, error) {
	o := opts.withDefaults()
	if _, err := v.doc.checked(o.MaxDepth); err != nil {
		return nil, fmt.Errorf("build response input: payload: %w", err)
	}
	src := SourceUnknown
	if memo != nil && memo.Source != "" {
		src = memo.Source
	}
	extra := 0
	if IsHTTP(src) {
		extra = len(memo.HTTP) + 2*min(len(v.raw), o.MaxInspectBytes)
	}
	w := newInputWriter("response", v, inv, fn, src, o, extra)
	if IsHTTP(src) {
		if len(memo.HTTP) > 0 {
			w.key("http")
			w.raw(memo.HTTP)
		}
		w.key("response")
		if err := writeResponse(w, src, v, o); err != nil {
			return nil, fmt.Errorf("build response input: response: %w", err)
		}
	}
	w.objClose()
	return w.buf, nil
}

// newInputWriter opens the document and writes the members common to both
// phases: phase, payload, payload_format, size, invocation, function and
// source. The buffer has room for them and extra more bytes.
func newInputWriter(phase string, v *payloadView, inv Invocation, fn FunctionInfo, src Source, o InputOptions, extra int) *jsonw {
	// Room for the payload as embedded: whole, or pruned to about twice
	// the inspection limit.
	size := min(len(v.raw), 2*o.MaxInspectBytes) + len(inv.ClientContext) + len(inv.CognitoIdentity) + 512 + extra
	w := &jsonw{buf: make([]byte, 0, size)}
	w.objOpen()
	w.key("phase")
	w.str(phase)
	writePayload(w, v, o.MaxInspectBytes)
	writeInvocation(w, inv, o.MaxDepth)
	writeFunction(w, fn)
	w.key("source")
	w.str(string(src))
	return w
}
