package engine

import (
	"strings"
)

// writeResponse writes the "response" object of an HTTP trigger's handler
// response.
//
// A JSON object with a "statusCode" member is a proxy response: status,
// headers (headers and multiValueHeaders merged under lower-cased names,
// plus the HTTP API "cookies" as set-cookie) and body (base64-decoded when
// isBase64Encoded).
//
// Anything else is what HTTP API (payload 2.0) and function URLs treat as
// the whole body of a 200 response: a JSON string's value, or the JSON text
// of any other value, or the raw bytes of a payload that is not JSON. For
// REST, ALB and WebSocket that is not a valid proxy response, so its status
// is 0 (the gateway will not return it as is) but its body is still shown
// for inspection.
func writeResponse(w *jsonw, src Source, v *payloadView, o InputOptions) error {
	var (
		status  int64
		headers = newMultiMap()
		body    httpBody
		f       eventFields
	)
	payload := v.doc.text
	isJSON := v.doc.current().valid
	if isJSON {
		f = scanEventFields(v)
	}
	switch {
	case f.statusCode.Exists():
		status = f.statusCode.Int()
		headers = collectHeaders(f.headers, f.mvHeaders)
		forEachString(f.cookies, func(c string) { headers.add("set-cookie", c) })
		body = decodeBody(v.httpBody(), f.isBase64.Bool())
	default:
		if src == SourceAPIGWHTTP || src == SourceFunctionURL {
			status = 200
		}
		trimmed := strings.Trim(payload, jsonSpace)
		switch {
		case isJSON && trimmed[0] == '"':
			body = httpBody{text: unescapeLiteral(trimmed)}
		case isJSON && len(trimmed) == len(payload):
			body = httpBody{text: payload, doc: &v.doc}
		case isJSON:
			body = httpBody{text: trimmed}
		default:
			body = httpBody{text: payload}
		}
	}
	w.objOpen()
	w.key("status")
	w.int(status)
	w.key("headers")
	headers.writeJoined(w)
	if err := writeBody(w, body, headers.first("content-type"), o.MaxInspectBytes, o.MaxDepth); err != nil {
		return err
	}
	w.objClose()
	return nil
}
