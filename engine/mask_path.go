package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Errors of mask path resolution. They name the segment index, never a key
// or a value of the payload.
var (
	errPathMissing   = errors.New("path not found")
	errPathDuplicate = errors.New("duplicate object key on path")
	errPathType      = errors.New("segment does not fit the container")
	errNotJSON       = errors.New("string on path is not JSON")
)

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

// stepError says which segment failed, without naming it.
func stepError(i int, err error) error {
	return fmt.Errorf("mask path segment %d: %w", i, err)
}
