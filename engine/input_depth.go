package engine

import (
	"errors"
	"fmt"
)

// errTooDeep reports JSON nested deeper than InputOptions.MaxDepth.
var errTooDeep = errors.New("JSON nesting exceeds the maximum depth")

// checkDepth reports an error when data opens more than maxDepth nested
// arrays or objects. It is a single iterative pass that skips string
// contents (honouring backslash escapes), so it runs in constant memory on
// any input, valid JSON or not, before any recursive parser sees the data.
func checkDepth[T string | []byte](data T, maxDepth int) error {
	depth := 0
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
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
