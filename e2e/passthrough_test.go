package e2e

import (
	"bytes"
	"testing"
)

// byteExactPayloads are events whose bytes a re-encoding proxy would change.
var byteExactPayloads = map[string]string{
	"big ints":         `{"id":9007199254740993,"neg":-9223372036854775808,"f":1.10,"e":1E400}`,
	"key order":        `{"z":1,"a":2,"m":{"y":[3,2,1],"b":null}}`,
	"unicode raw":      `{"name":"Zoë 東京 🚀","rtl":"שלום"}`,
	"unicode escapes":  `{"name":"Zo\u00eb \ud83d\ude80","nul":"a\u0000b"}`,
	"html escaped":     `{"html":"\u003cscript\u003ealert(1)\u003c/script\u003e","amp":"\u0026"}`,
	"html raw":         `{"html":"<b>x</b> & y > z"}`,
	"odd whitespace":   " \t{ \"a\" :\r\n [ 1 ,\t2 ] ,\n\"b\":{ } }\n\n",
	"duplicate keys":   `{"a":1,"a":2}`,
	"scalar":           `42`,
	"string":           `"just a string"`,
	"empty object":     `{}`,
	"deep":             `[[[[[[[[[[[[[[[[[[[[{"k":"v"}]]]]]]]]]]]]]]]]]]]]`,
	"escaped slash":    `{"url":"https:\/\/example.com\/a"}`,
	"trailing newline": "{\"a\":1}\n",
}

// TestPassThroughByteExact: the echo function returns its event unchanged, so
// whatever reaches the caller is what crossed the proxy twice (event and
// response). Compared byte for byte: direct, through the pass-through proxy,
// and through the engine with a policy that evaluates and allows.
func TestPassThroughByteExact(t *testing.T) {
	for _, mode := range []struct {
		name string
		opts setupOpts
	}{
		{"direct", setupOpts{direct: true}},
		{"policy none", setupOpts{policy: policyNone}},
		{"policy allows", setupOpts{policy: policyE2E}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			e := start(t, mode.opts)
			for name, payload := range byteExactPayloads {
				r := invoke(t, e, []byte(payload))
				if r.status != 200 || !bytes.Equal(r.body, []byte(payload)) {
					t.Errorf("%s: got %d %q, want 200 %q", name, r.status, r.body, payload)
				}
			}
		})
	}
}

// TestNonJSONPayload: an event that is not JSON reaches the handler and comes
// back unchanged.
func TestNonJSONPayload(t *testing.T) {
	e := start(t, setupOpts{})
	payload := []byte("plain text, not JSON: <&> \xff\xfe end")
	r := invoke(t, e, payload)
	if r.status != 200 || !bytes.Equal(r.body, payload) {
		t.Fatalf("got %d %q, want 200 %q", r.status, r.body, payload)
	}
}
