package policy

import libinjection "github.com/corazawaf/libinjection-go"

// IsSQLi reports whether s looks like an SQL injection, using libinjection.
// It backs the lambda_firewall.sqli builtin.
func IsSQLi(s string) bool {
	ok, _ := libinjection.IsSQLi(s)
	return ok
}

// IsXSS reports whether s looks like cross-site scripting, using libinjection.
// It backs the lambda_firewall.xss builtin.
func IsXSS(s string) bool {
	return libinjection.IsXSS(s)
}
