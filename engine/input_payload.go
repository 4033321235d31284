package engine

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// Payload formats of the input document.
const (
	payloadJSON   = "json"
	payloadText   = "text"
	payloadBinary = "binary"
)

// writePayload writes the "payload", "payload_format" and "size" members.
// A JSON payload is embedded verbatim, without the insignificant whitespace
// around it; text is embedded as a JSON string and anything that is not
// valid UTF-8 as a base64 string. The payload's depth must have been
// checked, and its scan made.
func writePayload(w *jsonw, v *payloadView, maxInspect int) {
	payload := v.raw
	sc := v.doc.current()
	isJSON := sc.valid
	truncated := false
	format := payloadJSON
	w.key("payload")
	switch {
	case isJSON && len(payload) > maxInspect:
		start, comma := len(w.buf), w.needComma
		p := newPayloadPruner(w, maxInspect)
		p.document(v.doc.text, sc)
		if truncated = p.truncate; !truncated { // nothing was cut: embed it verbatim
			w.buf, w.needComma = w.buf[:start], comma
			w.raw(trimJSONSpace(payload))
		}
	case isJSON:
		w.raw(trimJSONSpace(payload))
	case utf8.Valid(payload):
		format = payloadText
		s := truncateUTF8(string(payload), maxInspect)
		truncated = len(s) < len(payload)
		w.str(s)
	default:
		format = payloadBinary
		b := payload
		if len(b) > maxInspect {
			b, truncated = b[:maxInspect], true
		}
		w.sep()
		w.buf = append(w.buf, '"')
		w.buf = base64.StdEncoding.AppendEncode(w.buf, b)
		w.buf = append(w.buf, '"')
		w.needComma = true
	}
	w.key("payload_format")
	w.str(format)
	w.key("size")
	w.int(int64(len(payload)))
	w.key("payload_truncated")
	w.bool(truncated)
}

func trimJSONSpace(b []byte) []byte {
	for len(b) > 0 && strings.IndexByte(jsonSpace, b[0]) >= 0 {
		b = b[1:]
	}
	for len(b) > 0 && strings.IndexByte(jsonSpace, b[len(b)-1]) >= 0 {
		b = b[:len(b)-1]
	}
	return b
}

// writeInvocation writes the "invocation" object. The client context and
// Cognito identity headers are embedded as JSON when they are valid JSON
// within maxDepth, as null when empty, and as a JSON string of their text
// otherwise (so policy still sees them).
func writeInvocation(w *jsonw, inv Invocation, maxDepth int) {
	w.key("invocation")
	w.objOpen()
	w.key("request_id")
	w.str(inv.RequestID)
	w.key("deadline_ms")
	w.int(inv.DeadlineMs)
	w.key("invoked_function_arn")
	w.str(inv.InvokedFunctionARN)
	w.key("trace_id")
	w.str(inv.TraceID)
	w.key("client_context")
	writeEmbeddedJSON(w, inv.ClientContext, maxDepth)
	w.key("cognito_identity")
	writeEmbeddedJSON(w, inv.CognitoIdentity, maxDepth)
	w.key("tenant_id")
	w.str(inv.TenantID)
	w.objClose()
}

func writeEmbeddedJSON(w *jsonw, s string, maxDepth int) {
	switch {
	case strings.Trim(s, jsonSpace) == "":
		w.null()
	case checkDepth(s, maxDepth) == nil && gjson.Valid(s):
		w.rawString(strings.Trim(s, jsonSpace))
	default:
		w.str(s)
	}
}

// writeFunction writes the "function" object.
func writeFunction(w *jsonw, fn FunctionInfo) {
	w.key("function")
	w.objOpen()
	w.key("name")
	w.str(fn.Name)
	w.key("version")
	w.str(fn.Version)
	w.key("memory_mb")
	w.int(int64(fn.MemoryMB))
	w.key("region")
	w.str(fn.Region)
	w.objClose()
}
