package engine

import (
	"encoding/json"
	"testing"

	"github.com/tidwall/gjson"
)

func TestBuildResponseInput(t *testing.T) {
	httpMemo := &EventMemo{Source: SourceAPIGWHTTP, HTTP: json.RawMessage(`{"method":"GET"}`)}
	tests := []struct {
		name     string
		memo     *EventMemo
		response string
		opts     InputOptions
		want     wantPaths
	}{
		{"proxy response", httpMemo,
			`{"statusCode":201,"headers":{"Content-Type":"application/json"},"multiValueHeaders":{"Set-Cookie":["a=1","b=2"]},"body":"{\"k\":\"v\"}"}`, InputOptions{},
			wantPaths{"response.status": `201`, "response.headers": `{"set-cookie":"a=1,b=2","content-type":"application/json"}`,
				"response.body_format": `"json"`, "response.body_json": `{"k":"v"}`, "http": `{"method":"GET"}`, "source": `"apigw_http"`}},
		{"base64 body", &EventMemo{Source: SourceALB},
			`{"statusCode":200,"body":"PGI+","isBase64Encoded":true}`, InputOptions{},
			wantPaths{"response.body": `"<b>"`, "response.body_format": `"text"`, "http": ""}},
		{"http api cookies become set-cookie", &EventMemo{Source: SourceFunctionURL},
			`{"statusCode":200,"cookies":["s=1"],"body":""}`, InputOptions{},
			wantPaths{"response.headers": `{"set-cookie":"s=1"}`, "response.body_format": `"empty"`}},
		{"status as a string", httpMemo,
			`{"statusCode":"404"}`, InputOptions{},
			wantPaths{"response.status": `404`, "response.body_format": `"empty"`}},
		{"http api plain object", httpMemo,
			` {"ok":true} `, InputOptions{},
			wantPaths{"response.status": `200`, "response.body": `"{\"ok\":true}"`, "response.body_json": `{"ok":true}`}},
		{"function url plain string", &EventMemo{Source: SourceFunctionURL},
			`"hello <b>"`, InputOptions{},
			wantPaths{"response.status": `200`, "response.body": `"hello <b>"`, "response.body_format": `"text"`}},
		{"function url plain number", &EventMemo{Source: SourceFunctionURL},
			`42`, InputOptions{},
			wantPaths{"response.status": `200`, "response.body_json": `42`}},
		{"http api text payload", httpMemo,
			`not json`, InputOptions{},
			wantPaths{"response.status": `200`, "response.body": `"not json"`, "payload_format": `"text"`}},
		{"http api binary payload", httpMemo,
			"\xff\x00", InputOptions{},
			wantPaths{"response.body": "", "response.body_format": `"binary"`, "payload_format": `"binary"`}},
		{"rest response without statusCode", &EventMemo{Source: SourceAPIGWREST},
			`{"message":"hi"}`, InputOptions{},
			wantPaths{"response.status": `0`, "response.body_json": `{"message":"hi"}`}},
		{"truncated response body", httpMemo,
			`{"statusCode":200,"body":"0123456789"}`, InputOptions{MaxInspectBytes: 4},
			wantPaths{"response.body": `"0123"`, "response.body_truncated": `true`}},
		{"nil memo", nil,
			`{"statusCode":200}`, InputOptions{},
			wantPaths{"source": `"unknown"`, "http": "", "response": ""}},
		{"non-http memo", &EventMemo{Source: SourceSQS},
			`{"batchItemFailures":[]}`, InputOptions{},
			wantPaths{"source": `"sqs"`, "http": "", "response": "", "payload": `{"batchItemFailures":[]}`}},
		{"phase", &EventMemo{Source: SourceSQS}, `null`, InputOptions{},
			wantPaths{"phase": `"response"`, "payload": `null`, "size": `4`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input, err := BuildResponseInput([]byte(tt.response), inputInvocation(), inputFunction(), tt.memo, tt.opts)
			if err != nil {
				t.Fatalf("BuildResponseInput: %v", err)
			}
			if !json.Valid(input) {
				t.Fatalf("input is not valid JSON: %s", input)
			}
			checkPayloadRoundTrip(t, input, []byte(tt.response))
			checkInputPaths(t, input, tt.want)
			if got := gjson.GetBytes(input, "invocation.request_id").Str; got != inputInvocation().RequestID {
				t.Errorf("invocation.request_id = %q", got)
			}
		})
	}
}

func TestBuildResponseInputDeepBody(t *testing.T) {
	resp := `{"statusCode":200,"body":"[[[[[[1]]]]]]"}`
	_, err := BuildResponseInput([]byte(resp), Invocation{}, FunctionInfo{}, &EventMemo{Source: SourceAPIGWHTTP}, InputOptions{MaxDepth: 3})
	if err == nil {
		t.Fatal("a response body nested deeper than MaxDepth must be an error")
	}
}
