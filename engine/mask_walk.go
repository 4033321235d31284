package engine

import (
	"fmt"
	"strings"
)

// walkDocument returns the edits the masks of the tree n make to the valid
// JSON text s, whose scan is sc. The masks of n itself mask the whole
// document, which becomes a JSON string: the text they see is the value
// (an object or array with whatever follows it, as gjson reads a
// document), or a string's text.
func walkDocument(s string, sc *jsonScan, n *maskNode) ([]edit, error) {
	start := skipJSONSpace(s, 0)
	end := len(strings.TrimRight(s, jsonSpace))
	var edits []edit
	if len(n.children) > 0 {
		if s[start] == '"' { // a document that is a string is not entered
			return nil, nodeError(n.children[0], errPathType)
		}
		var err error
		if edits, err = walkChildren(s, start, end, n, sc.members); err != nil {
			return nil, err
		}
	}
	if len(n.fns) == 0 {
		return edits, nil
	}
	leafEnd := end
	if s[start] == '{' || s[start] == '[' {
		leafEnd = len(s)
	}
	return maskLeaf(s, start, leafEnd, 0, len(s), n, edits)
}

// walkValue returns the edits the masks of the tree n make to the valid
// JSON value s[start:end].
func walkValue(s string, start, end int, n *maskNode) ([]edit, error) {
	var edits []edit
	if len(n.children) > 0 {
		var err error
		if edits, err = walkChildren(s, start, end, n, nil); err != nil {
			return nil, err
		}
	}
	if len(n.fns) == 0 {
		return edits, nil
	}
	return maskLeaf(s, start, end, start, end, n, edits)
}

// maskLeaf applies the masks of n to the value s[start:end], as its
// children's edits left it, and replaces s[from:to] with the result (a
// JSON string) when they changed it.
func maskLeaf(s string, start, end, from, to int, n *maskNode, edits []edit) ([]edit, error) {
	text := s[start:end]
	if len(edits) > 0 {
		local := make([]edit, len(edits))
		copy(local, edits)
		shiftEdits(local, -start)
		text = bytesView(splice(text, local))
	}
	if text[0] == '"' {
		text = unescapeLiteral(strings.TrimRight(text, jsonSpace))
	}
	out, changed := n.fn(text)
	if !changed {
		return edits, nil
	}
	lit, err := marshalString(out)
	if err != nil {
		return nil, err
	}
	return []edit{{start: from, end: to, repl: lit}}, nil
}

// walkChildren returns the edits of the masks below n in the container (or
// JSON string) s[start:end]. members are the container's members when
// already known.
func walkChildren(s string, start, end int, n *maskNode, members []jsonMember) ([]edit, error) {
	var spans []valueSpan
	var err error
	switch s[start] {
	case '{':
		spans, err = memberSpans(s, start, n.children, members)
	case '[':
		spans, err = elementSpans(s, start, n.children)
	case '"':
		return walkString(s, start, end, n)
	default:
		return nil, nodeError(n.children[0], errPathType)
	}
	if err != nil {
		return nil, err
	}
	var edits []edit
	for i, c := range n.children {
		e, err := walkValue(s, spans[i].start, spans[i].end, c)
		if err != nil {
			return nil, err
		}
		edits = append(edits, e...)
	}
	sortEdits(edits)
	return edits, nil
}

// walkString applies the masks below n inside the JSON text held by the
// string literal s[start:end], and returns them as edits of the literal.
func walkString(s string, start, end int, n *maskNode) ([]edit, error) {
	lit := s[start:end]
	doc := scannedText{text: unescapeLiteral(lit)}
	sc := doc.current()
	if !sc.valid {
		return nil, nodeError(n.children[0], errNotJSON)
	}
	inner, err := walkDocument(doc.text, sc, &maskNode{children: n.children})
	if err != nil {
		return nil, err
	}
	edits, ok := escapeEdits(lit, inner)
	if !ok {
		return nil, nodeError(n.children[0], errVerify)
	}
	shiftEdits(edits, start)
	return edits, nil
}

// valueSpan is where a child's value is, and how many values matched it.
type valueSpan struct {
	start, end, n int
}

// memberSpans finds the member each child names in the object at s[start].
func memberSpans(s string, start int, children []*maskNode, members []jsonMember) ([]valueSpan, error) {
	for _, c := range children {
		if c.seg.kind != segKeyName {
			return nil, nodeError(c, errPathType)
		}
	}
	spans := make([]valueSpan, len(children))
	var byKey map[string]int
	if len(children) > 8 {
		byKey = make(map[string]int, len(children))
		for i, c := range children {
			byKey[c.seg.key] = i
		}
	}
	visit := func(key string, vs, ve int) bool {
		if byKey != nil {
			if i, ok := byKey[key]; ok {
				spans[i] = valueSpan{vs, ve, spans[i].n + 1}
			}
			return true
		}
		for i, c := range children {
			if c.seg.key == key {
				spans[i] = valueSpan{vs, ve, spans[i].n + 1}
			}
		}
		return true
	}
	if members != nil {
		for _, m := range members {
			visit(m.key, m.start, m.end)
		}
	} else {
		eachMember(s, start, visit)
	}
	for i, c := range children {
		switch {
		case spans[i].n == 0:
			return nil, nodeError(c, errPathMissing)
		case spans[i].n > 1:
			return nil, nodeError(c, errPathDuplicate)
		}
	}
	return spans, nil
}

// elementSpans finds the element each child indexes in the array at
// s[start].
func elementSpans(s string, start int, children []*maskNode) ([]valueSpan, error) {
	last := -1
	for _, c := range children {
		if c.seg.kind != segIndex {
			return nil, nodeError(c, errPathType)
		}
		last = max(last, c.seg.idx)
	}
	spans := make([]valueSpan, len(children))
	i := 0
	eachElement(s, start, func(vs, ve int) bool {
		for j, c := range children {
			if c.seg.idx == i {
				spans[j] = valueSpan{vs, ve, 1}
			}
		}
		i++
		return i <= last
	})
	for j, c := range children {
		if spans[j].n == 0 {
			return nil, nodeError(c, errPathMissing)
		}
	}
	return spans, nil
}

// nodeError is err at the segment leading to n, for the first mask
// reaching n.
func nodeError(n *maskNode, err error) error {
	return fmt.Errorf("mask %d: %w", n.mask, stepError(n.step, err))
}
