package policy

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
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

// FuzzIsSQLiPrecheck checks IsSQLi's shortcut for single words against the
// library, on words built from the fuzzer's bytes.
func FuzzIsSQLiPrecheck(f *testing.F) {
	for _, s := range []string{"union", "select", "or", "sleep", "x1", "_", "AND", "information_schema", "sp_password"} {
		f.Add(s)
	}
	const first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
	const rest = first + "0123456789"
	f.Fuzz(func(t *testing.T, raw string) {
		if raw == "" {
			return
		}
		w := []byte{first[int(raw[0])%len(first)]}
		for i := 1; i < len(raw); i++ {
			w = append(w, rest[int(raw[i])%len(rest)])
		}
		if ok, _ := libinjection.IsSQLi(string(w)); ok || IsSQLi(string(w)) {
			t.Fatalf("single word %q: libinjection %v, IsSQLi %v", w, ok, IsSQLi(string(w)))
		}
		if ok, _ := libinjection.IsSQLi(raw); ok != IsSQLi(raw) {
			t.Fatalf("IsSQLi(%q) = %v, libinjection says %v", raw, IsSQLi(raw), ok)
		}
	})
}

// TestIsSQLiWordPrecheck runs every word of libinjection's keyword table
// (read from the module's source) through the library: none is SQL
// injection on its own, so the single-word shortcut loses nothing.
func TestIsSQLiWordPrecheck(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/corazawaf/libinjection-go").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	src, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "sqli_data.go"))
	if err != nil {
		t.Skipf("libinjection source: %v", err)
	}
	n := 0
	for _, m := range regexp.MustCompile(`(?m)^\s*"([^"]+)":\s*'`).FindAllStringSubmatch(string(src), -1) {
		for _, w := range []string{m[1], strings.ToLower(m[1]), m[1] + "1", "_" + m[1]} {
			if !isWord(w) {
				continue
			}
			n++
			if ok, _ := libinjection.IsSQLi(w); ok {
				t.Errorf("libinjection flags the single word %q: the precheck would miss it", w)
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d keywords found in the libinjection source", n)
	}
	t.Logf("%d single words checked", n)
}
