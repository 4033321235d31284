package engine

import (
	"fmt"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// maskNode is one location that mask paths reach in a JSON document: the
// masks that end there, and the locations one segment deeper. A document's
// masks are applied in one walk of this tree: every container on the way
// is read once, whatever the number of masks under it.
type maskNode struct {
	seg      segKey
	step     int // the index of seg in the mask path (of the first segment below a root), for errors
	mask     int // the first (ordered) mask reaching this node, for errors
	fns      []maskFunc
	children []*maskNode
}

// segKey is a path segment as it is matched: an object key, an array index,
// or a segment that fits no container.
type segKey struct {
	kind segKind
	key  string
	idx  int
}

type segKind int

const (
	segKeyName segKind = iota
	segIndex
	segBad
)

// newSegKey normalises a decoded policy segment: a string is a key (the
// empty key fits no container), any integer form an index.
func newSegKey(seg any) segKey {
	if s, ok := seg.(string); ok {
		if s == "" {
			return segKey{kind: segBad}
		}
		return segKey{kind: segKeyName, key: s}
	}
	if i, ok := segmentIndex(seg); ok {
		return segKey{kind: segIndex, idx: i}
	}
	return segKey{kind: segBad}
}

// add puts the mask fn at the end of segs below n. step is the index in
// the mask path of segs[0]; mask the mask's index in the ordered masks.
func (n *maskNode) add(segs []any, step, mask int, fn maskFunc) {
	for i, seg := range segs {
		k := newSegKey(seg)
		var next *maskNode
		for _, c := range n.children {
			if c.seg == k && k.kind != segBad {
				next = c
				break
			}
		}
		if next == nil {
			next = &maskNode{seg: k, step: step + i, mask: mask}
			n.children = append(n.children, next)
		}
		n = next
	}
	n.fns = append(n.fns, fn)
}

// fn is the node's masks applied in turn, and whether any changed s.
func (n *maskNode) fn(s string) (string, bool) {
	changed := false
	for _, f := range n.fns {
		var c bool
		s, c = f(s)
		changed = changed || c
	}
	return s, changed
}

// maskRun is masks of one target applied in one pass over it: the whole
// payload (root "payload") or the HTTP body (roots "http" and "response").
type maskRun struct {
	body bool
	// json holds the masks inside the JSON document: the payload, or the
	// body's JSON ("body_json"). Its own fns mask the whole document.
	json maskNode
	// text holds the masks of the whole body text ("body").
	text maskNode
	// first is the index of the run's first mask, for errors.
	first int
}

// maskTargetOf classifies a mask path: whether it masks in the body, and
// the segments below the target's root. Paths that no phase rule allows
// are errMaskRoot.
func maskTargetOf(path []any, phase inspectPhase) (body, text bool, segs []any, err error) {
	if len(path) == 0 {
		return false, false, nil, stepError(0, errMaskRoot)
	}
	root, _ := path[0].(string)
	switch {
	case root == rootPayload:
		return false, false, path[1:], nil
	case root == rootHTTP && phase == inspectEvent && len(path) >= 2,
		root == rootResponse && phase == inspectResponse && len(path) >= 2:
		switch field, _ := path[1].(string); {
		case field == fieldBody && len(path) == 2:
			return true, true, nil, nil
		case field == fieldJSON:
			return true, false, path[2:], nil
		}
		return false, false, nil, stepError(1, errMaskRoot)
	}
	return false, false, nil, stepError(0, errMaskRoot)
}

// maskRuns compiles ordered masks into runs: consecutive masks of the same
// target share a run, so that applying the runs in turn is applying the
// masks in turn.
func maskRuns(ordered []policy.Mask, phase inspectPhase) ([]*maskRun, error) {
	var runs []*maskRun
	for i, m := range ordered {
		body, text, segs, err := maskTargetOf(m.Path, phase)
		if err != nil {
			return nil, fmt.Errorf("mask %d: %w", i, err)
		}
		fn, err := newMaskFunc(m)
		if err != nil {
			return nil, fmt.Errorf("mask %d: %w", i, err)
		}
		if len(runs) == 0 || runs[len(runs)-1].body != body {
			r := &maskRun{body: body, first: i}
			r.json.mask, r.text.mask = i, i
			r.json.step, r.text.step = 1, 2
			if body {
				r.json.step = 2
			}
			runs = append(runs, r)
		}
		r := runs[len(runs)-1]
		switch {
		case text:
			r.text.add(nil, 2, i, fn)
		case body:
			r.json.add(segs, 2, i, fn)
		default:
			r.json.add(segs, 1, i, fn)
		}
	}
	return runs, nil
}
