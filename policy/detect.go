package policy

import (
	"strings"

	libinjection "github.com/corazawaf/libinjection-go"
)

// IsSQLi reports whether s looks like an SQL injection, using libinjection.
// It backs the lambda_firewall.sqli builtin.
//
// A single word (an ASCII letter or '_' followed by letters, digits and
// '_') is one libinjection token, whose one-character fingerprint is never
// on libinjection's list: such strings — most keys and many values of an
// event — skip the tokenizer. TestIsSQLiWordPrecheck and FuzzIsSQLiPrecheck
// hold this against the library.
func IsSQLi(s string) bool {
	if isWord(s) {
		return false
	}
	ok, _ := libinjection.IsSQLi(s)
	return ok
}

// IsXSS reports whether s looks like cross-site scripting, using libinjection.
// It backs the lambda_firewall.xss builtin.
//
// libinjection's HTML5 tokenizer flags a tag, a doctype or a comment (all
// opened by '<') or an attribute value judged by the attribute name before
// it (values follow '='): a string with neither byte cannot be flagged, and
// most strings of an event have neither, so they skip the five tokenizer
// passes (which allocate). FuzzIsXSSPrecheck holds this against the
// library.
func IsXSS(s string) bool {
	if !strings.ContainsAny(s, "<=") {
		return false
	}
	return libinjection.IsXSS(s)
}

// isWord reports whether s is [A-Za-z_][A-Za-z0-9_]*.
func isWord(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
