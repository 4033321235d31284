package engine

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/tidwall/gjson"
)

func FuzzBuildEventInput(f *testing.F) {
	for _, b := range localEventFiles(f, "event") {
		f.Add(b, uint16(0))
		f.Add(b, uint16(8))
	}
	for _, b := range awsEventFiles(f) {
		f.Add(b, uint16(0))
	}
	f.Fuzz(func(t *testing.T, payload []byte, maxInspect uint16) {
		opts := InputOptions{MaxInspectBytes: int(maxInspect), MaxDepth: 16}
		input, memo, err := BuildEventInput(payload, Invocation{ClientContext: string(payload)}, FunctionInfo{}, opts)
		if err != nil {
			if !errors.Is(err, errTooDeep) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		if !json.Valid(input) {
			t.Fatalf("input is not valid JSON: %q", input)
		}
		checkPayloadRoundTrip(t, input, payload)
		if isJSON := gjson.GetBytes(input, "payload_format").Str == payloadJSON; isJSON != json.Valid(payload) {
			t.Fatalf("payload_format json = %v, encoding/json says valid = %v", isJSON, json.Valid(payload))
		}
		if IsHTTP(memo.Source) && string(memo.HTTP) != gjson.GetBytes(input, "http").Raw {
			t.Fatalf("memo.HTTP is not the http object")
		}
		if b := gjson.GetBytes(input, "http.body"); b.Exists() && maxInspect > 0 && len(b.Str) > int(maxInspect) {
			t.Fatalf("http.body has %d bytes, more than MaxInspectBytes %d", len(b.Str), maxInspect)
		}
		resp, err := BuildResponseInput(payload, Invocation{}, FunctionInfo{}, memo, opts)
		if err != nil {
			if !errors.Is(err, errTooDeep) {
				t.Fatalf("unexpected response error: %v", err)
			}
			return
		}
		if !json.Valid(resp) {
			t.Fatalf("response input is not valid JSON: %q", resp)
		}
		checkPayloadRoundTrip(t, resp, payload)
	})
}
