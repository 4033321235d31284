package engine

import "slices"

// jsonScan is what one pass over a JSON text found: whether it is valid
// JSON and, for an object, where its members are. It lets the input builder
// and the masks share one pass over a 6 MiB payload or body instead of a
// depth check, a validation and a member iteration each.
type jsonScan struct {
	valid bool
	// members are the members of a top-level object, in document order
	// (duplicates included); nil for anything else.
	members []jsonMember
	// text is the text of the last string value decoded during the scan
	// (see scanValid), that of members[textOf]; textOf is -1 if none.
	text   string
	textOf int
}

// jsonMember is one member of a top-level object.
type jsonMember struct {
	key        string // unescaped
	start, end int    // the value's span in the scanned text
}

// last returns the last member named key (the one the JSON decoders of the
// Lambda runtimes keep), how many there are, and its index.
func (s *jsonScan) last(key string) (m jsonMember, n int, at int) {
	at = -1
	for i, c := range s.members {
		if c.key == key {
			m, n, at = c, n+1, i
		}
	}
	return m, n, at
}

// scanValid validates s as gjson.Valid does (RFC 8259, without checking
// UTF-8), checks its nesting depth (maxDepth <= 0: no limit) and collects
// the members of a top-level object, in one iterative pass. deep is the
// offset of the bracket that went past maxDepth, -1 if none did before the
// scan ended (ok is then false).
//
// The string value of a top-level member named decode is decoded as it is
// validated (jsonScan.text): the HTTP body of a 6 MiB event is read once
// to be both checked and unescaped.
func scanValid(s string, maxDepth int, decode string) (sc jsonScan, ok bool, deep int) {
	var stackBuf [64]byte
	stack := stackBuf[:0] // '{' or '[' per open container
	topObject := false    // collecting the members of a top-level object
	open := -1            // member whose value is being scanned
	sc.textOf = -1
	i := skipJSONSpace(s, 0)
	var c, top byte
	var start int
value:
	if i >= len(s) {
		return sc, false, -1
	}
	if topObject && len(stack) == 1 {
		sc.members[len(sc.members)-1].start = i
		open = len(sc.members) - 1
	}
	c = s[i]
	switch {
	case c == '{' || c == '[':
		if maxDepth > 0 && len(stack) >= maxDepth {
			return sc, false, i
		}
		if len(stack) == 0 && c == '{' {
			topObject = true
			sc.members = make([]jsonMember, 0, 16) // room for the members of an API Gateway event
		}
		stack = append(stack, c)
		i = skipJSONSpace(s, i+1)
		if i < len(s) && s[i] == c+2 { // '}' is '{'+2, ']' is '['+2
			stack = stack[:len(stack)-1]
			i++
			goto after
		}
		if c == '{' {
			goto key
		}
		goto value
	case c == '"' && len(stack) == 1 && open >= 0 && decode != "" && sc.members[open].key == decode:
		var text []byte
		if i, text, ok = decodeString(s, i+1, nil); !ok {
			return sc, false, -1
		}
		if cap(text) > 2*len(text)+4096 { // a short string before much else: keep only it
			text = slices.Clip(append([]byte(nil), text...))
		}
		sc.text, sc.textOf = bytesView(text), open
	case c == '"':
		if i, ok = scanString(s, i+1); !ok {
			return sc, false, -1
		}
	case c == '-' || c >= '0' && c <= '9':
		if i, ok = scanNumber(s, i); !ok {
			return sc, false, -1
		}
	case c == 't':
		if i, ok = scanLiteral(s, i, "true"); !ok {
			return sc, false, -1
		}
	case c == 'f':
		if i, ok = scanLiteral(s, i, "false"); !ok {
			return sc, false, -1
		}
	case c == 'n':
		if i, ok = scanLiteral(s, i, "null"); !ok {
			return sc, false, -1
		}
	default:
		return sc, false, -1
	}
after:
	if open >= 0 && len(stack) == 1 {
		sc.members[open].end = i
		open = -1
	}
	i = skipJSONSpace(s, i)
	if len(stack) == 0 {
		if i != len(s) {
			return sc, false, -1
		}
		if !topObject {
			sc.members = nil
		}
		return sc, true, -1
	}
	if i >= len(s) {
		return sc, false, -1
	}
	top = stack[len(stack)-1]
	switch s[i] {
	case ',':
		i = skipJSONSpace(s, i+1)
		if top == '{' {
			goto key
		}
		goto value
	case top + 2:
		stack = stack[:len(stack)-1]
		i++
		goto after
	}
	return sc, false, -1
key:
	if i >= len(s) || s[i] != '"' {
		return sc, false, -1
	}
	start = i
	if i, ok = scanString(s, i+1); !ok {
		return sc, false, -1
	}
	if topObject && len(stack) == 1 {
		sc.members = append(sc.members, jsonMember{key: unescapeKey(s[start+1 : i-1])})
	}
	i = skipJSONSpace(s, i)
	if i >= len(s) || s[i] != ':' {
		return sc, false, -1
	}
	i = skipJSONSpace(s, i+1)
	goto value
}

// jsonSpaceByte reports the insignificant whitespace of JSON.
func jsonSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func skipJSONSpace(s string, i int) int {
	for i < len(s) && jsonSpaceByte(s[i]) {
		i++
	}
	return i
}

// strPlain marks the bytes a JSON string holds as they are: anything but
// control characters, '"' and '\\'.
var strPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// scanString returns the offset after the quote closing the string whose
// contents start at s[i].
func scanString(s string, i int) (int, bool) {
	for {
		if i = plainRun(s, i); i >= len(s) {
			return i, false
		}
		switch s[i] {
		case '"':
			return i + 1, true
		case '\\':
			if i+1 >= len(s) {
				return i, false
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(s) || !isHex(s[i+2]) || !isHex(s[i+3]) || !isHex(s[i+4]) || !isHex(s[i+5]) {
					return i, false
				}
				i += 6
			default:
				return i, false
			}
		default: // a control character
			return i, false
		}
	}
}

// scanNumber returns the offset after the number starting at s[i].
func scanNumber(s string, i int) (int, bool) {
	if s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = skipDigits(s, i+1)
	default:
		return i, false
	}
	if i < len(s) && s[i] == '.' {
		if i+1 >= len(s) || !isDigit(s[i+1]) {
			return i, false
		}
		i = skipDigits(s, i+1)
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || !isDigit(s[i]) {
			return i, false
		}
		i = skipDigits(s, i)
	}
	return i, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func scanLiteral(s string, i int, lit string) (int, bool) {
	if len(s)-i < len(lit) || s[i:i+len(lit)] != lit {
		return i, false
	}
	return i + len(lit), true
}
