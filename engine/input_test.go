package engine

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// TestBuildEventInputAWSSamples checks, for every aws-lambda-go sample, that
// the input is valid JSON, that "payload" is the sample's bytes (JSON
// samples: the value byte for byte, without the whitespace around it) and
// that the source agrees with DetectSource.
func TestBuildEventInputAWSSamples(t *testing.T) {
	files := awsEventFiles(t)
	for _, name := range sortedNames(files) {
		t.Run(name, func(t *testing.T) {
			payload := files[name]
			input, memo, err := BuildEventInput(payload, inputInvocation(), inputFunction(), InputOptions{})
			if err != nil {
				t.Fatalf("BuildEventInput: %v", err)
			}
			if !json.Valid(input) {
				t.Fatalf("input is not valid JSON")
			}
			checkPayloadRoundTrip(t, input, payload)
			if got := gjson.GetBytes(input, "source").Str; got != string(memo.Source) || memo.Source != DetectSource(payload) {
				t.Errorf("source %q, memo %q, DetectSource %q", got, memo.Source, DetectSource(payload))
			}
			if got := gjson.GetBytes(input, "size").Int(); got != int64(len(payload)) {
				t.Errorf("size = %d, want %d", got, len(payload))
			}
			if IsHTTP(memo.Source) != (memo.HTTP != nil) || IsHTTP(memo.Source) != gjson.GetBytes(input, "http").Exists() {
				t.Errorf("http object present = %v, memo.HTTP = %d bytes, for source %q",
					gjson.GetBytes(input, "http").Exists(), len(memo.HTTP), memo.Source)
			}
			if memo.HTTP != nil && gjson.GetBytes(input, "http").Raw != string(memo.HTTP) {
				t.Errorf("memo.HTTP differs from the document's http object")
			}
		})
	}
}

// checkPayloadRoundTrip asserts that the document's payload gives back the
// original bytes.
func checkPayloadRoundTrip(t *testing.T, input, payload []byte) {
	t.Helper()
	p := gjson.GetBytes(input, "payload")
	if gjson.GetBytes(input, "payload_truncated").Bool() {
		checkPrunedPayload(t, p, payload, gjson.GetBytes(input, "payload_format").Str)
		return
	}
	switch format := gjson.GetBytes(input, "payload_format").Str; format {
	case payloadJSON:
		if want := string(trimJSONSpace(payload)); p.Raw != want {
			t.Fatalf("payload is not byte-identical:\n got %q\nwant %q", p.Raw, want)
		}
	case payloadText:
		if p.Type != gjson.String || p.Str != string(payload) {
			t.Fatalf("text payload does not round-trip")
		}
	case payloadBinary:
		got, err := base64.StdEncoding.DecodeString(p.Str)
		if err != nil || !bytes.Equal(got, payload) {
			t.Fatalf("binary payload does not round-trip (err %v)", err)
		}
	default:
		t.Fatalf("payload_format %q", format)
	}
}

// checkPrunedPayload asserts that a truncated payload is a prefix view of
// the original: text and binary are prefixes; JSON keeps every key and index
// it shows at the same place, non-string leaves verbatim and string leaves
// as prefixes, so any path into it is a path into the original.
func checkPrunedPayload(t *testing.T, p gjson.Result, payload []byte, format string) {
	t.Helper()
	switch format {
	case payloadText:
		if !strings.HasPrefix(string(payload), p.Str) {
			t.Fatalf("truncated text payload is not a prefix")
		}
	case payloadBinary:
		got, err := base64.StdEncoding.DecodeString(p.Str)
		if err != nil || !bytes.HasPrefix(payload, got) {
			t.Fatalf("truncated binary payload is not a prefix (err %v)", err)
		}
	case payloadJSON:
		var walk func(pruned, orig gjson.Result)
		walk = func(pruned, orig gjson.Result) {
			switch {
			case pruned.IsObject():
				if !orig.IsObject() {
					t.Fatalf("pruned object where the original has %s", orig.Type)
				}
				var origMembers []gjson.Result
				orig.ForEach(func(_, v gjson.Result) bool { origMembers = append(origMembers, v); return true })
				i := 0
				pruned.ForEach(func(k, v gjson.Result) bool {
					walk(v, origMembers[i])
					i++
					return true
				})
			case pruned.IsArray():
				oa := orig.Array()
				for i, v := range pruned.Array() {
					walk(v, oa[i])
				}
			case pruned.Type == gjson.String:
				if orig.Type != gjson.String || !strings.HasPrefix(perByteValidUTF8(orig.Str), pruned.Str) {
					t.Fatalf("pruned string is not a prefix of the original")
				}
			default:
				if pruned.Raw != orig.Raw {
					t.Fatalf("pruned leaf %s differs from %s", pruned.Raw, orig.Raw)
				}
			}
		}
		walk(p, gjson.ParseBytes(payload))
	default:
		t.Fatalf("payload_format %q", format)
	}
}

// perByteValidUTF8 replaces each invalid byte with U+FFFD, as the input
// writer does.
func perByteValidUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString("\uFFFD")
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func TestBuildEventInputPayloadFormats(t *testing.T) {
	tests := []struct {
		name, payload, format, raw string
	}{
		{"object", `{"a":1}`, payloadJSON, `{"a":1}`},
		{"keeps key order and spacing", `{ "b" : 2,"a":1 }`, payloadJSON, `{ "b" : 2,"a":1 }`},
		{"big integers", `{"n":123456789012345678901234567890,"f":1.0e400}`, payloadJSON, `{"n":123456789012345678901234567890,"f":1.0e400}`},
		{"html not escaped", `{"s":"<a>&"}`, payloadJSON, `{"s":"<a>&"}`},
		{"surrounding whitespace dropped", " \n[1, 2]\r\n", payloadJSON, `[1, 2]`},
		{"scalar", `"hi"`, payloadJSON, `"hi"`},
		{"null", `null`, payloadJSON, `null`},
		{"empty", ``, payloadText, `""`},
		{"text", `hello "world"`, payloadText, `"hello \"world\""`},
		{"invalid json", `{"a":}`, payloadText, `"{\"a\":}"`},
		{"control chars", "a\x00b\tc", payloadText, `"a\u0000b\tc"`},
		{"binary", "\xff\xfe\x00", payloadBinary, `"//4A"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input, memo, err := BuildEventInput([]byte(tt.payload), Invocation{}, FunctionInfo{}, InputOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !json.Valid(input) {
				t.Fatalf("invalid JSON: %s", input)
			}
			if got := gjson.GetBytes(input, "payload_format").Str; got != tt.format {
				t.Errorf("payload_format = %q, want %q", got, tt.format)
			}
			if got := gjson.GetBytes(input, "payload").Raw; got != tt.raw {
				t.Errorf("payload = %s, want %s", got, tt.raw)
			}
			if memo.Source != SourceUnknown || memo.HTTP != nil {
				t.Errorf("memo = %+v, want unknown source without http", memo)
			}
			checkPayloadRoundTrip(t, input, []byte(tt.payload))
		})
	}
}

func TestBuildEventInputDocument(t *testing.T) {
	inv := inputInvocation()
	input, _, err := BuildEventInput([]byte(`{}`), inv, inputFunction(), InputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"phase":"event","payload":{},"payload_format":"json","size":2,"payload_truncated":false,` +
		`"invocation":{"request_id":"8476a536-e9f4-11e8-9739-2dfe598c3fcd","deadline_ms":1795629603000,` +
		`"invoked_function_arn":"arn:aws:lambda:eu-west-1:111122223333:function:orders",` +
		`"trace_id":"Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",` +
		`"client_context":{"client":{"app_title":"shop"},"custom":{"k":"v"},"env":{}},"cognito_identity":null,"tenant_id":"tenant-a"},` +
		`"function":{"name":"orders","version":"$LATEST","memory_mb":512,"region":"eu-west-1"},"source":"unknown"}`
	if string(input) != want {
		t.Errorf("document\n got %s\nwant %s", input, want)
	}
}

func TestBuildEventInputInvocationJSON(t *testing.T) {
	tests := []struct {
		name, header, want string
	}{
		{"empty", ``, `null`},
		{"blank", "  ", `null`},
		{"object", `{"identityId":"id-1"}`, `{"identityId":"id-1"}`},
		{"trimmed", " {\"a\":1}\n", `{"a":1}`},
		{"not json", `{broken`, `"{broken"`},
		{"too deep", strings.Repeat("[", 65) + strings.Repeat("]", 65), `"` + strings.Repeat("[", 65) + strings.Repeat("]", 65) + `"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := Invocation{ClientContext: tt.header, CognitoIdentity: tt.header}
			input, _, err := BuildEventInput([]byte(`{}`), inv, FunctionInfo{}, InputOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"invocation.client_context", "invocation.cognito_identity"} {
				if got := gjson.GetBytes(input, k).Raw; got != tt.want {
					t.Errorf("%s = %s, want %s", k, got, tt.want)
				}
			}
		})
	}
}

func TestBuildInputMaxDepth(t *testing.T) {
	nested := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []struct {
		name      string
		payload   string
		maxDepth  int
		wantErr   bool
		eventOnly bool // the response phase sees the payload as a body text
	}{
		{"default limit reached", nested(64), 0, false, false},
		{"default limit exceeded", nested(65), 0, true, false},
		{"custom limit", `{"a":{"b":[1]}}`, 2, true, false},
		{"custom limit reached", `{"a":{"b":[1]}}`, 3, false, false},
		{"brackets in strings do not count", `{"a":"` + nested(100) + `"}`, 2, false, false},
		{"escaped quote in string", `{"a":"\"[[[["}`, 1, false, false},
		{"hundred thousand deep", nested(100000), 0, true, false},
		{"deep text is still refused", strings.Repeat("{", 100), 0, true, false},
		{"deep json body", `{"version":"2.0","requestContext":{"http":{}},"body":"` + strings.Repeat("[", 65) + `"}`, 0, true, true},
		{"deep non-json body is fine", `{"version":"2.0","requestContext":{"http":{}},"body":"` + strings.Repeat("[", 65) + `"}`, 66, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := InputOptions{MaxDepth: tt.maxDepth}
			input, memo, err := BuildEventInput([]byte(tt.payload), Invocation{}, FunctionInfo{}, opts)
			if tt.wantErr {
				if err == nil || !errors.Is(err, errTooDeep) {
					t.Fatalf("BuildEventInput error = %v, want errTooDeep", err)
				}
				if input != nil || memo != nil {
					t.Errorf("input and memo must be nil on error")
				}
				if strings.Contains(err.Error(), "[[") {
					t.Errorf("error leaks payload: %v", err)
				}
			} else if err != nil || !json.Valid(input) {
				t.Fatalf("BuildEventInput error = %v, valid = %v", err, json.Valid(input))
			}
			if tt.eventOnly {
				return
			}
			_, err = BuildResponseInput([]byte(tt.payload), Invocation{}, FunctionInfo{}, &EventMemo{Source: SourceAPIGWHTTP}, opts)
			if tt.wantErr != (err != nil) {
				t.Errorf("BuildResponseInput error = %v, want error %v", err, tt.wantErr)
			}
		})
	}
}

// TestBuildInputDeepPayloadMemory checks that a payload nested 100 000
// deep is refused without recursion: the whole call stays far below what a
// recursive parser would allocate.
func TestBuildInputDeepPayloadMemory(t *testing.T) {
	payload := []byte(strings.Repeat(`{"a":`, 100000) + `1` + strings.Repeat(`}`, 100000))
	allocs := testing.AllocsPerRun(10, func() {
		if _, _, err := BuildEventInput(payload, Invocation{}, FunctionInfo{}, InputOptions{}); err == nil {
			t.Fatal("no error")
		}
	})
	if allocs > 10 {
		t.Errorf("%v allocations refusing a deep payload, want a handful", allocs)
	}
}
