package engine

import (
	"math/bits"
	"slices"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// unescapeKey returns the text of a JSON string's contents (without its
// quotes), without copying when there is nothing to unescape.
func unescapeKey(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	return string(appendUnescaped(make([]byte, 0, len(s)), s))
}

// appendUnescaped appends the text of a JSON string's contents (without its
// quotes) to dst, exactly as gjson unescapes it: a lone surrogate becomes
// U+FFFD, and a control character or a malformed escape ends the text
// (neither occurs in valid JSON). Plain bytes are copied eight at a time.
func appendUnescaped(dst []byte, s string) []byte {
	base := len(dst)
	out := slices.Grow(dst, len(s))[:base+len(s)] // unescaping never grows a text
	i, j := 0, base
	for i < len(s) {
		if i+8 <= len(s) {
			// Copy the word whole; only its bytes before a backslash or a
			// control character count. j <= i keeps the store in out.
			x := load64(s, i)
			store64(out, j, x)
			m := hasByte(x, '\\') | hasControl(x)
			if m == 0 {
				i, j = i+8, j+8
				continue
			}
			k := bits.TrailingZeros64(m) >> 3
			i, j = i+k, j+k
		} else if c := s[i]; c >= 0x20 && c != '\\' {
			out[j] = c
			i, j = i+1, j+1
			continue
		}
		if s[i] < 0x20 {
			break
		}
		e, n := appendEscape(out[:j], s, i)
		if n == 0 {
			break
		}
		i, j = i+n, len(e)
	}
	return out[:j]
}

// decodeString validates the JSON string whose contents start at s[i] and
// appends its text to dst, in the one pass: the end is the offset after
// the closing quote; ok is false for an invalid string. dst is grown to
// hold len(s)-i more bytes first, so that a 6 MiB body is decoded into one
// buffer, with no copy as it grows.
func decodeString(s string, i int, dst []byte) (end int, text []byte, ok bool) {
	base := len(dst)
	out := slices.Grow(dst, len(s)-i)[:base+len(s)-i]
	j := base // out[j:] - out[base:] never outruns s[i:] - s[i0:]
	for i < len(s) {
		if i+8 <= len(s) {
			x := load64(s, i)
			store64(out, j, x)
			m := hasByte(x, '"') | hasByte(x, '\\') | hasControl(x)
			if m == 0 {
				i, j = i+8, j+8
				continue
			}
			k := bits.TrailingZeros64(m) >> 3
			i, j = i+k, j+k
		} else if strPlain[s[i]] {
			out[j] = s[i]
			i, j = i+1, j+1
			continue
		}
		switch s[i] {
		case '"':
			return i + 1, out[:j], true
		case '\\':
			e, n := appendEscape(out[:j], s, i)
			if n == 0 {
				return i, nil, false
			}
			i, j = i+n, len(e)
		default: // a control character
			return i, nil, false
		}
	}
	return i, nil, false
}

// shortEscapes maps the byte after a backslash to the byte a two-byte
// escape stands for (0: not a two-byte escape).
var shortEscapes = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// appendEscape appends the text of the escape sequence at s[i] (a
// backslash) and returns how many bytes of s it took: 0 for a malformed
// one.
func appendEscape(dst []byte, s string, i int) ([]byte, int) {
	if i+1 >= len(s) {
		return dst, 0
	}
	if c := shortEscapes[s[i+1]]; c != 0 {
		return append(dst, c), 2
	}
	if s[i+1] != 'u' {
		return dst, 0
	}
	r, ok := hexRune(s, i+2)
	if !ok {
		return dst, 0
	}
	n := 6
	if utf16.IsSurrogate(r) && r < 0xDC00 && i+12 <= len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
		if r2, ok := hexRune(s, i+8); ok && r2 >= 0xDC00 && r2 < 0xE000 {
			r, n = utf16.DecodeRune(r, r2), 12
		}
	}
	return utf8.AppendRune(dst, r), n
}

// hexRune reads the four hex digits at s[i].
func hexRune(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		if !isHex(c) {
			return 0, false
		}
		r = r<<4 | rune(unhex(c))
	}
	return r, true
}
