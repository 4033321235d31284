package engine

import (
	"strings"

	"github.com/tidwall/gjson"
)

// httpRequest is the normalised view of an HTTP event, before its body.
//
// What each member means per trigger:
//
//   - method: httpMethod (REST, ALB); requestContext.http.method (HTTP API,
//     function URL); requestContext.eventType (WebSocket: CONNECT, MESSAGE,
//     DISCONNECT).
//   - raw_path: the path the client asked for: requestContext.path (REST,
//     includes the stage; falls back to path), rawPath (HTTP API, function
//     URL), path as sent (ALB, still percent-encoded), the route key
//     (WebSocket).
//   - path: the path the function routes on: path (REST, without the
//     stage), rawPath without a leading "/<stage>" for a named stage (HTTP
//     API), rawPath (function URL), path percent-decoded (ALB), the route
//     key (WebSocket).
//   - query: decoded, multi-valued. REST and WebSocket take
//     multiValueQueryStringParameters, then queryStringParameters for names
//     missing there; ALB the same, percent-decoding names and values; HTTP
//     API and function URL parse rawQueryString (falling back to
//     queryStringParameters when it is absent).
//   - raw_query: rawQueryString (HTTP API, function URL); rebuilt from the
//     still-encoded parameters (ALB); re-encoded from the decoded parameters
//     (REST, WebSocket: not necessarily what the client sent).
//   - cookies: the cookies array (HTTP API, function URL) or the Cookie
//     headers split on ';'.
//   - source_ip: requestContext.identity.sourceIp (REST, WebSocket),
//     requestContext.http.sourceIp (HTTP API, function URL), the first hop of
//     X-Forwarded-For (ALB).
//   - user_agent: the User-Agent header, or the requestContext's copy of it
//     when the header is absent.
type httpRequest struct {
	method, path, rawPath, rawQuery string
	sourceIP, userAgent             string
	headers, query                  *multiMap
	cookies                         []string
}

// newHTTPRequest builds the normalised request of an HTTP event of the
// given source.
func newHTTPRequest(src Source, f *eventFields) *httpRequest {
	rc := f.requestContext
	r := &httpRequest{headers: collectHeaders(f.headers, f.mvHeaders)}
	switch src {
	case SourceAPIGWREST, SourceAPIGWWebSocket:
		identity := rc.Get("identity")
		r.method, r.path = f.httpMethod.String(), f.path.String()
		r.rawPath = rc.Get("path").String()
		if src == SourceAPIGWWebSocket {
			r.method = rc.Get("eventType").String()
			r.path = rc.Get("routeKey").String()
			r.rawPath = r.path
		}
		if r.rawPath == "" {
			r.rawPath = r.path
		}
		r.query = collectParams(f.query, f.mvQuery)
		r.rawQuery = encodeQuery(r.query)
		r.sourceIP = identity.Get("sourceIp").String()
		r.userAgent = identity.Get("userAgent").String()
	case SourceAPIGWHTTP, SourceFunctionURL:
		h := rc.Get("http")
		r.method, r.rawPath = h.Get("method").String(), f.rawPath.String()
		r.path = r.rawPath
		if src == SourceAPIGWHTTP {
			r.path = stripStage(r.rawPath, rc.Get("stage").String())
		}
		r.query = newMultiMap()
		if f.rawQuery.Exists() {
			r.rawQuery = f.rawQuery.String()
			parseQueryTolerant(r.rawQuery, r.query)
		} else {
			r.query = collectParams(f.query, gjson.Result{})
			r.rawQuery = encodeQuery(r.query)
		}
		r.sourceIP = h.Get("sourceIp").String()
		r.userAgent = h.Get("userAgent").String()
	case SourceALB:
		r.method, r.rawPath = f.httpMethod.String(), f.path.String()
		r.path = unescapePathTolerant(r.rawPath)
		raw := collectParams(f.query, f.mvQuery)
		r.rawQuery = rawParams(raw)
		r.query = newMultiMap()
		parseQueryTolerant(r.rawQuery, r.query)
		r.sourceIP = firstHop(r.headers.first("x-forwarded-for"))
	}
	if ua := r.headers.joined("user-agent"); ua != "" {
		r.userAgent = ua
	}
	if f.cookies.IsArray() {
		forEachString(f.cookies, func(c string) { r.cookies = append(r.cookies, c) })
	} else {
		r.cookies = cookiesFromHeader(r.headers)
	}
	return r
}

// stripStage removes a leading "/<stage>" segment; the $default stage has
// none.
func stripStage(p, stage string) string {
	if stage == "" || stage == "$default" {
		return p
	}
	rest, ok := strings.CutPrefix(p, "/"+stage)
	if !ok || (rest != "" && rest[0] != '/') {
		return p
	}
	if rest == "" {
		return "/"
	}
	return rest
}

// writeHTTP writes the "http" object of an HTTP event.
func writeHTTP(w *jsonw, src Source, v *payloadView, f *eventFields, o InputOptions) error {
	r := newHTTPRequest(src, f)
	w.objOpen()
	w.key("method")
	w.str(r.method)
	w.key("path")
	w.str(r.path)
	w.key("raw_path")
	w.str(r.rawPath)
	w.key("headers")
	r.headers.writeJoined(w)
	w.key("query")
	r.query.writeLists(w)
	w.key("raw_query")
	w.str(r.rawQuery)
	w.key("cookies")
	w.strings(r.cookies)
	w.key("source_ip")
	w.str(r.sourceIP)
	w.key("user_agent")
	w.str(r.userAgent)
	body := decodeBody(v.httpBody(), f.isBase64.Bool())
	if err := writeBody(w, body, r.headers.first("content-type"), o.MaxInspectBytes, o.MaxDepth); err != nil {
		return err
	}
	w.objClose()
	return nil
}
