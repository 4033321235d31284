package engine

import (
	"encoding/base64"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/tidwall/gjson"

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
	if len(masks) == 0 {
		return nil, errNoMasks
	}
	ordered := orderMasks(masks)
	out := payload
	for i := 0; i < len(ordered); {
		// Masks of one path are applied in one pass: the field (a whole
		// HTTP body, say) is decoded and written back once, not per mask.
		j := i + 1
		for j < len(ordered) && reflect.DeepEqual(ordered[j].Path, ordered[i].Path) {
			j++
		}
		fn, err := composeMaskFuncs(ordered[i:j])
		if err != nil {
			return nil, fmt.Errorf("mask %d: %w", i, err)
		}
		if out, err = applyMask(out, phase, ordered[i].Path, fn); err != nil {
			return nil, fmt.Errorf("mask %d: %w", i, err)
		}
		i = j
	}
	if len(out) > maxPayloadBytes {
		return nil, errMaskedLarge
	}
	if !gjson.ValidBytes(out) && gjson.ValidBytes(payload) {
		return nil, errVerify
	}
	return out, nil
}

// composeMaskFuncs is one maskFunc applying each of masks in turn.
func composeMaskFuncs(masks []policy.Mask) (maskFunc, error) {
	fns := make([]maskFunc, 0, len(masks))
	for _, m := range masks {
		fn, err := newMaskFunc(m)
		if err != nil {
			return nil, err
		}
		fns = append(fns, fn)
	}
	if len(fns) == 1 {
		return fns[0], nil
	}
	return func(s string) (string, bool) {
		changed := false
		for _, fn := range fns {
			var c bool
			s, c = fn(s)
			changed = changed || c
		}
		return s, changed
	}, nil
}

// orderMasks drops duplicate masks and sorts the rest deepest path first;
// masks of equal paths stay together, in their order.
func orderMasks(masks []policy.Mask) []policy.Mask {
	ordered := make([]policy.Mask, 0, len(masks))
	for _, m := range masks {
		if !slices.ContainsFunc(ordered, func(o policy.Mask) bool { return reflect.DeepEqual(o, m) }) {
			ordered = append(ordered, m)
		}
	}
	slices.SortStableFunc(ordered, func(a, b policy.Mask) int {
		if d := len(b.Path) - len(a.Path); d != 0 {
			return d
		}
		// Paths of equal length never nest: group equal ones together.
		return strings.Compare(fmt.Sprint(a.Path...), fmt.Sprint(b.Path...))
	})
	return ordered
}

// applyMask dispatches one mask on its root.
func applyMask(payload []byte, phase inspectPhase, path []any, fn maskFunc) ([]byte, error) {
	if len(path) == 0 {
		return nil, stepError(0, errMaskRoot)
	}
	root, _ := path[0].(string)
	switch {
	case root == rootPayload:
		return maskPayload(payload, path[1:], fn)
	case root == rootHTTP && phase == inspectEvent && len(path) >= 2:
		return maskBody(payload, path[1:], fn, true)
	case root == rootResponse && phase == inspectResponse && len(path) >= 2:
		return maskBody(payload, path[1:], fn, !isResponseBodyPayload(payload))
	}
	return nil, stepError(0, errMaskRoot)
}

// maskPayload masks inside the raw payload. A payload that is not JSON is
// text: only the whole of it can be masked.
func maskPayload(payload []byte, segs []any, fn maskFunc) ([]byte, error) {
	if len(segs) == 0 && !gjson.ValidBytes(payload) {
		out, _ := fn(string(payload))
		return []byte(out), nil
	}
	return maskJSON(payload, segs, fn, 1)
}

// isResponseBodyPayload reports whether a response payload is itself the
// HTTP body: API Gateway HTTP APIs and function URLs take a response without
// statusCode as the body.
func isResponseBodyPayload(payload []byte) bool {
	r := gjson.ParseBytes(payload)
	return !r.IsObject() || !r.Get(keyStatus).Exists()
}

// maskBody masks in the HTTP body. segs starts with "body" (the whole body
// text) or "body_json" (a path inside the JSON body). enveloped says the
// body is the "body" field of payload (decoded from base64 when
// isBase64Encoded) rather than payload itself.
func maskBody(payload []byte, segs []any, fn maskFunc, enveloped bool) ([]byte, error) {
	field, _ := segs[0].(string)
	if field != fieldBody && field != fieldJSON || field == fieldBody && len(segs) > 1 {
		return nil, stepError(1, errMaskRoot)
	}
	if !enveloped {
		if field == fieldJSON {
			return maskJSON(payload, segs[1:], fn, 2)
		}
		return maskPayload(payload, nil, fn)
	}
	body := gjson.GetBytes(payload, keyBody)
	if body.Type != gjson.String {
		return nil, errNoBody
	}
	b64 := gjson.GetBytes(payload, keyBase64).Bool()
	text := body.Str
	if b64 {
		raw, err := base64.StdEncoding.DecodeString(text)
		if err != nil {
			return nil, errBodyBase64
		}
		text = string(raw)
	}
	var masked string
	if field == fieldBody {
		out, changed := fn(text)
		if !changed {
			return payload, nil
		}
		masked = out
	} else {
		out, err := maskJSON([]byte(text), segs[1:], fn, 2)
		if err != nil {
			return nil, err
		}
		masked = string(out)
	}
	if b64 {
		masked = base64.StdEncoding.EncodeToString([]byte(masked))
	}
	return setString(payload, keyBody, keyBody, masked)
}
