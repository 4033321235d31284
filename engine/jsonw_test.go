package engine

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"plain", `"plain"`},
		{`q"b\s`, `"q\"b\\s"`},
		{"\n\r\t\x00\x1f", `"\n\r\t\u0000\u001f"`},
		{"<a>&", `"<a>&"`},
		{"é€😀", `"é€😀"`},
		{"\u2028", "\"\u2028\""},
		{"a\xffb", `"a\ufffdb"`},
		{"\xe2\x82", `"\ufffd\ufffd"`},
		{"\x7f", "\"\x7f\""},
	}
	for _, tt := range tests {
		if got := string(appendJSONString(nil, tt.in)); got != tt.want {
			t.Errorf("appendJSONString(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if got := string(appendJSONString(nil, []byte(tt.in))); got != tt.want {
			t.Errorf("appendJSONString([]byte(%q)) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestJSONWriterCommas(t *testing.T) {
	w := &jsonw{}
	w.objOpen()
	w.key("a")
	w.int(-1)
	w.key("b")
	w.arrOpen()
	w.bool(true)
	w.null()
	w.objOpen()
	w.objClose()
	w.strings([]string{"x", "y"})
	w.arrClose()
	w.key("c")
	w.raw([]byte(`{"r":1}`))
	w.key("d")
	w.strBytes([]byte("z"))
	w.objClose()
	const want = `{"a":-1,"b":[true,null,{},["x","y"]],"c":{"r":1},"d":"z"}`
	if got := string(w.buf); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "a\"b", "\x00\xff", "é\u2028", strings.Repeat("\\", 3)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := appendJSONString(nil, s)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("%q encodes to invalid JSON %s: %v", s, out, err)
		}
		if want := replaceInvalidBytes(s); back != want {
			t.Fatalf("%q round-trips to %q, want %q", s, back, want)
		}
	})
}

// replaceInvalidBytes replaces each byte of s that is not part of a valid
// UTF-8 sequence with U+FFFD.
func replaceInvalidBytes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}
