package engine

import (
	"slices"
	"strings"
)

// edit replaces the bytes start:end of a text with repl. The masks of a
// document are collected as edits and written in one copy of it, so that
// every byte no mask touches stays as it was.
type edit struct {
	start, end int
	repl       []byte
}

// sortEdits orders edits by position; the edits of one document never
// overlap.
func sortEdits(edits []edit) {
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })
}

// splice returns text with the sorted edits applied, in a new buffer.
func splice[T string | []byte](text T, edits []edit) []byte {
	size := len(text)
	for _, e := range edits {
		size += len(e.repl) - (e.end - e.start)
	}
	out := make([]byte, 0, size)
	at := 0
	for _, e := range edits {
		out = append(out, text[at:e.start]...)
		out = append(out, e.repl...)
		at = e.end
	}
	return append(out, text[at:]...)
}

// shiftEdits moves edits by off.
func shiftEdits(edits []edit, off int) {
	for i := range edits {
		edits[i].start += off
		edits[i].end += off
	}
}

// escapeEdits turns sorted edits of the text of a JSON string into edits of
// its literal lit (quotes included): each position is mapped onto the
// literal's escapes and each replacement escaped, so that the rest of the
// literal, escapes included, stays byte for byte. ok is false when a
// position falls inside an escape, which edits of JSON values never do.
func escapeEdits(lit string, edits []edit) (out []edit, ok bool) {
	content := lit[1 : len(lit)-1]
	out = make([]edit, 0, len(edits))
	raw, text := 0, 0 // offsets in content and in its text
	var scratch [8]byte
	locate := func(target int) bool {
		for text < target {
			if raw >= len(content) {
				return false
			}
			if content[raw] != '\\' {
				// A run of plain bytes: the same length in both.
				n := strings.IndexByte(content[raw:], '\\')
				if n < 0 {
					n = len(content) - raw
				}
				n = min(n, target-text)
				raw, text = raw+n, text+n
				continue
			}
			b, n := appendEscape(scratch[:0], content, raw)
			if n == 0 {
				return false
			}
			raw, text = raw+n, text+len(b)
		}
		return text == target
	}
	for _, e := range edits {
		if !locate(e.start) {
			return nil, false
		}
		start := raw
		if !locate(e.end) {
			return nil, false
		}
		out = append(out, edit{start: start + 1, end: raw + 1, repl: escapeString(e.repl)})
	}
	return out, true
}

// escapeString is the contents of the JSON string literal of s, written as
// marshalString writes it.
func escapeString(s []byte) []byte {
	lit, err := marshalJSON(string(s))
	if err != nil { // a string always encodes
		return nil
	}
	return lit[1 : len(lit)-1]
}
