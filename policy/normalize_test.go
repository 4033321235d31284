package policy

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"plain", "hello", "hello"},
		{"lower", "SeLeCt", "select"},
		{"percent", "%27%20OR%201%3D1", "' or 1=1"},
		{"plus is space", "a+b", "a b"},
		{"double encoded", "%2527", "'"},
		{"triple encoded stays once", "%252527", "%27"},
		{"invalid escape kept", "100%zz", "100%zz"},
		{"truncated escape kept", "abc%2", "abc%2"},
		{"lone percent", "%", "%"},
		{"percent u", "%u003cscript%u003e", "<script>"},
		{"percent u surrogate pair", "%uD83D%uDE00", "\U0001F600"},
		{"percent u lone surrogate", "%uD83Dx", "\uFFFDx"},
		{"percent u invalid", "%u12", "%u12"},
		{"overlong dot", "%c0%ae%c0%ae%c0%af", "../"},
		{"overlong 3 bytes", "%e0%80%ae", "."},
		{"overlong 4 bytes", "%f0%80%80%ae", "."},
		{"overlong c1", "%c1%9c", "\\"},
		{"html named", "&lt;script&gt;", "<script>"},
		{"html numeric", "&#60;&#x3C;", "<<"},
		{"backslash u", `\u003Cimg\u003e`, "<img>"},
		{"backslash u pair", `\ud83d\ude00`, "\U0001F600"},
		{"backslash u invalid", `\u00zz`, `\u00zz`},
		{"nul removed", "un%00ion", "union"},
		{"raw nul removed", "a\x00b", "ab"},
		{"whitespace collapsed", "a \t\r\n b", "a b"},
		{"whitespace around nul", "a \x00 b", "a b"},
		{"trailing whitespace", "a  ", "a "},
		{"encoded whitespace", "select%09%0a*", "select *"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"unicode upper", "ÉCOLE", "école"},
		{"combined", "%3CSCRIPT%3Ealert(1)%3C%2Fscript%3E", "<script>alert(1)</script>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "plain words, a/b?c=d", "x  y", " lead", "%2527", "%c0%ae", "%uD83D%uDE00", `\ud83d`, "&lt;", "a\x00 B", "%e0%80", "%f0%80%80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Normalize(%q) = %q: invalid UTF-8", s, got)
		}
		if strings.IndexByte(got, 0) >= 0 {
			t.Fatalf("Normalize(%q) = %q: contains NUL", s, got)
		}
		if strings.Contains(got, "  ") {
			t.Fatalf("Normalize(%q) = %q: whitespace not collapsed", s, got)
		}
		if len(got) > 3*len(s)+3 {
			t.Fatalf("Normalize(%q) grew from %d to %d bytes", s, len(s), len(got))
		}
		if alreadyNormal(s) && normalizeFull(s) != s {
			t.Fatalf("fast path: %q taken as normal, but normalises to %q", s, normalizeFull(s))
		}
		if again := Normalize(s); again != got {
			t.Fatalf("Normalize(%q) not deterministic: %q then %q", s, got, again)
		}
	})
}

func BenchmarkNormalize(b *testing.B) {
	in := strings.Repeat("%253Cscript%253E alert(&quot;x&quot;) \\u0041 %c0%ae ", 64)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		Normalize(in)
	}
}
