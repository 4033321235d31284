package engine

import (
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// maxPayloadBytes is the largest payload the engine hands back: the Lambda
// 6 MiB invocation payload limit plus a little slack for the envelope.
const maxPayloadBytes = 6<<20 + 100

// Mask path roots and HTTP body fields (see "Mask paths" in contracts.md).
const (
	rootPayload  = "payload"
	rootHTTP     = "http"
	rootResponse = "response"
	fieldBody    = "body"
	fieldJSON    = "body_json"

	keyBody   = "body"
	keyBase64 = "isBase64Encoded"
	keyStatus = "statusCode"
)

var (
	errMaskRoot    = errors.New("mask path root is not maskable in this phase")
	errNoMasks     = errors.New("mask decision without masks")
	errNoBody      = errors.New("payload has no string body")
	errBodyBase64  = errors.New("body is not valid base64")
	errMaskedLarge = errors.New("masked payload exceeds the payload limit")
)

// applyMasks returns payload with every mask of masks applied. Deeper paths
// are applied first so that a mask of a parent still covers its children;
// identical masks are applied once.
func applyMasks(payload []byte, phase inspectPhase, masks []policy.Mask) ([]byte, error) {
	return applyMasksView(newPayloadView(payload), phase, masks)
}

// applyMasksView is applyMasks on a view the input builder may have
// filled. The masks of one target (the payload, or the HTTP body) are
// applied in one pass: the body is decoded once, each container on their
// paths is read once, and the result is written in one copy in which every
// byte no mask touches, escapes included, is as it was.
func applyMasksView(v *payloadView, phase inspectPhase, masks []policy.Mask) ([]byte, error) {
	if len(masks) == 0 {
		return nil, errNoMasks
	}
	runs, err := maskRuns(orderMasks(masks), phase)
	if err != nil {
		return nil, err
	}
	out := v.raw
	for _, r := range runs {
		if !sameSlice(out, v.raw) { // an earlier run changed the payload
			v = newPayloadView(out)
		}
		if out, err = r.apply(v, phase); err != nil {
			return nil, err
		}
	}
	if len(out) > maxPayloadBytes {
		return nil, errMaskedLarge
	}
	return out, nil
}

// sameSlice reports whether a and b are the same bytes in memory.
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// orderMasks drops duplicate masks and sorts the rest deepest path first;
// masks of equal paths stay together, in their order.
func orderMasks(masks []policy.Mask) []policy.Mask {
	type keyed struct {
		m   policy.Mask
		key string // the path as text, to group equal paths
	}
	ordered := make([]keyed, 0, len(masks))
	for _, m := range masks {
		if !slices.ContainsFunc(ordered, func(o keyed) bool { return reflect.DeepEqual(o.m, m) }) {
			ordered = append(ordered, keyed{m: m, key: fmt.Sprint(m.Path...)})
		}
	}
	slices.SortStableFunc(ordered, func(a, b keyed) int {
		if d := len(b.m.Path) - len(a.m.Path); d != 0 {
			return d
		}
		// Paths of equal length never nest: group equal ones together.
		return strings.Compare(a.key, b.key)
	})
	out := make([]policy.Mask, len(ordered))
	for i, k := range ordered {
		out[i] = k.m
	}
	return out
}

// apply applies the run to the payload of v.
func (r *maskRun) apply(v *payloadView, phase inspectPhase) ([]byte, error) {
	switch {
	case !r.body:
		return r.applyPayload(v)
	case phase == inspectResponse && isResponseBodyPayload(v):
		return r.applyBarePayload(v)
	}
	return r.applyBody(v)
}

// applyPayload masks inside the raw payload. A payload that is not JSON is
// text: only the whole of it can be masked.
func (r *maskRun) applyPayload(v *payloadView) ([]byte, error) {
	sc := v.doc.current()
	if !sc.valid {
		if len(r.json.children) > 0 {
			return nil, nodeError(&r.json, errNotJSON)
		}
		out, _ := r.json.fn(v.doc.text)
		return []byte(out), nil
	}
	edits, err := walkDocument(v.doc.text, sc, &r.json)
	if err != nil || len(edits) == 0 {
		return v.raw, err
	}
	return splice(v.raw, edits), nil
}

// applyBarePayload masks a response payload that is itself the HTTP body:
// its JSON, or, when it is not JSON, its text.
func (r *maskRun) applyBarePayload(v *payloadView) ([]byte, error) {
	if !v.doc.current().valid {
		if len(r.json.children) > 0 || len(r.json.fns) > 0 {
			return nil, nodeError(&r.json, errNotJSON)
		}
		out, _ := r.text.fn(v.doc.text)
		return []byte(out), nil
	}
	whole := r.json
	whole.fns = append(slices.Clip(r.json.fns), r.text.fns...)
	p := &maskRun{json: whole}
	return p.applyPayload(v)
}

// applyBody masks in the "body" member of the payload (decoded from base64
// when isBase64Encoded).
func (r *maskRun) applyBody(v *payloadView) ([]byte, error) {
	bv := v.httpBody()
	if !bv.isString() {
		return nil, fmt.Errorf("mask %d: %w", r.first, errNoBody)
	}
	t := bv.text()
	if bv.b64 {
		var err error
		if t, err = bv.base64Text(); err != nil {
			return nil, fmt.Errorf("mask %d: %w", r.first, errBodyBase64)
		}
	}
	var edits []edit
	if len(r.json.children) > 0 || len(r.json.fns) > 0 {
		sc := t.current()
		if !sc.valid {
			return nil, nodeError(&r.json, errNotJSON)
		}
		var err error
		if edits, err = walkDocument(t.text, sc, &r.json); err != nil {
			return nil, err
		}
	}
	if len(r.text.fns) > 0 {
		text := t.text
		if len(edits) > 0 {
			text = bytesView(splice(text, edits))
		}
		if out, changed := r.text.fn(text); changed {
			edits = []edit{{start: 0, end: len(t.text), repl: []byte(out)}}
		}
	}
	if len(edits) == 0 {
		return v.raw, nil
	}
	end := bv.start + len(bv.literal)
	if bv.b64 {
		text := splice(t.text, edits)
		lit := make([]byte, 0, base64.StdEncoding.EncodedLen(len(text))+2)
		lit = append(base64.StdEncoding.AppendEncode(append(lit, '"'), text), '"')
		return splice(v.raw, []edit{{start: bv.start, end: end, repl: lit}}), nil
	}
	escaped, ok := escapeEdits(bv.literal, edits)
	if !ok {
		return nil, fmt.Errorf("mask %d: %w", r.first, errVerify)
	}
	shiftEdits(escaped, bv.start)
	return splice(v.raw, escaped), nil
}

// isResponseBodyPayload reports whether a response payload is itself the
// HTTP body: API Gateway HTTP APIs and function URLs take a response without
// statusCode as the body.
func isResponseBodyPayload(v *payloadView) bool {
	sc := v.doc.current()
	if !sc.valid || sc.members == nil {
		return true
	}
	_, n, _ := sc.last(keyStatus)
	return n == 0
}
