package policy

import (
	"bytes"
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// urlDecodeRounds is how many times Normalize percent-decodes its input, to
// see through double encoding (%2527 → %27 → ').
const urlDecodeRounds = 2

// Normalize turns an attacker-controlled string into a canonical form for
// matching. In order it:
//   - percent-decodes up to two rounds (%XX, %uXXXX, + as space), leaving
//     invalid escapes as they are;
//   - maps overlong UTF-8 sequences (%c0%ae, %e0%80%ae …) to the character
//     they encode;
//   - decodes HTML entities (named and numeric);
//   - decodes \uXXXX escapes (surrogate pairs included);
//   - removes NUL characters, lower-cases, replaces invalid UTF-8 with
//     U+FFFD and collapses each run of whitespace to a single space.
//
// It never fails and its work is linear in the length of s. It backs the
// lambda_firewall.normalize builtin.
func Normalize(s string) string {
	if alreadyNormal(s) {
		return s
	}
	return normalizeFull(s)
}

// normalizeFull is Normalize without the fast path.
func normalizeFull(s string) string {
	b := []byte(s)
	for range urlDecodeRounds {
		if bytes.IndexByte(b, '%') < 0 && bytes.IndexByte(b, '+') < 0 {
			break
		}
		b = percentDecode(b)
	}
	b = fixOverlongUTF8(b)
	s = string(b)
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	if strings.Contains(s, `\u`) {
		s = string(decodeU16Escapes([]byte(s), '\\', 'u'))
	}
	return canonical(s)
}

// alreadyNormal reports whether Normalize(s) == s for a cheap reason: s is
// printable ASCII without upper case, escapes (% + & \\) or runs of spaces.
func alreadyNormal(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if i > 0 && s[i-1] == ' ' {
				return false
			}
		case c < 0x21 || c > 0x7e, c >= 'A' && c <= 'Z', c == '%', c == '+', c == '&', c == '\\':
			return false
		}
	}
	return true
}

// percentDecode decodes %XX, %uXXXX and + (as a space). Invalid escapes are
// copied unchanged.
func percentDecode(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == '+':
			out = append(out, ' ')
		case c == '%' && i+2 < len(b) && isHex(b[i+1]) && isHex(b[i+2]):
			out = append(out, unhex(b[i+1])<<4|unhex(b[i+2]))
			i += 2
		case c == '%' && (i+1 < len(b)) && (b[i+1] == 'u' || b[i+1] == 'U'):
			r, n := readU16Escape(b[i:], '%')
			if n == 0 {
				out = append(out, c)
				continue
			}
			out = utf8.AppendRune(out, r)
			i += n - 1
		default:
			out = append(out, c)
		}
	}
	return out
}

// decodeU16Escapes decodes escapes of the form <esc><u>XXXX, such as \u0041.
func decodeU16Escapes(b []byte, esc, u byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == esc && i+1 < len(b) && b[i+1] == u {
			if r, n := readU16Escape(b[i:], esc); n > 0 {
				out = utf8.AppendRune(out, r)
				i += n - 1
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

// u16EscapeLen is the length of one escape such as %u0041 or \u0041.
const u16EscapeLen = 6

// readU16Escape reads one UTF-16 escape (esc, 'u' or 'U', four hex digits)
// at the start of b, and a second one when the first is a high surrogate
// followed by a low one. It returns the rune and the bytes consumed, 0 when
// b does not start with a valid escape. Lone surrogates become U+FFFD.
func readU16Escape(b []byte, esc byte) (rune, int) {
	first, ok := u16At(b, esc)
	if !ok {
		return 0, 0
	}
	if first < 0xD800 || first > 0xDFFF {
		return first, u16EscapeLen
	}
	if first <= 0xDBFF {
		if second, ok := u16At(b[u16EscapeLen:], esc); ok && second >= 0xDC00 && second <= 0xDFFF {
			return 0x10000 + (first-0xD800)<<10 + (second - 0xDC00), 2 * u16EscapeLen
		}
	}
	return utf8.RuneError, u16EscapeLen
}

// u16At parses <esc>uXXXX at the start of b.
func u16At(b []byte, esc byte) (rune, bool) {
	if len(b) < u16EscapeLen || b[0] != esc || (b[1] != 'u' && b[1] != 'U') {
		return 0, false
	}
	var r rune
	for _, c := range b[2:u16EscapeLen] {
		if !isHex(c) {
			return 0, false
		}
		r = r<<4 | rune(unhex(c))
	}
	return r, true
}

// fixOverlongUTF8 replaces overlong UTF-8 encodings (C0 AE for '.', E0 80 AE,
// F0 80 80 AE …) with the shortest encoding of the same code point. Other
// bytes are copied unchanged.
func fixOverlongUTF8(b []byte) []byte {
	if bytes.IndexByte(b, 0xC0) < 0 && bytes.IndexByte(b, 0xC1) < 0 &&
		bytes.IndexByte(b, 0xE0) < 0 && bytes.IndexByte(b, 0xF0) < 0 {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case (c == 0xC0 || c == 0xC1) && cont(b, i+1, 0x80, 0xBF):
			out = append(out, (c&0x1F)<<6|b[i+1]&0x3F)
			i++
		case c == 0xE0 && cont(b, i+1, 0x80, 0x9F) && cont(b, i+2, 0x80, 0xBF):
			r := rune(b[i+1]&0x3F)<<6 | rune(b[i+2]&0x3F)
			out = utf8.AppendRune(out, r)
			i += 2
		case c == 0xF0 && cont(b, i+1, 0x80, 0x8F) && cont(b, i+2, 0x80, 0xBF) && cont(b, i+3, 0x80, 0xBF):
			r := rune(b[i+1]&0x3F)<<12 | rune(b[i+2]&0x3F)<<6 | rune(b[i+3]&0x3F)
			out = utf8.AppendRune(out, r)
			i += 3
		default:
			out = append(out, c)
		}
	}
	return out
}

// cont reports whether b[i] exists and lies in [lo, hi].
func cont(b []byte, i int, lo, hi byte) bool {
	return i < len(b) && b[i] >= lo && b[i] <= hi
}

// canonical removes NUL, lower-cases, replaces invalid UTF-8 with U+FFFD and
// collapses runs of whitespace to one space.
func canonical(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == 0:
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(unicode.ToLower(r))
	}
	if space {
		sb.WriteByte(' ')
	}
	return sb.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
