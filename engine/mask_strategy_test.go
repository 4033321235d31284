package engine

import (
	"regexp"
	"testing"
)

// FuzzLiteralMask checks that a literal pattern masks what the compiled
// pattern masks.
func FuzzLiteralMask(f *testing.F) {
	f.Add("paid with 4111 1111 1111 1111 and 4111 1111 1111 1111", "4111 1111 1111 1111")
	f.Add("aaaa", "aa")
	f.Add("\xff4111\xfe", "41")
	f.Fuzz(func(t *testing.T, s, lit string) {
		if lit == "" || !isLiteralPattern(lit) {
			return
		}
		re := regexp.MustCompile(lit)
		want, wantChanged := re.ReplaceAllStringFunc(s, maskLast4), re.MatchString(s)
		got, changed := literalMaskFunc(lit, maskLast4)(s)
		if got != want || changed != wantChanged {
			t.Fatalf("literal %q on %q: %q %v, regexp %q %v", lit, s, got, changed, want, wantChanged)
		}
	})
}

func TestIsLiteralPattern(t *testing.T) {
	for p, want := range map[string]bool{"4111 1111 1111 1111": true, `\d{4}`: false, "a.b": false, "é": false, "x-y_z": true} {
		if got := isLiteralPattern(p); got != want {
			t.Errorf("isLiteralPattern(%q) = %v, want %v", p, got, want)
		}
	}
}
