package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
)

// Errors of mask path resolution. They name the segment index, never a key
// or a value of the payload.
var (
	errPathMissing   = errors.New("path not found")
	errPathDuplicate = errors.New("duplicate object key on path")
	errPathType      = errors.New("segment does not fit the container")
	errNotJSON       = errors.New("string on path is not JSON")
)

// pathStep is one resolved segment: the same location written for gjson
// (get) and for sjson (set).
type pathStep struct {
	get string
	set string
}

// resolveStep checks that seg names exactly one existing child of container
// and returns its escaped gjson and sjson path components.
//
// Object keys are escaped for both libraries and prefixed with ':' for sjson
// so that a numeric key is never taken for an array index. Array indexes
// must be integers.
func resolveStep(container gjson.Result, seg any) (pathStep, error) {
	switch {
	case container.IsObject():
		key, ok := seg.(string)
		if !ok || key == "" {
			return pathStep{}, errPathType
		}
		n := 0
		container.ForEach(func(k, _ gjson.Result) bool {
			if k.Str == key {
				n++
			}
			return true
		})
		switch {
		case n == 0:
			return pathStep{}, errPathMissing
		case n > 1:
			return pathStep{}, errPathDuplicate
		}
		esc := escapePathKey(key)
		return pathStep{get: esc, set: ":" + esc}, nil
	case container.IsArray():
		idx, ok := segmentIndex(seg)
		if !ok {
			return pathStep{}, errPathType
		}
		if int64(idx) >= container.Get("#").Int() {
			return pathStep{}, errPathMissing
		}
		s := strconv.Itoa(idx)
		return pathStep{get: s, set: s}, nil
	}
	return pathStep{}, errPathType
}

// escapePathKey escapes every byte of key that has a meaning in gjson or
// sjson path syntax ('.', '*', '?', '#', '@', '|', '!', '=', '<', '>', '%',
// '\\', ':', quotes, brackets, ...). Only ASCII letters, digits, '_', '-'
// and non-ASCII bytes are kept as they are.
func escapePathKey(key string) string {
	var b strings.Builder
	b.Grow(len(key) + 4)
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !isPlainPathByte(c) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isPlainPathByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c >= 0x80
}

// segmentIndex accepts the integer forms a decoded policy path may hold.
func segmentIndex(seg any) (int, bool) {
	switch v := seg.(type) {
	case int:
		return v, v >= 0
	case int64:
		return int(v), v >= 0 && v <= math.MaxInt32
	case float64:
		if v < 0 || v > math.MaxInt32 || v != math.Trunc(v) {
			return 0, false
		}
		return int(v), true
	case json.Number:
		n, err := strconv.ParseInt(string(v), 10, 32)
		return int(n), err == nil && n >= 0
	}
	return 0, false
}

// joinPath appends a component to a gjson/sjson path.
func joinPath(path, comp string) string {
	if path == "" {
		return comp
	}
	return path + "." + comp
}

// stepError says which segment failed, without naming it.
func stepError(i int, err error) error {
	return fmt.Errorf("mask path segment %d: %w", i, err)
}
