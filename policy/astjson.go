package policy

import (
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"
)

// maxInputDepth bounds the nesting of arrays and objects in an input
// document. It is encoding/json's limit, so that parseInputValue rejects
// exactly the documents ast.ValueFromReader rejects for depth; the engine
// already caps the payload and HTTP body far lower (InputOptions.MaxDepth).
// The parser recurses once per level, so the limit also bounds its stack.
const maxInputDepth = 10000

// parseInputValue parses data, one JSON text, into an OPA value in a single
// pass, without the intermediate interface{} tree of ast.ValueFromReader.
//
// The result is the value ast.ValueFromReader(bytes.NewReader(data)) gives
// (ast.Compare == 0, same hashes), term for term:
//   - numbers are ast.Number holding their literal text ("1.0", "1e3",
//     "-0", integers beyond 64 bits), interned for small integers, and
//     checked with ast.NumberChecked: an exponent out of range is an error;
//   - strings are unescaped like encoding/json: \uXXXX escapes, surrogate
//     pairs combined, a lone or invalid surrogate escape and every byte of
//     invalid UTF-8 replaced with U+FFFD; control characters are an error;
//   - a key repeated in an object keeps its last value;
//   - nesting deeper than maxInputDepth (encoding/json's 10000) is an error.
//
// One deliberate difference: ValueFromReader decodes only the first JSON
// value of its reader and ignores what follows (`{"a":1}x`, `01`, `1 2`
// all succeed), while parseInputValue requires data to be exactly one
// JSON text with optional surrounding whitespace, and errors otherwise.
//
// Strings and numbers that need no unescaping are substrings of data
// itself, which is not copied (a copy cost as much as the input, on every
// evaluation): the caller must not modify data while the value, or
// anything taken from it (a decision's mask patterns), is in use. data is
// never modified here.
func parseInputValue(data []byte) (ast.Value, error) { return parseInput(data, false, nil) }

// parseInput is parseInputValue that, with skipPayload, leaves the
// top-level "payload" member out of a document that has an "http" or a
// "response" member (the views of the payload the builtins read), for a
// policy that never reads it there (payloadBesideViewsUnread). The member
// left out is checked for balance only, not parsed.
//
// With views, the top-level "http" member of a document whose "phase"
// (written before it) is "event" is recorded there, and that of a
// "response" document is taken from there when its bytes are the same.
func parseInput(data []byte, skipPayload bool, views *viewCache) (ast.Value, error) {
	// p stays on the stack, with its caches: nothing to clear afterwards,
	// no write barriers. Its scratch stacks come from a pool.
	var p inputParser
	p.skipPayload = skipPayload
	if len(data) <= viewCacheMaxInput {
		p.views = views
	}
	p.inputScratch = inputScratchPool.Get().(*inputScratch)
	defer p.release()
	p.data = data
	p.text = unsafe.String(unsafe.SliceData(data), len(data))
	p.chunk = min(max(len(data)/16, 16), 1024)
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos < len(data) {
		return nil, p.syntaxError(p.pos, "after top-level value")
	}
	return v, nil
}

// inputSyntaxError is a parseInputValue error: invalid JSON, a number out
// of range or too deep a nesting, at byte Offset of the document.
type inputSyntaxError struct {
	msg    string
	Offset int
}

func (e *inputSyntaxError) Error() string {
	return e.msg + " at byte " + strconv.Itoa(e.Offset)
}

// inputParser holds the state of one parseInputValue call.
type inputParser struct {
	data  []byte
	text  string // data as a string: unescaped strings are its substrings
	pos   int    // next byte to read
	depth int    // open arrays and objects

	// slab hands out the terms of array elements and object members,
	// allocated chunk at a time rather than one by one.
	slab  []ast.Term
	chunk int

	*inputScratch

	// strs and nums hold recent string and number values by a cheap hash
	// of their text, so that a repeated one (a key of every record, a
	// header in both the payload and "http", a price) is boxed into an
	// ast.Value once.
	strs [256]textValue
	nums [32]textValue

	// skipPayload: the top-level "payload" member is parsed only when the
	// document has no "http" and no "response" member (viewed); until then
	// it is kept aside as data[payloadAt:payloadEnd] (see parseInput).
	skipPayload           bool
	viewed                bool
	payloadAt, payloadEnd int

	// views: the parsed "http" members shared with other documents, and
	// the document's phase, once read (see parseInput).
	views *viewCache
	phase string
}

// inputScratch is the working memory of parseInputValue reused from call
// to call: nothing in it ends up in a parsed value.
type inputScratch struct {
	// Stacks shared by the open arrays and objects, each using the entries
	// from the length it found on opening.
	elems []*ast.Term    // array elements
	pairs [][2]*ast.Term // object members

	seen    map[string]int // key → member index, to find repeated keys
	seenMax int            // most keys seen has held since made
	buf     []byte         // unescaped string
}

var inputScratchPool = sync.Pool{New: func() any { return new(inputScratch) }}

// maxScratch is the size above which a scratch stack is dropped rather
// than kept in the pool.
const maxScratch = 4096

// release clears s, which must not keep parsed values (nor the input they
// share) alive, and puts it back in the pool.
func (s *inputScratch) release() {
	s.elems = resetScratch(s.elems)
	s.pairs = resetScratch(s.pairs)
	if s.seenMax > maxScratch {
		s.seen, s.seenMax = nil, 0
	}
	clear(s.seen)
	if cap(s.buf) > maxScratch*16 {
		s.buf = nil
	}
	inputScratchPool.Put(s)
}

// resetScratch returns s emptied and cleared, or nil if too large to keep.
func resetScratch[T any](s []T) []T {
	if cap(s) > maxScratch {
		return nil
	}
	clear(s[:cap(s)])
	return s[:0]
}

// textValue is an entry of inputParser.strs or nums.
type textValue struct {
	s string
	v ast.Value
}

// slot returns the entry of tab for s, not empty.
func slot(tab []textValue, s string) *textValue {
	h := uint(len(s))*131 + uint(s[0])*31 + uint(s[len(s)/2])*7 + uint(s[len(s)-1])
	return &tab[h%uint(len(tab))]
}

func (p *inputParser) term(v ast.Value) *ast.Term {
	if len(p.slab) == 0 {
		p.slab = make([]ast.Term, p.chunk)
	}
	t := &p.slab[0]
	p.slab = p.slab[1:]
	t.Value = v
	return t
}

// stringValue returns s as a value: the one of an equal string met
// before, the one OPA interns if key (OPA interns mostly words like
// "name", "path" or "body", that are keys rather than values), or a new
// one. Interning only saves memory: the values are equal either way.
func (p *inputParser) stringValue(s string, key bool) ast.Value {
	if s == "" {
		return ast.InternedEmptyStringValue
	}
	e := slot(p.strs[:], s)
	if e.v != nil && e.s == s {
		return e.v
	}
	var v ast.Value
	if key && len(s) <= maxInternedLen {
		v = ast.InternedValue(s)
	} else {
		v = ast.String(s)
	}
	e.s, e.v = s, v
	return v
}

// maxInternedLen is the length above which stringValue does not look a
// key up in OPA's interned strings, nearly all shorter.
const maxInternedLen = 24

func (p *inputParser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

// value parses the value at p.pos, after optional whitespace.
func (p *inputParser) value() (ast.Value, error) {
	p.skipSpace()
	if p.pos >= len(p.data) {
		return nil, p.eof()
	}
	switch c := p.data[p.pos]; c {
	case '{':
		return p.object()
	case '[':
		return p.array()
	case '"':
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		return p.stringValue(s, false), nil
	case 't':
		return p.literal("true", ast.InternedBooleanTrueValue)
	case 'f':
		return p.literal("false", ast.InternedBooleanFalseValue)
	case 'n':
		return p.literal("null", ast.InternedNullValue)
	default:
		if c == '-' || '0' <= c && c <= '9' {
			return p.number()
		}
		return nil, p.syntaxError(p.pos, "looking for beginning of value")
	}
}

func (p *inputParser) open() error {
	p.depth++
	if p.depth > maxInputDepth {
		return &inputSyntaxError{msg: "exceeded max depth", Offset: p.pos}
	}
	p.pos++
	return nil
}

func (p *inputParser) object() (ast.Value, error) {
	if err := p.open(); err != nil {
		return nil, err
	}
	base := len(p.pairs)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		p.depth--
		return ast.NewObject(), nil
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.eof()
		}
		if p.data[p.pos] != '"' {
			return nil, p.syntaxError(p.pos, "looking for beginning of object key string")
		}
		k, err := p.str()
		if err != nil {
			return nil, err
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.eof()
		}
		if p.data[p.pos] != ':' {
			return nil, p.syntaxError(p.pos, "after object key")
		}
		p.pos++
		if top := p.depth == 1; top && p.skipPayload && k == "payload" {
			// Kept aside: parsed below only if the document has no view.
			p.skipSpace()
			start := p.pos
			if err := p.skipValue(); err != nil {
				return nil, err
			}
			p.payloadAt, p.payloadEnd = start, p.pos
		} else {
			if top && (k == "http" || k == "response") {
				p.viewed = true
			}
			var v ast.Value
			var err error
			if top && k == "http" && p.views != nil {
				v, err = p.httpView()
			} else {
				v, err = p.value()
			}
			if err != nil {
				return nil, err
			}
			if str, ok := v.(ast.String); top && ok && k == "phase" {
				p.phase = string(str)
			}
			p.pairs = append(p.pairs, [2]*ast.Term{p.term(p.stringValue(k, true)), p.term(v)})
		}
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.eof()
		}
		c := p.data[p.pos]
		p.pos++
		if c == '}' {
			break
		}
		if c != ',' {
			return nil, p.syntaxError(p.pos-1, "after object key:value pair")
		}
	}
	if p.depth == 1 && p.payloadEnd > 0 && !p.viewed {
		end := p.pos
		p.pos = p.payloadAt
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.pos = end
		p.pairs = append(p.pairs, [2]*ast.Term{p.term(p.stringValue("payload", true)), p.term(v)})
	}
	// NewObject copies the members: the scratch stack can be reused.
	obj := ast.NewObject(p.uniqueMembers(base)...)
	p.pairs = p.pairs[:base]
	p.depth--
	return obj, nil
}

// smallObject is the member count up to which uniqueMembers looks for a
// repeated key by comparing every pair of keys rather than with a map.
const smallObject = 16

// uniqueMembers returns the members from base of the scratch stack, with
// each repeated key once holding its last value, like encoding/json's
// decoding into a map (ast.NewObject does not merge repeated keys).
func (p *inputParser) uniqueMembers(base int) [][2]*ast.Term {
	pairs := p.pairs[base:]
	if len(pairs) <= smallObject {
		for i := 1; i < len(pairs); i++ {
			for j := range i {
				if memberKey(pairs[i]) == memberKey(pairs[j]) {
					goto merge
				}
			}
		}
		return pairs
	}
merge:
	// Clearing a map costs its capacity: one grown for a much larger
	// object is replaced.
	if p.seen == nil || p.seenMax > 4*len(pairs) {
		p.seen, p.seenMax = make(map[string]int, len(pairs)), len(pairs)
	} else {
		clear(p.seen)
		p.seenMax = max(p.seenMax, len(pairs))
	}
	n := 0
	for _, kv := range pairs {
		k := memberKey(kv)
		if j, ok := p.seen[k]; ok {
			pairs[j][1] = kv[1]
			continue
		}
		p.seen[k] = n
		pairs[n] = kv
		n++
	}
	return pairs[:n]
}

func memberKey(kv [2]*ast.Term) string {
	return string(kv[0].Value.(ast.String))
}

func (p *inputParser) array() (ast.Value, error) {
	if err := p.open(); err != nil {
		return nil, err
	}
	base := len(p.elems)
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		p.depth--
		return ast.NewArray(), nil
	}
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.elems = append(p.elems, p.term(v))
		p.skipSpace()
		if p.pos >= len(p.data) {
			return nil, p.eof()
		}
		c := p.data[p.pos]
		p.pos++
		if c == ']' {
			break
		}
		if c != ',' {
			return nil, p.syntaxError(p.pos-1, "after array element")
		}
	}
	// NewArray keeps its slice: it needs one of its own.
	elems := make([]*ast.Term, len(p.elems)-base)
	copy(elems, p.elems[base:])
	p.elems = p.elems[:base]
	p.depth--
	return ast.NewArray(elems...), nil
}

// httpView parses the top-level "http" member at p.pos, taking it from
// p.views in the response phase and recording it there in the event phase.
func (p *inputParser) httpView() (ast.Value, error) {
	p.skipSpace()
	start := p.pos
	if p.phase == "response" {
		// The member's extent first: skipValue checks only the balance,
		// which is enough to find bytes that were parsed whole before. On
		// an error the parse below reports it, as without the cache.
		if p.skipValue() == nil {
			if v := p.views.get(p.data[start:p.pos]); v != nil {
				return v, nil
			}
		}
		p.pos = start
	}
	v, err := p.value()
	if err == nil && p.phase == "event" {
		p.views.put(p.data[start:p.pos], v)
	}
	return v, err
}

// skipValue moves p.pos past the JSON value at p.pos: strings (escapes
// included), nested arrays and objects, scalars. It checks the brackets
// balance and the strings end, not the rest of the syntax.
func (p *inputParser) skipValue() error {
	d := p.data
	i, depth := p.pos, 0
	done := func(at int) error {
		if at == p.pos {
			return p.syntaxError(at, "looking for beginning of value")
		}
		p.pos = at
		return nil
	}
	for i < len(d) {
		switch d[i] {
		case '"':
			for i++; i < len(d) && d[i] != '"'; i++ {
				if d[i] == '\\' {
					i++
				}
			}
			if i >= len(d) {
				return p.eof()
			}
			if i++; depth == 0 {
				return done(i)
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 { // the end of a scalar: its parent's bracket
				return done(i)
			}
			if depth--; depth == 0 {
				return done(i + 1)
			}
		case ',':
			if depth == 0 {
				return done(i)
			}
		}
		i++
	}
	if depth == 0 && i > p.pos { // a scalar at the end of the input
		return done(i)
	}
	return p.eof()
}

func (p *inputParser) literal(lit string, v ast.Value) (ast.Value, error) {
	for k := 1; k < len(lit); k++ {
		i := p.pos + k
		if i >= len(p.data) {
			return nil, p.eof()
		}
		if p.data[i] != lit[k] {
			return nil, p.syntaxError(i, "in literal "+lit+" (expecting "+quoteChar(lit[k])+")")
		}
	}
	p.pos += len(lit)
	return v, nil
}

// number parses -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? at p.pos.
// Like ast.InterfaceToValue of a json.Number, it keeps the literal text,
// interns small integers and rejects exponents out of range.
func (p *inputParser) number() (ast.Value, error) {
	d := p.data
	start := p.pos
	i := start
	if d[i] == '-' {
		i++
		if i >= len(d) {
			return nil, p.eof()
		}
	}
	switch c := d[i]; {
	case c == '0':
		i++
	case '1' <= c && c <= '9':
		i++
		i = skipDigits(d, i)
	default:
		return nil, p.syntaxError(i, "in numeric literal")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) {
			return nil, p.eof()
		}
		if !isASCIIDigit(d[i]) {
			return nil, p.syntaxError(i, "after decimal point in numeric literal")
		}
		i = skipDigits(d, i+1)
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) {
			return nil, p.eof()
		}
		if !isASCIIDigit(d[i]) {
			return nil, p.syntaxError(i, "in exponent of numeric literal")
		}
		i = skipDigits(d, i+1)
	}
	p.pos = i
	s := p.text[start:i]
	if v := internedInt(s); v != nil {
		return v, nil
	}
	e := slot(p.nums[:], s)
	if e.v != nil && e.s == s {
		return e.v, nil
	}
	n, err := ast.NumberChecked(s)
	if err != nil {
		return nil, &inputSyntaxError{msg: err.Error(), Offset: start}
	}
	e.s, e.v = s, n
	return e.v, nil
}

// internedInt returns OPA's interned value of the integer s, JSON number
// text, if it is one of those, like ast.InternedIntNumberTermFromString
// (-1 to 512) without its map lookup.
func internedInt(s string) ast.Value {
	switch {
	case s == "-1":
		return ast.InternedTerm(-1).Value
	case len(s) > 3 || s[0] == '-':
		return nil
	}
	n := 0
	for i := range len(s) {
		c := s[i]
		if !isASCIIDigit(c) {
			return nil
		}
		n = n*10 + int(c-'0')
	}
	if !ast.HasInternedIntNumberTerm(n) {
		return nil
	}
	return ast.InternedTerm(n).Value
}

func isASCIIDigit(c byte) bool { return '0' <= c && c <= '9' }

func skipDigits(d []byte, i int) int {
	for i < len(d) && isASCIIDigit(d[i]) {
		i++
	}
	return i
}

// plainByte tells the string bytes that stand for themselves: not '"',
// '\\', a control character or part of a multi-byte UTF-8 sequence;
// textByte adds the bytes of multi-byte sequences.
var plainByte, textByte = func() (plain, text [256]bool) {
	for c := ' '; c < 256; c++ {
		plain[c] = c < utf8.RuneSelf && c != '"' && c != '\\'
		text[c] = c != '"' && c != '\\'
	}
	return plain, text
}()

// str parses the string at p.pos (its opening quote) and returns its
// contents, unescaped.
func (p *inputParser) str() (string, error) {
	d := p.data
	start := p.pos + 1
	i := start
	for i < len(d) && plainByte[d[i]] {
		i++
	}
	if i < len(d) && d[i] == '"' {
		p.pos = i + 1
		return p.text[start:i], nil
	}
	// Not plain ASCII: skip to the end or the first escape.
	for i < len(d) && textByte[d[i]] {
		i++
	}
	if i >= len(d) {
		return "", p.eof()
	}
	switch c := d[i]; {
	case c == '"':
		p.pos = i + 1
		if utf8.Valid(d[start:i]) {
			return p.text[start:i], nil
		}
		return p.unescape(start, i)
	case c == '\\':
		return p.unescape(start, i)
	default:
		return "", p.syntaxError(i, "in string literal")
	}
}

// unescape goes on with the string from byte start, whose first escape, if
// any, is at i: it checks and decodes the rest, as encoding/json's unquote
// does, replacing a surrogate escape not part of a valid pair and each byte
// of invalid UTF-8 with U+FFFD.
func (p *inputParser) unescape(start, i int) (string, error) {
	d := p.data
	b := appendValidUTF8(p.buf[:0], d[start:i])
	for i < len(d) {
		switch c := d[i]; {
		case c == '"':
			p.pos = i + 1
			p.buf = b
			return string(b), nil
		case c == '\\':
			if i+1 >= len(d) {
				return "", p.eof()
			}
			switch e := d[i+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				rr, err := p.hex4(i + 2)
				if err != nil {
					return "", err
				}
				i += 6
				if utf16.IsSurrogate(rr) {
					// A valid pair is decoded, anything else is U+FFFD.
					if dec := utf16.DecodeRune(rr, getu4(d[i:])); dec != utf8.RuneError {
						i += 6
						b = utf8.AppendRune(b, dec)
						continue
					}
					rr = utf8.RuneError
				}
				b = utf8.AppendRune(b, rr)
				continue
			default:
				return "", p.syntaxError(i+1, "in string escape code")
			}
			i += 2
		case c < ' ':
			return "", p.syntaxError(i, "in string literal")
		case c < utf8.RuneSelf:
			j := i + 1
			for j < len(d) && plainByte[d[j]] {
				j++
			}
			b = append(b, d[i:j]...)
			i = j
		default:
			// No valid sequence spans the closing quote: decoding past it
			// is decoding the string's bytes.
			rr, size := utf8.DecodeRune(d[i:])
			b = utf8.AppendRune(b, rr)
			i += size
		}
	}
	return "", p.eof()
}

// appendValidUTF8 appends s to b, each byte of invalid UTF-8 replaced with
// U+FFFD.
func appendValidUTF8(b, s []byte) []byte {
	if utf8.Valid(s) {
		return append(b, s...)
	}
	for len(s) > 0 {
		rr, size := utf8.DecodeRune(s)
		b = utf8.AppendRune(b, rr)
		s = s[size:]
	}
	return b
}

// hex4 returns the value of the 4 hexadecimal digits at i, of a \u escape.
func (p *inputParser) hex4(i int) (rune, error) {
	var r rune
	for k := i; k < i+4; k++ {
		if k >= len(p.data) {
			return 0, p.eof()
		}
		h := hexValue(p.data[k])
		if h < 0 {
			return 0, p.syntaxError(k, "in \\u hexadecimal character escape")
		}
		r = r<<4 | h
	}
	return r, nil
}

// getu4 decodes the \uXXXX escape at the start of s, or returns -1.
func getu4(s []byte) rune {
	if len(s) < 6 || s[0] != '\\' || s[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range s[2:6] {
		h := hexValue(c)
		if h < 0 {
			return -1
		}
		r = r<<4 | h
	}
	return r
}

func hexValue(c byte) rune {
	switch {
	case '0' <= c && c <= '9':
		return rune(c - '0')
	case 'a' <= c && c <= 'f':
		return rune(c - 'a' + 10)
	case 'A' <= c && c <= 'F':
		return rune(c - 'A' + 10)
	}
	return -1
}

func (p *inputParser) eof() error {
	return &inputSyntaxError{msg: "unexpected end of JSON input", Offset: len(p.data)}
}

func (p *inputParser) syntaxError(i int, context string) error {
	return &inputSyntaxError{msg: "invalid character " + quoteChar(p.data[i]) + " " + context, Offset: i}
}

// quoteChar formats c as a quoted character literal, as encoding/json does.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}
