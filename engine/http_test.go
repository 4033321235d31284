package engine

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// httpInput builds the input document of a synthetic HTTP event.
func httpInput(t *testing.T, event string, opts InputOptions) []byte {
	t.Helper()
	input, memo, err := BuildEventInput([]byte(event), Invocation{}, FunctionInfo{}, opts)
	if err != nil {
		t.Fatalf("BuildEventInput: %v", err)
	}
	if !json.Valid(input) {
		t.Fatalf("input is not valid JSON: %s", input)
	}
	if !IsHTTP(memo.Source) {
		t.Fatalf("source %q is not HTTP", memo.Source)
	}
	return input
}

// Event skeletons; %s takes the members under test.
const (
	restSkeleton    = `{"httpMethod":"POST","path":"/p","requestContext":{"path":"/stage/p","identity":{"sourceIp":"10.0.0.1","userAgent":"ctx-agent"}}%s}`
	httpAPISkeleton = `{"version":"2.0","rawPath":"/p","requestContext":{"stage":"$default","http":{"method":"POST","sourceIp":"10.0.0.2","userAgent":"ctx-agent"}}%s}`
	albSkeleton     = `{"httpMethod":"GET","path":"/p","requestContext":{"elb":{"targetGroupArn":"arn"}}%s}`
)

func withMembers(skeleton, members string) string {
	if members != "" {
		members = "," + members
	}
	return strings.Replace(skeleton, "%s", members, 1)
}

// wantPaths maps gjson paths of the input to their expected raw JSON; a value
// of "" means the path must be absent.
type wantPaths map[string]string

func checkInputPaths(t *testing.T, input []byte, want wantPaths) {
	t.Helper()
	for path, raw := range want {
		got := gjson.GetBytes(input, path)
		if raw == "" {
			if got.Exists() {
				t.Errorf("%s = %s, want absent", path, got.Raw)
			}
			continue
		}
		if got.Raw != raw {
			t.Errorf("%s = %s, want %s", path, got.Raw, raw)
		}
	}
}

func TestHTTPHeaders(t *testing.T) {
	tests := []struct {
		name, event string
		want        wantPaths
	}{
		{"lower-cased", withMembers(restSkeleton, `"headers":{"X-Api-Key":"k","Content-TYPE":"text/plain"}`),
			wantPaths{"http.headers": `{"x-api-key":"k","content-type":"text/plain"}`}},
		{"multi-value joined with comma", withMembers(restSkeleton, `"multiValueHeaders":{"Accept":["a","b"]}`),
			wantPaths{"http.headers.accept": `"a,b"`}},
		{"multi-value wins over its single copy", withMembers(restSkeleton, `"headers":{"Accept":"b"},"multiValueHeaders":{"Accept":["a","b"]}`),
			wantPaths{"http.headers": `{"accept":"a,b"}`}},
		{"single-only names kept", withMembers(restSkeleton, `"headers":{"A":"1","B":"2"},"multiValueHeaders":{"a":["1"]}`),
			wantPaths{"http.headers": `{"a":"1","b":"2"}`}},
		{"case variants merged", withMembers(restSkeleton, `"headers":{"X-Dup":"1","x-dup":"2"}`),
			wantPaths{"http.headers": `{"x-dup":"1,2"}`}},
		{"null headers", withMembers(restSkeleton, `"headers":null,"multiValueHeaders":null`),
			wantPaths{"http.headers": `{}`}},
		{"non-string values", withMembers(restSkeleton, `"headers":{"n":5,"b":true}`),
			wantPaths{"http.headers": `{"n":"5","b":"true"}`}},
		{"escaped names and values", withMembers(restSkeleton, `"headers":{"X-\u0041":"a\"b\u0000"}`),
			wantPaths{"http.headers": `{"x-a":"a\"b\u0000"}`}},
		{"user agent from header", withMembers(restSkeleton, `"headers":{"User-Agent":"hdr-agent"}`),
			wantPaths{"http.user_agent": `"hdr-agent"`}},
		{"user agent from request context", withMembers(restSkeleton, ``),
			wantPaths{"http.user_agent": `"ctx-agent"`, "http.source_ip": `"10.0.0.1"`}},
		{"http api source ip", withMembers(httpAPISkeleton, ``),
			wantPaths{"http.source_ip": `"10.0.0.2"`, "http.user_agent": `"ctx-agent"`}},
		{"alb source ip is the first forwarded hop", withMembers(albSkeleton, `"headers":{"X-Forwarded-For":" 192.0.2.1 , 10.0.0.9"}`),
			wantPaths{"http.source_ip": `"192.0.2.1"`}},
		{"alb without forwarded for", withMembers(albSkeleton, ``),
			wantPaths{"http.source_ip": `""`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkInputPaths(t, httpInput(t, tt.event, InputOptions{}), tt.want)
		})
	}
}

func TestHTTPQuery(t *testing.T) {
	tests := []struct {
		name, event string
		want        wantPaths
	}{
		{"rest multi-value", withMembers(restSkeleton, `"queryStringParameters":{"a":"2"},"multiValueQueryStringParameters":{"a":["1","2"]}`),
			wantPaths{"http.query": `{"a":["1","2"]}`, "http.raw_query": `"a=1&a=2"`}},
		{"rest single only", withMembers(restSkeleton, `"queryStringParameters":{"q":"a b&c"}`),
			wantPaths{"http.query": `{"q":["a b&c"]}`, "http.raw_query": `"q=a+b%26c"`}},
		{"rest none", withMembers(restSkeleton, `"queryStringParameters":null`),
			wantPaths{"http.query": `{}`, "http.raw_query": `""`}},
		{"http api raw query", withMembers(httpAPISkeleton, `"rawQueryString":"a=1&a=2&b=%3Cx%3E&c","queryStringParameters":{"a":"1,2"}`),
			wantPaths{"http.query": `{"a":["1","2"],"b":["<x>"],"c":[""]}`, "http.raw_query": `"a=1&a=2&b=%3Cx%3E&c"`}},
		{"bad escapes are kept, not dropped", withMembers(httpAPISkeleton, `"rawQueryString":"q=%zz%3Cscript%3E&r=%"`),
			wantPaths{"http.query": `{"q":["%zz<script>"],"r":["%"]}`}},
		{"plus is a space, semicolon is not a separator", withMembers(httpAPISkeleton, `"rawQueryString":"q=a+b;c=d"`),
			wantPaths{"http.query": `{"q":["a b;c=d"]}`}},
		{"empty pairs skipped", withMembers(httpAPISkeleton, `"rawQueryString":"&&a=1&"`),
			wantPaths{"http.query": `{"a":["1"]}`}},
		{"http api without raw query", withMembers(httpAPISkeleton, `"queryStringParameters":{"a":"1,2"}`),
			wantPaths{"http.query": `{"a":["1,2"]}`, "http.raw_query": `"a=1%2C2"`}},
		{"alb values are decoded", withMembers(albSkeleton, `"queryStringParameters":{"q":"%27%20or%201%3D1","k%20k":"a+b"}`),
			wantPaths{"http.query": `{"q":["' or 1=1"],"k k":["a b"]}`, "http.raw_query": `"q=%27%20or%201%3D1&k%20k=a+b"`}},
		{"alb multi-value", withMembers(albSkeleton, `"multiValueQueryStringParameters":{"q":["%41","B"]}`),
			wantPaths{"http.query": `{"q":["A","B"]}`}},
		{"invalid utf-8 after decoding", withMembers(httpAPISkeleton, `"rawQueryString":"q=%FF"`),
			wantPaths{"http.query": `{"q":["\ufffd"]}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkInputPaths(t, httpInput(t, tt.event, InputOptions{}), tt.want)
		})
	}
}

func TestHTTPPathsAndCookies(t *testing.T) {
	tests := []struct {
		name, event string
		want        wantPaths
	}{
		{"rest path and raw path", withMembers(restSkeleton, ``),
			wantPaths{"http.method": `"POST"`, "http.path": `"/p"`, "http.raw_path": `"/stage/p"`}},
		{"rest raw path falls back to path", `{"httpMethod":"GET","path":"/x","requestContext":{}}`,
			wantPaths{"http.path": `"/x"`, "http.raw_path": `"/x"`}},
		{"http api named stage stripped", `{"version":"2.0","rawPath":"/prod/a/b","requestContext":{"stage":"prod","http":{"method":"GET"}}}`,
			wantPaths{"http.path": `"/a/b"`, "http.raw_path": `"/prod/a/b"`, "http.method": `"GET"`}},
		{"http api stage root", `{"version":"2.0","rawPath":"/prod","requestContext":{"stage":"prod","http":{}}}`,
			wantPaths{"http.path": `"/"`}},
		{"http api stage prefix of a segment kept", `{"version":"2.0","rawPath":"/product","requestContext":{"stage":"prod","http":{}}}`,
			wantPaths{"http.path": `"/product"`}},
		{"alb path decoded", `{"httpMethod":"GET","path":"/a%2Fb+c%zz","requestContext":{"elb":{}}}`,
			wantPaths{"http.path": `"/a/b+c%zz"`, "http.raw_path": `"/a%2Fb+c%zz"`}},
		{"websocket", `{"requestContext":{"eventType":"CONNECT","connectionId":"c","routeKey":"$connect","identity":{"sourceIp":"1.2.3.4"}}}`,
			wantPaths{"http.method": `"CONNECT"`, "http.path": `"$connect"`, "http.source_ip": `"1.2.3.4"`, "http.body_format": `"empty"`}},
		{"cookie header split", withMembers(restSkeleton, `"multiValueHeaders":{"Cookie":["a=1; b=2;","c=3"]}`),
			wantPaths{"http.cookies": `["a=1","b=2","c=3"]`}},
		{"v2 cookies array", withMembers(httpAPISkeleton, `"cookies":["a=1","b=2"],"headers":{"cookie":"ignored=1"}`),
			wantPaths{"http.cookies": `["a=1","b=2"]`}},
		{"no cookies", withMembers(httpAPISkeleton, ``),
			wantPaths{"http.cookies": `[]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkInputPaths(t, httpInput(t, tt.event, InputOptions{}), tt.want)
		})
	}
}

func TestHTTPBody(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	multipartBody := "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nhello <b>\r\n" +
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\nBINARY\r\n" +
		"--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nsecond\r\n--XyZ--\r\n"
	mp, _ := json.Marshal(multipartBody)
	tests := []struct {
		name, event string
		opts        InputOptions
		want        wantPaths
	}{
		{"absent body", withMembers(restSkeleton, ``), InputOptions{},
			wantPaths{"http.body": `""`, "http.body_format": `"empty"`, "http.body_truncated": `false`}},
		{"null body", withMembers(restSkeleton, `"body":null`), InputOptions{},
			wantPaths{"http.body": `""`, "http.body_format": `"empty"`}},
		{"empty base64 body", withMembers(restSkeleton, `"body":"","isBase64Encoded":true`), InputOptions{},
			wantPaths{"http.body_format": `"empty"`}},
		{"json body embedded verbatim", withMembers(httpAPISkeleton, `"body":"{\"b\": 1, \"a\": 123456789012345678901}"`), InputOptions{},
			wantPaths{"http.body_format": `"json"`, "http.body_json": `{"b": 1, "a": 123456789012345678901}`, "http.body_form": ""}},
		{"json body whatever the content type", withMembers(httpAPISkeleton, `"headers":{"content-type":"text/plain"},"body":"[1]"`), InputOptions{},
			wantPaths{"http.body_format": `"json"`, "http.body_json": `[1]`}},
		{"json body base64", withMembers(httpAPISkeleton, `"body":"`+b64(`{"x":"<y>"}`)+`","isBase64Encoded":true`), InputOptions{},
			wantPaths{"http.body": `"{\"x\":\"<y>\"}"`, "http.body_json": `{"x":"<y>"}`}},
		{"unpadded base64", withMembers(httpAPISkeleton, `"body":"aGk","isBase64Encoded":true`), InputOptions{},
			wantPaths{"http.body": `"hi"`, "http.body_format": `"text"`}},
		{"invalid base64 kept as sent", withMembers(httpAPISkeleton, `"body":"not base64!","isBase64Encoded":true`), InputOptions{},
			wantPaths{"http.body": `"not base64!"`, "http.body_format": `"text"`}},
		{"form body", withMembers(restSkeleton, `"headers":{"Content-Type":"application/x-www-form-urlencoded; charset=UTF-8"},"body":"a=1&a=2&b=x+y%21"`), InputOptions{},
			wantPaths{"http.body_format": `"form"`, "http.body_form": `{"a":["1","2"],"b":["x y!"]}`, "http.body_json": ""}},
		{"form body base64", withMembers(albSkeleton, `"headers":{"content-type":"application/x-www-form-urlencoded"},"body":"`+b64("q=%3Cscript%3E")+`","isBase64Encoded":true`), InputOptions{},
			wantPaths{"http.body_format": `"form"`, "http.body_form": `{"q":["<script>"]}`}},
		{"multipart text fields", withMembers(httpAPISkeleton, `"headers":{"content-type":"multipart/form-data; boundary=XyZ"},"body":`+string(mp)), InputOptions{},
			wantPaths{"http.body_format": `"multipart"`, "http.body_form": `{"title":["hello <b>","second"]}`}},
		{"malformed content type parameters", withMembers(restSkeleton, `"headers":{"Content-Type":"Application/X-WWW-Form-URLEncoded; =x"},"body":"a=1"`), InputOptions{},
			wantPaths{"http.body_format": `"form"`, "http.body_form": `{"a":["1"]}`}},
		{"multipart without boundary", withMembers(httpAPISkeleton, `"headers":{"content-type":"multipart/form-data"},"body":"x"`), InputOptions{},
			wantPaths{"http.body_format": `"text"`, "http.body_form": ""}},
		{"multipart garbage", withMembers(httpAPISkeleton, `"headers":{"content-type":"multipart/form-data; boundary=q"},"body":"no parts here"`), InputOptions{},
			wantPaths{"http.body_format": `"text"`, "http.body_form": ""}},
		{"text", withMembers(restSkeleton, `"body":"hello world"`), InputOptions{},
			wantPaths{"http.body": `"hello world"`, "http.body_format": `"text"`}},
		{"binary body omitted", withMembers(restSkeleton, `"body":"`+b64("\x89PNG\r\n\x1a\n\x00\xff")+`","isBase64Encoded":true`), InputOptions{},
			wantPaths{"http.body": "", "http.body_format": `"binary"`, "http.body_truncated": `false`}},
		{"truncated on a utf-8 boundary", withMembers(restSkeleton, `"body":"ab\u00e9cd"`), InputOptions{MaxInspectBytes: 3},
			wantPaths{"http.body": `"ab"`, "http.body_format": `"text"`, "http.body_truncated": `true`}},
		{"truncated json is shown pruned", withMembers(restSkeleton, `"body":"{\"a\":1,\"s\":\"long string\"}"`), InputOptions{MaxInspectBytes: 4},
			wantPaths{"http.body": `"{\"a\""`, "http.body_format": `"json"`, "http.body_truncated": `true`, "http.body_json": `{"a":1,"s":"long"}`}},
		{"truncated invalid json is text", withMembers(restSkeleton, `"body":"{\"a\":1"`), InputOptions{MaxInspectBytes: 4},
			wantPaths{"http.body": `"{\"a\""`, "http.body_format": `"text"`, "http.body_truncated": `true`, "http.body_json": ""}},
		{"truncated form is not parsed", withMembers(restSkeleton, `"headers":{"content-type":"application/x-www-form-urlencoded"},"body":"a=1&b=2"`), InputOptions{MaxInspectBytes: 3},
			wantPaths{"http.body": `"a=1"`, "http.body_truncated": `true`, "http.body_form": ""}},
		{"truncated to nothing is still text", withMembers(restSkeleton, `"body":"\u00e9"`), InputOptions{MaxInspectBytes: 1},
			wantPaths{"http.body": `""`, "http.body_format": `"text"`, "http.body_truncated": `true`}},
		{"truncated binary", withMembers(restSkeleton, `"body":"/////w==","isBase64Encoded":true`), InputOptions{MaxInspectBytes: 2},
			wantPaths{"http.body": "", "http.body_format": `"binary"`, "http.body_truncated": `true`}},
		{"exactly the limit is not truncated", withMembers(restSkeleton, `"body":"{\"a\":1}"`), InputOptions{MaxInspectBytes: 7},
			wantPaths{"http.body_format": `"json"`, "http.body_truncated": `false`}},
		{"non-string body", withMembers(restSkeleton, `"body":{"a":1}`), InputOptions{},
			wantPaths{"http.body": `"{\"a\":1}"`, "http.body_format": `"json"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkInputPaths(t, httpInput(t, tt.event, tt.opts), tt.want)
		})
	}
}

func TestEventMemo(t *testing.T) {
	ev := withMembers(httpAPISkeleton, `"body":"aGk=","isBase64Encoded":true`)
	input, memo, err := BuildEventInput([]byte(ev), Invocation{}, FunctionInfo{}, InputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if memo.Source != SourceAPIGWHTTP || !memo.BodyBase64 {
		t.Errorf("memo = {%q, base64 %v}, want {apigw_http, true}", memo.Source, memo.BodyBase64)
	}
	if string(memo.HTTP) != gjson.GetBytes(input, "http").Raw {
		t.Errorf("memo.HTTP = %s, want the http object", memo.HTTP)
	}
	input[len(input)-2] = 'X' // the memo must not alias the document
	if !json.Valid(memo.HTTP) {
		t.Errorf("memo.HTTP shares memory with the document")
	}
}
