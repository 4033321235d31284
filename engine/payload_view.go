package engine

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/tidwall/gjson"
)

// payloadView is a payload under inspection and what has been worked out
// about it. The input builder and the masks of one inspection share it, so
// that a 6 MiB payload is scanned once and its HTTP body is found, decoded
// and scanned once, whichever of them needs it first. It lives for one
// inspection only: it holds strings that alias the payload (bytesView).
type payloadView struct {
	raw  []byte
	doc  scannedText // the payload's text
	body *bodyView   // nil until looked up
}

func newPayloadView(payload []byte) *payloadView {
	return &payloadView{raw: payload, doc: scannedText{text: bytesView(payload), decode: keyBody}}
}

// scannedText is a JSON text and its scan, made once.
type scannedText struct {
	text   string
	decode string // the top-level member whose string the scan decodes
	done   bool
	limit  int      // the maxDepth the scan was made with
	scan   jsonScan // scan.valid is false when the scan went too deep
	deep   int      // offset of the bracket past limit, -1 if none
}

// scanned scans t with maxDepth (<= 0: no limit), or returns the scan made
// before when it answers the same question. deep is the offset of the first
// bracket past maxDepth, -1 if the scan ended before one.
func (t *scannedText) scanned(maxDepth int) (sc *jsonScan, deep int) {
	if !t.done || t.limit != maxDepth && (maxDepth > 0 || t.deep >= 0) {
		s, ok, d := scanValid(t.text, maxDepth, t.decode)
		if s.valid = ok; !ok {
			s.members = nil
		}
		t.scan, t.deep, t.limit, t.done = s, d, maxDepth, true
	}
	return &t.scan, t.deep
}

// current is the scan made last, or a scan without depth limit if there
// was none.
func (t *scannedText) current() *jsonScan {
	if !t.done {
		t.scanned(0)
	}
	return &t.scan
}

// checked is the scan of t, or the depth error checkDepth gives (for JSON
// and anything else alike).
func (t *scannedText) checked(maxDepth int) (*jsonScan, error) {
	sc, deep := t.scanned(maxDepth)
	switch {
	case deep >= 0:
		return nil, deepError(maxDepth, deep)
	case !sc.valid && maxDepth > 0:
		if err := checkDepth(t.text, maxDepth); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

// validJSON reports whether t is JSON, failing when it is JSON nested
// deeper than maxDepth; text that is not JSON is no error, however deep.
func (t *scannedText) validJSON(maxDepth int) (bool, error) {
	sc, deep := t.scanned(maxDepth)
	if deep < 0 {
		return sc.valid, nil
	}
	if whole, _ := t.scanned(0); whole.valid {
		return false, deepError(maxDepth, deep)
	}
	return false, nil
}

func deepError(maxDepth, at int) error {
	return fmt.Errorf("%w (%d) at byte %d", errTooDeep, maxDepth, at)
}

// bodyView is the "body" member of a payload object: the last one, as the
// runtimes' JSON decoders keep it.
type bodyView struct {
	found   bool
	literal string // the member's JSON text
	start   int    // its offset in the payload
	b64     bool   // isBase64Encoded (the last one) is true
	// str is the text of a string body, unescaped when first needed.
	str     scannedText
	decoded bool
	// std is the standard base64 decoding of str, when first needed.
	std    *scannedText
	stdErr error
}

// httpBody returns the payload's body member. The payload must be a valid
// JSON object for there to be one.
func (v *payloadView) httpBody() *bodyView {
	if v.body != nil {
		return v.body
	}
	b := &bodyView{}
	v.body = b
	sc := v.doc.current()
	if !sc.valid {
		return b
	}
	if m, n, at := sc.last(keyBody); n > 0 {
		b.found, b.literal, b.start = true, v.doc.text[m.start:m.end], m.start
		if at == sc.textOf {
			b.str.text, b.decoded = sc.text, true
		}
	}
	if m, n, _ := sc.last(keyBase64); n > 0 {
		b.b64 = gjson.Parse(v.doc.text[m.start:m.end]).Bool()
	}
	return b
}

// isString reports whether the body is a JSON string.
func (b *bodyView) isString() bool { return b.found && b.literal[0] == '"' }

// text is the unescaped text of a string body.
func (b *bodyView) text() *scannedText {
	if !b.decoded {
		b.str.text = unescapeLiteral(b.literal)
		b.decoded = true
	}
	return &b.str
}

// base64Text is the standard base64 decoding of a string body.
func (b *bodyView) base64Text() (*scannedText, error) {
	if b.std == nil && b.stdErr == nil {
		raw, err := base64.StdEncoding.DecodeString(b.text().text)
		if err != nil {
			b.stdErr = err
		} else {
			b.std = &scannedText{text: bytesView(raw)}
		}
	}
	return b.std, b.stdErr
}

// unescapeLiteral is the text of a valid JSON string literal: a part of
// lit when there is nothing to unescape, otherwise a new buffer written
// once.
func unescapeLiteral(lit string) string {
	content := lit[1 : len(lit)-1]
	if strings.IndexByte(content, '\\') < 0 {
		return content
	}
	return bytesView(appendUnescaped(make([]byte, 0, len(content)), content))
}
