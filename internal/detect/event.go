package detect

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Request is an HTTP request to be turned into an API Gateway HTTP API (v2) event.
type Request struct {
	Method  string
	URI     string            // path and query, raw (still percent-encoded)
	Headers map[string]string // names in any case
	Body    string
}

// V2Event returns the request as an API Gateway HTTP API payload v2 event, as AWS
// builds it: lower-cased header names, rawPath and rawQueryString split, the Cookie
// header moved to the cookies array, and a body that is not valid UTF-8 base64-encoded.
func (r Request) V2Event() ([]byte, error) {
	rawPath, rawQuery, _ := strings.Cut(r.URI, "?")
	if rawPath == "" {
		rawPath = "/"
	}
	headers := make(map[string]string, len(r.Headers))
	var cookies []string
	for k, v := range r.Headers {
		name := strings.ToLower(k)
		if name == "cookie" {
			cookies = append(cookies, splitCookies(v)...)
			continue
		}
		if prev, ok := headers[name]; ok {
			v = prev + "," + v
		}
		headers[name] = v
	}
	method := r.Method
	if method == "" {
		method = "GET"
	}
	ev := map[string]any{
		"version":        "2.0",
		"routeKey":       "$default",
		"rawPath":        rawPath,
		"rawQueryString": rawQuery,
		"headers":        headers,
		"requestContext": map[string]any{
			"accountId":  "123456789012",
			"apiId":      "detect",
			"domainName": "detect.execute-api.us-east-1.amazonaws.com",
			"http": map[string]any{
				"method":    method,
				"path":      rawPath,
				"protocol":  "HTTP/1.1",
				"sourceIp":  "203.0.113.10",
				"userAgent": headers["user-agent"],
			},
			"requestId": "detect-request",
			"routeKey":  "$default",
			"stage":     "$default",
			"time":      "25/Nov/2026:18:00:00 +0000",
			"timeEpoch": int64(1795716000000),
		},
		"isBase64Encoded": false,
	}
	if len(cookies) > 0 {
		ev["cookies"] = cookies
	}
	if r.Body != "" {
		if utf8.ValidString(r.Body) {
			ev["body"] = r.Body
		} else {
			ev["body"] = base64.StdEncoding.EncodeToString([]byte(r.Body))
			ev["isBase64Encoded"] = true
		}
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, fmt.Errorf("marshal v2 event: %w", err)
	}
	return b, nil
}

// splitCookies splits a Cookie header value into its "name=value" pairs.
func splitCookies(v string) []string {
	var out []string
	for _, c := range strings.Split(v, ";") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}
