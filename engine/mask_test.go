package engine

import (
	"bytes"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

func TestApplyMasks(t *testing.T) {
	full := func(path ...any) policy.Mask { return policy.Mask{Path: path, Strategy: "full"} }
	tests := []struct {
		name    string
		phase   inspectPhase
		payload string
		masks   []policy.Mask
		want    string
	}{
		{
			name:    "top-level key, rest byte-exact",
			payload: "{ \"a\" :\t\"secret\" ,\n \"big\": 1152921504606846977, \"f\": 1.50e3 }",
			masks:   []policy.Mask{full("payload", "a")},
			want:    "{ \"a\" :\t\"[MASKED]\" ,\n \"big\": 1152921504606846977, \"f\": 1.50e3 }",
		},
		{
			name:    "key with dots stars hashes and friends",
			payload: `{"a.b*c?d#e@f|g!h=i<j>k%l\\m:n":"s","a":{"b*c":"keep"}}`,
			masks:   []policy.Mask{full("payload", `a.b*c?d#e@f|g!h=i<j>k%l\m:n`)},
			want:    `{"a.b*c?d#e@f|g!h=i<j>k%l\\m:n":"[MASKED]","a":{"b*c":"keep"}}`,
		},
		{
			name:    "numeric string key on an object",
			payload: `{"users":{"2313":{"pin":"1234"},"0":"x"}}`,
			masks:   []policy.Mask{full("payload", "users", "2313", "pin"), full("payload", "users", "0")},
			want:    `{"users":{"2313":{"pin":"[MASKED]"},"0":"[MASKED]"}}`,
		},
		{
			name:    "key starting with colon and modifier at",
			payload: `{":x":"a","@this":"b","x":"c"}`,
			masks:   []policy.Mask{full("payload", ":x"), full("payload", "@this")},
			want:    `{":x":"[MASKED]","@this":"[MASKED]","x":"c"}`,
		},
		{
			name:    "array index, float index from JSON decoding",
			payload: `{"Records":[{"v":"a"},{"v":"b"}]}`,
			masks:   []policy.Mask{full("payload", "Records", float64(1), "v")},
			want:    `{"Records":[{"v":"a"},{"v":"[MASKED]"}]}`,
		},
		{
			name:    "JSON inside a string (SQS body)",
			payload: `{"Records":[{"body":"{\"card\": \"4111111111111111\", \"n\": 12345678901234567890}"}]}`,
			masks:   []policy.Mask{{Path: []any{"payload", "Records", 0, "body", "card"}, Strategy: "last4"}},
			want:    `{"Records":[{"body":"{\"card\": \"************1111\", \"n\": 12345678901234567890}"}]}`,
		},
		{
			name:    "JSON inside a string inside a string",
			payload: `{"m":"{\"inner\":\"{\\\"pw\\\":\\\"hunter2\\\"}\"}"}`,
			masks:   []policy.Mask{full("payload", "m", "inner", "pw")},
			want:    `{"m":"{\"inner\":\"{\\\"pw\\\":\\\"[MASKED]\\\"}\"}"}`,
		},
		{
			name:    "number and bool leaves become strings",
			payload: `{"n":4111111111111111,"b":true}`,
			masks:   []policy.Mask{{Path: []any{"payload", "n"}, Strategy: "last4"}, full("payload", "b")},
			want:    `{"n":"************1111","b":"[MASKED]"}`,
		},
		{
			name:    "pattern masks substrings only",
			payload: `{"msg":"card 4111-1111-1111-1111 and 5500 0000 0000 0004 ok"}`,
			masks:   []policy.Mask{{Path: []any{"payload", "msg"}, Pattern: `\d{4}[- ]\d{4}[- ]\d{4}[- ]\d{4}`, Replacement: "<card>"}},
			want:    `{"msg":"card <card> and <card> ok"}`,
		},
		{
			name:    "pattern without match leaves the value alone",
			payload: `{"n":42}`,
			masks:   []policy.Mask{{Path: []any{"payload", "n"}, Pattern: `x`}},
			want:    `{"n":42}`,
		},
		{
			name:    "hash strategy",
			payload: `{"email":"a@b.c"}`,
			masks:   []policy.Mask{{Path: []any{"payload", "email"}, Strategy: "hash"}},
			want:    `{"email":"` + maskHash("a@b.c") + `"}`,
		},
		{
			name:    "parent applied after child, duplicates once",
			payload: `{"a":{"b":"x"}}`,
			masks:   []policy.Mask{full("payload", "a"), full("payload", "a", "b"), full("payload", "a", "b")},
			want:    `{"a":"[MASKED]"}`,
		},
		{
			name:    "http body_json in the event body",
			phase:   inspectEvent,
			payload: `{"body":"{\"password\":\"pw\",\"u\":1}","isBase64Encoded":false}`,
			masks:   []policy.Mask{full("http", "body_json", "password")},
			want:    `{"body":"{\"password\":\"[MASKED]\",\"u\":1}","isBase64Encoded":false}`,
		},
		{
			name:    "http body_json: escapes around the leaf stay byte for byte",
			phase:   inspectEvent,
			payload: `{"body":"{\"a\":\"\\u00e9\\/<\\u003e\",\"card\":\"4111111111111111\",\"b\":\"\\\"\"}"}`,
			masks:   []policy.Mask{{Path: []any{"http", "body_json", "card"}, Strategy: "last4"}},
			want:    `{"body":"{\"a\":\"\\u00e9\\/<\\u003e\",\"card\":\"************1111\",\"b\":\"\\\"\"}"}`,
		},
		{
			name:    "several masks in one JSON string, applied in one pass",
			payload: `{"Records":[{"body":"{\"x\":{\"pin\":\"1234\"},\"y\":[\"a\",\"secret\"]}"}]}`,
			masks:   []policy.Mask{full("payload", "Records", 0, "body", "y", 1), full("payload", "Records", 0, "body", "x", "pin")},
			want:    `{"Records":[{"body":"{\"x\":{\"pin\":\"[MASKED]\"},\"y\":[\"a\",\"[MASKED]\"]}"}]}`,
		},
		{
			name:    "http body_json in a base64 event body",
			phase:   inspectEvent,
			payload: `{"isBase64Encoded":true,"body":"` + base64Of(`{"password":"pw"}`) + `"}`,
			masks:   []policy.Mask{full("http", "body_json", "password")},
			want:    `{"isBase64Encoded":true,"body":"` + base64Of(`{"password":"[MASKED]"}`) + `"}`,
		},
		{
			name:    "http whole body with pattern",
			phase:   inspectEvent,
			payload: `{"body":"user=a&password=hunter2"}`,
			masks:   []policy.Mask{{Path: []any{"http", "body"}, Pattern: `password=[^&]*`}},
			want:    `{"body":"user=a&[MASKED]"}`,
		},
		{
			name:    "response body_json in a proxy response",
			phase:   inspectResponse,
			payload: `{"statusCode":200,"body":"{\"ssn\":\"123-45-6789\"}"}`,
			masks:   []policy.Mask{{Path: []any{"response", "body_json", "ssn"}, Strategy: "last4"}},
			want:    `{"statusCode":200,"body":"{\"ssn\":\"*******6789\"}"}`,
		},
		{
			name:    "response without statusCode is the body",
			phase:   inspectResponse,
			payload: `{"ssn":"123-45-6789"}`,
			masks:   []policy.Mask{full("response", "body_json", "ssn")},
			want:    `{"ssn":"[MASKED]"}`,
		},
		{
			name:    "text payload masked whole",
			payload: `plain secret text`,
			masks:   []policy.Mask{{Path: []any{"payload"}, Pattern: `secret`}},
			want:    `plain [MASKED] text`,
		},
		{
			name:    "escaped quote, newline and unicode-escaped keys",
			payload: `{"a\"b":"x","c\nd":"y","\u0065f":"z","ef2":"keep"}`,
			masks:   []policy.Mask{full("payload", `a"b`), full("payload", "c\nd"), full("payload", "ef")},
			want:    `{"a\"b":"[MASKED]","c\nd":"[MASKED]","\u0065f":"[MASKED]","ef2":"keep"}`,
		},
		{
			name:    "html characters are not escaped",
			payload: `{"a":"x"}`,
			masks:   []policy.Mask{{Path: []any{"payload", "a"}, Replacement: "<&>"}},
			want:    `{"a":"<&>"}`,
		},
		{
			name:    "non-ASCII key and value",
			payload: `{"clé":"sécrét"}`,
			masks:   []policy.Mask{{Path: []any{"payload", "clé"}, Strategy: "last4"}},
			want:    `{"clé":"**crét"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			phase := tt.phase
			if phase == "" {
				phase = inspectEvent
			}
			got, err := applyMasks([]byte(tt.payload), phase, tt.masks)
			if err != nil {
				t.Fatalf("applyMasks: %v", err)
			}
			if string(got) != tt.want {
				t.Errorf("applyMasks\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestApplyMasksErrors(t *testing.T) {
	tests := []struct {
		name    string
		phase   inspectPhase
		payload string
		mask    policy.Mask
		want    error
	}{
		{"missing key", inspectEvent, `{"a":1}`, policy.Mask{Path: []any{"payload", "b"}}, errPathMissing},
		{"index out of range", inspectEvent, `{"a":[1]}`, policy.Mask{Path: []any{"payload", "a", 1}}, errPathMissing},
		{"duplicate key", inspectEvent, `{"a":1,"a":2}`, policy.Mask{Path: []any{"payload", "a"}}, errPathDuplicate},
		{"string index on array", inspectEvent, `{"a":[1]}`, policy.Mask{Path: []any{"payload", "a", "0"}}, errPathType},
		{"int key on object", inspectEvent, `{"0":1}`, policy.Mask{Path: []any{"payload", 0}}, errPathType},
		{"negative index", inspectEvent, `[1]`, policy.Mask{Path: []any{"payload", -1}}, errPathType},
		{"through a number", inspectEvent, `{"a":1}`, policy.Mask{Path: []any{"payload", "a", "b"}}, errPathType},
		{"string is not JSON", inspectEvent, `{"a":"x"}`, policy.Mask{Path: []any{"payload", "a", "b"}}, errNotJSON},
		{"payload not JSON", inspectEvent, `x`, policy.Mask{Path: []any{"payload", "a"}}, errNotJSON},
		{"bad pattern", inspectEvent, `{"a":"x"}`, policy.Mask{Path: []any{"payload", "a"}, Pattern: "("}, errMaskPattern},
		{"bad strategy", inspectEvent, `{"a":"x"}`, policy.Mask{Path: []any{"payload", "a"}, Strategy: "rot13"}, errMaskStrategy},
		{"unknown root", inspectEvent, `{"a":"x"}`, policy.Mask{Path: []any{"http", "headers", "a"}}, errMaskRoot},
		{"http root in response phase", inspectResponse, `{"body":"x"}`, policy.Mask{Path: []any{"http", "body"}}, errMaskRoot},
		{"empty path", inspectEvent, `{}`, policy.Mask{Path: []any{}}, errMaskRoot},
		{"no body", inspectEvent, `{"a":1}`, policy.Mask{Path: []any{"http", "body"}}, errNoBody},
		{"bad base64", inspectEvent, `{"body":"!!","isBase64Encoded":true}`, policy.Mask{Path: []any{"http", "body"}}, errBodyBase64},
		{"body_json not JSON", inspectEvent, `{"body":"a=b"}`, policy.Mask{Path: []any{"http", "body_json", "a"}}, errNotJSON},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := applyMasks([]byte(tt.payload), tt.phase, []policy.Mask{tt.mask})
			if !errors.Is(err, tt.want) {
				t.Fatalf("applyMasks error = %v, want %v", err, tt.want)
			}
		})
	}
	if _, err := applyMasks([]byte(`{}`), inspectEvent, nil); !errors.Is(err, errNoMasks) {
		t.Errorf("no masks: error = %v, want %v", err, errNoMasks)
	}
}

func TestApplyMasksTooLarge(t *testing.T) {
	payload := []byte(`{"a":"x","pad":"` + string(bytes.Repeat([]byte("p"), maxPayloadBytes-30)) + `"}`)
	m := policy.Mask{Path: []any{"payload", "a"}, Replacement: string(bytes.Repeat([]byte("r"), 64))}
	if _, err := applyMasks(payload, inspectEvent, []policy.Mask{m}); !errors.Is(err, errMaskedLarge) {
		t.Fatalf("error = %v, want %v", err, errMaskedLarge)
	}
}

// TestApplyMasksByteExact checks on a real event that only the masked leaf
// changes: the bytes before and after it are identical.
func TestApplyMasksByteExact(t *testing.T) {
	event := readEventFile(t, "apigw-v2-request-no-authorizer.json")
	leaf := gjson.GetBytes(event, "requestContext.http.sourceIp")
	got, err := applyMasks(event, inspectEvent, []policy.Mask{{Path: []any{"payload", "requestContext", "http", "sourceIp"}}})
	if err != nil {
		t.Fatalf("applyMasks: %v", err)
	}
	masked := `"[MASKED]"`
	if !bytes.Equal(got[:leaf.Index], event[:leaf.Index]) {
		t.Error("bytes before the leaf changed")
	}
	if string(got[leaf.Index:leaf.Index+len(masked)]) != masked {
		t.Errorf("leaf = %s, want %s", got[leaf.Index:leaf.Index+len(masked)], masked)
	}
	if !bytes.Equal(got[leaf.Index+len(masked):], event[leaf.Index+len(leaf.Raw):]) {
		t.Error("bytes after the leaf changed")
	}
}

func TestMaskStrategies(t *testing.T) {
	tests := []struct {
		strategy, in, want string
	}{
		{"last4", "4111111111111111", "************1111"},
		{"last4", "12345", "*2345"},
		{"last4", "1234", "****"},
		{"last4", "", ""},
		{"last4", "ééééé", "*éééé"},
		{"hash", "x", "sha256:2d711642b726b044"},
		{"full", "anything", "[MASKED]"},
		{"", "anything", "[MASKED]"},
	}
	for _, tt := range tests {
		fn, err := newMaskFunc(policy.Mask{Strategy: tt.strategy})
		if err != nil {
			t.Fatalf("newMaskFunc(%q): %v", tt.strategy, err)
		}
		if got, _ := fn(tt.in); got != tt.want {
			t.Errorf("%s(%q) = %q, want %q", tt.strategy, tt.in, got, tt.want)
		}
	}
}

func base64Of(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
