package engine

import (
	"testing"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

func TestValidErrorType(t *testing.T) {
	tests := map[string]bool{
		"Function.PolicyViolation": true,
		"Runtime.Blocked":          true,
		"Function.Ab":              true,
		"Function.A":               false,
		"Function.lower":           false,
		"Function.Has Space":       false,
		"Function.Dot.Dot":         false,
		"Other.Thing":              false,
		"":                         false,
	}
	for in, want := range tests {
		if got := validErrorType(in); got != want {
			t.Errorf("validErrorType(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestSyntheticResponseOverrides(t *testing.T) {
	spec := blockSpec{phase: inspectEvent, source: SourceAPIGWHTTP, requestID: "r"}
	tests := []struct {
		name string
		over *policy.HTTPResponse
		want string
	}{
		{"defaults", nil,
			`{"statusCode":403,"headers":{"content-type":"application/json"},"body":"{\"message\":\"Forbidden\",\"request_id\":\"r\"}","isBase64Encoded":false}`},
		{"status out of range is ignored", &policy.HTTPResponse{Status: 42},
			`{"statusCode":403,"headers":{"content-type":"application/json"},"body":"{\"message\":\"Forbidden\",\"request_id\":\"r\"}","isBase64Encoded":false}`},
		{"number body", &policy.HTTPResponse{Status: 451, Body: 7},
			`{"statusCode":451,"headers":{"content-type":"application/json"},"body":"7","isBase64Encoded":false}`},
		{"string body gets text content type", &policy.HTTPResponse{Body: "no"},
			`{"statusCode":403,"headers":{"content-type":"text/plain; charset=utf-8"},"body":"no","isBase64Encoded":false}`},
		{"unserialisable body falls back", &policy.HTTPResponse{Body: func() {}},
			`{"statusCode":403,"headers":{"content-type":"application/json"},"body":"{\"message\":\"Forbidden\",\"request_id\":\"r\"}","isBase64Encoded":false}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(syntheticResponse(spec, tt.over)); got != tt.want {
				t.Errorf("syntheticResponse\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
