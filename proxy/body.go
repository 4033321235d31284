package proxy

import (
	"bytes"
	"fmt"
	"io"
)

// readBounded reads r up to limit bytes. When r holds more, it returns what
// it read so far with tooLarge set; the caller must then forward
// io.MultiReader(bytes.NewReader(head), r) so nothing is lost, and memory
// stays bounded by limit.
func readBounded(r io.Reader, limit int64, sizeHint int64) (head []byte, tooLarge bool, err error) {
	var buf bytes.Buffer
	if sizeHint > 0 && sizeHint <= limit {
		buf.Grow(int(sizeHint))
	}
	n, err := io.Copy(&buf, io.LimitReader(r, limit+1))
	if err != nil {
		return nil, false, fmt.Errorf("failed to read body: %w", err)
	}
	return buf.Bytes(), n > limit, nil
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
