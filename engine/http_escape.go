package engine

import "strings"

// unescapeQueryTolerant decodes %XX escapes and '+' (as a space). Malformed
// escapes are kept as they are instead of failing the whole string.
func unescapeQueryTolerant(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	return unescapeTolerant(s, true)
}

// unescapePathTolerant decodes %XX escapes, keeping '+' and malformed
// escapes as they are.
func unescapePathTolerant(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	return unescapeTolerant(s, false)
}

func unescapeTolerant(s string, plusIsSpace bool) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case c == '+' && plusIsSpace:
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
