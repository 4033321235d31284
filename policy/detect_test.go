package policy

import (
	"testing"

	libinjection "github.com/corazawaf/libinjection-go"
)

func TestIsSQLi(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"1' OR '1'='1", true},
		{"1 UNION SELECT password FROM users--", true},
		{"hello world", false},
		{"O'Brien", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsSQLi(tt.in); got != tt.want {
			t.Errorf("IsSQLi(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestIsXSS(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"<script>alert(1)</script>", true},
		{`<img src=x onerror=alert(1)>`, true},
		{"hello <b>world</b>", false},
		{"a < b", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsXSS(tt.in); got != tt.want {
			t.Errorf("IsXSS(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"1' OR '1'='1", "<script>", "", "\x00'"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if IsSQLi(s) != IsSQLi(s) || IsXSS(s) != IsXSS(s) {
			t.Fatalf("detection of %q not deterministic", s)
		}
	})
}

// FuzzIsXSSPrecheck checks IsXSS's shortcut: libinjection never flags a
// string without '<' and '='.
func FuzzIsXSSPrecheck(f *testing.F) {
	for _, s := range []string{"x onerror alert(1)", "' onmouseover 'alert(1)", "javascript:alert(1)", "`x` style",
		"\" autofocus onfocus", " src javascript:alert(1)", "x\x00onerror", "&lt;script&gt;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if libinjection.IsXSS(s) != IsXSS(s) {
			t.Fatalf("IsXSS(%q) = %v, libinjection says %v", s, IsXSS(s), libinjection.IsXSS(s))
		}
	})
}
