package engine

import (
	"strconv"
	"unicode/utf8"
)

// jsonw appends JSON tokens to a byte slice. It inserts the commas between
// members and elements itself; callers only pair opens with closes and keys
// with values. It never validates raw fragments: callers embed only
// fragments they have validated.
type jsonw struct {
	buf       []byte
	needComma bool
}

func (w *jsonw) sep() {
	if w.needComma {
		w.buf = append(w.buf, ',')
	}
}

func (w *jsonw) objOpen() {
	w.sep()
	w.buf = append(w.buf, '{')
	w.needComma = false
}

func (w *jsonw) objClose() {
	w.buf = append(w.buf, '}')
	w.needComma = true
}

func (w *jsonw) arrOpen() {
	w.sep()
	w.buf = append(w.buf, '[')
	w.needComma = false
}

func (w *jsonw) arrClose() {
	w.buf = append(w.buf, ']')
	w.needComma = true
}

// key writes an object member name; the next call writes its value.
func (w *jsonw) key(k string) {
	w.sep()
	w.buf = appendJSONString(w.buf, k)
	w.buf = append(w.buf, ':')
	w.needComma = false
}

func (w *jsonw) str(s string) {
	w.sep()
	w.buf = appendJSONString(w.buf, s)
	w.needComma = true
}

// strBytes writes b as a JSON string without converting it to a string.
func (w *jsonw) strBytes(b []byte) {
	w.sep()
	w.buf = appendJSONString(w.buf, b)
	w.needComma = true
}

// raw writes an already valid JSON value verbatim.
func (w *jsonw) raw(v []byte) {
	w.sep()
	w.buf = append(w.buf, v...)
	w.needComma = true
}

func (w *jsonw) rawString(v string) {
	w.sep()
	w.buf = append(w.buf, v...)
	w.needComma = true
}

func (w *jsonw) int(n int64) {
	w.sep()
	w.buf = strconv.AppendInt(w.buf, n, 10)
	w.needComma = true
}

func (w *jsonw) bool(b bool) {
	w.sep()
	w.buf = strconv.AppendBool(w.buf, b)
	w.needComma = true
}

func (w *jsonw) null() {
	w.sep()
	w.buf = append(w.buf, "null"...)
	w.needComma = true
}

// strings writes a JSON array of strings.
func (w *jsonw) strings(ss []string) {
	w.arrOpen()
	for _, s := range ss {
		w.str(s)
	}
	w.arrClose()
}

const jsonwHex = "0123456789abcdef"

// appendJSONString appends s as a quoted JSON string. Control characters are
// escaped, invalid UTF-8 becomes U+FFFD, everything else (including '<',
// '>' and '&') is copied as is.
func appendJSONString[T string | []byte](dst []byte, s T) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune([]byte(s[i:min(i+utf8.UTFMax, len(s))]))
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		if c >= 0x20 && c != '"' && c != '\\' {
			i++
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '"', '\\':
			dst = append(dst, '\\', c)
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', jsonwHex[c>>4], jsonwHex[c&0xf])
		}
		i++
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
