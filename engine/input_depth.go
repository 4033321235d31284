package engine

import (
	"errors"
	"fmt"
	"strings"
)

// errTooDeep reports JSON nested deeper than InputOptions.MaxDepth.
var errTooDeep = errors.New("JSON nesting exceeds the maximum depth")

// checkDepth reports an error when data opens more than maxDepth nested
// arrays or objects. It is a single iterative pass that skips string
// contents (honouring backslash escapes), so it runs in constant memory on
// any input, valid JSON or not, before any recursive parser sees the data.
func checkDepth(data string, maxDepth int) error {
	return scanDepth(data, maxDepth, strings.IndexByte)
}

func scanDepth[T string | []byte](data T, maxDepth int, indexByte func(T, byte) int) error {
	depth := 0
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '"':
			end := stringEnd(data[i+1:], indexByte)
			if end < 0 {
				return nil
			}
			i += 1 + end
		case '[', '{':
			depth++
			if depth > maxDepth {
				return fmt.Errorf("%w (%d) at byte %d", errTooDeep, maxDepth, i)
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}

// stringEnd returns the index of the quote closing a JSON string whose
// contents start at s[0], or -1 when the string is not closed.
func stringEnd[T string | []byte](s T, indexByte func(T, byte) int) int {
	from := 0
	for {
		q := indexByte(s[from:], '"')
		if q < 0 {
			return -1
		}
		q += from
		backslashes := 0
		for j := q - 1; j >= 0 && s[j] == '\\'; j-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return q
		}
		from = q + 1
	}
}
