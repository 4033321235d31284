package engine

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"unicode/utf8"
)

// Body formats of the input document.
const (
	bodyJSON      = "json"
	bodyForm      = "form"
	bodyMultipart = "multipart"
	bodyText      = "text"
	bodyBinary    = "binary"
	bodyEmpty     = "empty"
)

// httpBody is a decoded HTTP body.
type httpBody struct {
	text string
	// literal is the JSON string literal of text as it appeared in the
	// payload, when there is one; writing it saves re-escaping the body.
	literal string
	// doc is text with its scan, shared with the masks of the same
	// inspection; nil when text is not kept in the payload's view.
	doc *scannedText
}

// decodeBody returns the body carried by an event or response member:
// base64-decoded when b64 is set (a body that is not valid base64 is kept
// as sent), the raw JSON text when a non-standard producer put a JSON value
// instead of a string, "" when absent or null.
func decodeBody(b *bodyView, b64 bool) httpBody {
	switch {
	case !b.found || b.literal == "null":
		return httpBody{}
	case !b.isString():
		return httpBody{text: b.literal}
	}
	if !b64 || b.literal == `""` {
		t := b.text()
		return httpBody{text: t.text, literal: b.literal, doc: t}
	}
	if t, err := b.base64Text(); err == nil {
		return httpBody{text: t.text, doc: t}
	}
	if d, err := base64.RawStdEncoding.DecodeString(b.text().text); err == nil {
		return httpBody{text: string(d)}
	}
	t := b.text()
	return httpBody{text: t.text, literal: b.literal, doc: t}
}

// writeBody writes the body members of an "http" or "response" object:
// body, body_format, body_truncated and, when they apply, body_json or
// body_form. contentType is the raw Content-Type header value. A body over
// maxInspect is cut (body_truncated); if it is JSON, body_json is its pruned
// copy (see payloadPruner), otherwise it is shown as text.
func writeBody(w *jsonw, b httpBody, contentType string, maxInspect, maxDepth int) error {
	body := b.text
	truncated := len(body) > maxInspect
	if truncated {
		body = truncateUTF8(body, maxInspect)
	}
	if b.doc == nil {
		b.doc = &scannedText{text: b.text}
	}
	isJSON := false
	if truncated && utf8.ValidString(body) {
		var err error
		if isJSON, err = b.doc.validJSON(maxDepth); err != nil {
			return fmt.Errorf("body: %w", err)
		}
	}
	switch {
	case !utf8.ValidString(body):
		w.key("body_format")
		w.str(bodyBinary)
	case truncated && isJSON:
		// A large JSON body is shown pruned, like a large payload: the
		// same paths, so field-name rules and masks still apply to it.
		w.key("body")
		w.str(body)
		w.key("body_format")
		w.str(bodyJSON)
		w.key("body_json")
		newPayloadPruner(w, maxInspect).document(b.doc.text, b.doc.current())
	case truncated:
		w.key("body")
		w.str(body)
		w.key("body_format")
		w.str(bodyText)
	case body == "":
		w.key("body")
		w.str("")
		w.key("body_format")
		w.str(bodyEmpty)
	default:
		return writeParsedBody(w, b, contentType, maxDepth)
	}
	w.key("body_truncated")
	w.bool(truncated)
	return nil
}

// writeParsedBody classifies a complete, valid UTF-8, non-empty body.
// A body that is valid JSON is JSON whatever its Content-Type claims (the
// function may well parse it as such); otherwise the Content-Type decides
// between form, multipart and text.
func writeParsedBody(w *jsonw, b httpBody, contentType string, maxDepth int) error {
	body := b.text
	sc, err := b.doc.checked(maxDepth)
	if err != nil {
		return fmt.Errorf("body: %w", err)
	}
	w.key("body")
	if b.literal != "" {
		w.rawString(b.literal)
	} else {
		w.str(body)
	}
	mediaType, params := parseContentType(contentType)
	switch {
	case sc.valid:
		w.key("body_format")
		w.str(bodyJSON)
		w.key("body_json")
		w.rawString(strings.Trim(body, jsonSpace))
	case mediaType == "application/x-www-form-urlencoded":
		form := newMultiMap()
		parseQueryTolerant(body, form)
		w.key("body_format")
		w.str(bodyForm)
		w.key("body_form")
		form.writeLists(w)
	case mediaType == "multipart/form-data" && params["boundary"] != "":
		form, ok := parseMultipartFields(body, params["boundary"])
		w.key("body_format")
		if !ok {
			w.str(bodyText)
			break
		}
		w.str(bodyMultipart)
		w.key("body_form")
		form.writeLists(w)
	default:
		w.key("body_format")
		w.str(bodyText)
	}
	w.key("body_truncated")
	w.bool(false)
	return nil
}

// jsonSpace is the insignificant whitespace around a JSON value.
const jsonSpace = " \t\r\n"

func parseContentType(v string) (string, map[string]string) {
	if v == "" {
		return "", nil
	}
	mt, params, err := mime.ParseMediaType(v)
	if err != nil {
		mt, _, _ = strings.Cut(v, ";")
		return strings.ToLower(strings.TrimSpace(mt)), nil
	}
	return mt, params
}

// parseMultipartFields returns the text fields (parts with a form name and
// no file name, whose content is valid UTF-8) of a multipart/form-data
// body. ok is false when not even the first part can be read. A body cut
// short keeps the fields read so far.
func parseMultipartFields(body, boundary string) (form *multiMap, ok bool) {
	r := multipart.NewReader(strings.NewReader(body), boundary)
	form = newMultiMap()
	var buf bytes.Buffer
	for {
		p, err := r.NextPart()
		if err != nil {
			return form, ok
		}
		ok = true
		if p.FormName() == "" || p.FileName() != "" {
			continue
		}
		buf.Reset()
		if _, err := io.Copy(&buf, p); err != nil {
			return form, ok
		}
		if utf8.Valid(buf.Bytes()) {
			form.add(p.FormName(), buf.String())
		}
	}
}

// truncateUTF8 cuts s to at most n bytes without splitting a UTF-8
// sequence (when s is valid UTF-8 around the cut).
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for back := 0; cut > 0 && back < utf8.UTFMax && !utf8.RuneStart(s[cut]); back++ {
		cut--
	}
	if !utf8.RuneStart(s[cut]) {
		cut = n
	}
	return s[:cut]
}
