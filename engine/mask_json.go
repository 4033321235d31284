package engine

import (
	"errors"
	"fmt"

	"github.com/tidwall/gjson"
	"github.com/tidwall/sjson"
)

var errVerify = errors.New("masked value does not read back")

// maskJSON rewrites the leaf of doc at segs with fn and leaves every other
// byte of doc as it was. When a segment reaches a JSON string while segments
// remain, the string's content is parsed as JSON, masked recursively and
// written back as a string. An empty segs masks the whole document, which
// becomes a JSON string.
//
// depth is the number of segments already consumed by callers; it only
// makes error messages point at the right segment.
func maskJSON(doc []byte, segs []any, fn maskFunc, depth int) ([]byte, error) {
	if !gjson.ValidBytes(doc) {
		return nil, stepError(depth, errNotJSON)
	}
	cur := gjson.ParseBytes(doc)
	if len(segs) == 0 {
		out, changed := fn(leafText(cur))
		if !changed {
			return doc, nil
		}
		return marshalString(out)
	}
	var get, set string
	for i, seg := range segs {
		step, err := resolveStep(cur, seg)
		if err != nil {
			return nil, stepError(depth+i, err)
		}
		get, set = joinPath(get, step.get), joinPath(set, step.set)
		cur = cur.Get(step.get)
		if !cur.Exists() {
			return nil, stepError(depth+i, errPathMissing)
		}
		if cur.Type == gjson.String && i < len(segs)-1 {
			inner, err := maskJSON([]byte(cur.Str), segs[i+1:], fn, depth+i+1)
			if err != nil {
				return nil, err
			}
			return setString(doc, get, set, string(inner))
		}
	}
	out, changed := fn(leafText(cur))
	if !changed {
		return doc, nil
	}
	return setString(doc, get, set, out)
}

// setString sets the string value at a resolved path and reads it back.
func setString(doc []byte, get, set, value string) ([]byte, error) {
	out, err := sjson.SetBytes(doc, set, value)
	if err != nil {
		return nil, fmt.Errorf("set masked value: %w", err)
	}
	if r := gjson.GetBytes(out, get); r.Type != gjson.String || r.Str != value {
		return nil, errVerify
	}
	return out, nil
}

// leafText is the text a leaf is masked as: a string's content, otherwise
// its JSON text (numbers keep their exact digits).
func leafText(r gjson.Result) string {
	if r.Type == gjson.String {
		return r.Str
	}
	return r.Raw
}

// marshalString encodes s as a JSON string without HTML escaping.
func marshalString(s string) ([]byte, error) {
	out, err := marshalJSON(s)
	if err != nil {
		return nil, fmt.Errorf("encode masked string: %w", err)
	}
	return out, nil
}
