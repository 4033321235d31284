package engine

import (
	"strings"

	"github.com/tidwall/gjson"
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
func writeResponse(w *jsonw, src Source, payload string, isJSON bool, o InputOptions) error {
	var (
		status  int64
		headers = newMultiMap()
		body    httpBody
	)
	doc := gjson.Result{}
	if isJSON {
		doc = gjson.Parse(payload)
	}
	f := scanEventFields(doc)
	switch {
	case f.statusCode.Exists():
		status = f.statusCode.Int()
		headers = collectHeaders(f.headers, f.mvHeaders)
		forEachString(f.cookies, func(c string) { headers.add("set-cookie", c) })
		body = decodeBody(f.body, f.isBase64.Bool())
	default:
		if src == SourceAPIGWHTTP || src == SourceFunctionURL {
			status = 200
		}
		switch {
		case doc.Type == gjson.String:
			body = httpBody{text: doc.Str}
		case isJSON:
			body = httpBody{text: strings.Trim(doc.Raw, jsonSpace)}
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
