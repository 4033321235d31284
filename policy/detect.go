package policy

import (
	"strings"

	libinjection "github.com/corazawaf/libinjection-go"
)

// IsSQLi reports whether s looks like an SQL injection, using libinjection.
// It backs the lambda_firewall.sqli builtin.
func IsSQLi(s string) bool {
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
