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
//
// With the body's length known (sizeHint, from Content-Length), the body is
// read into one buffer of exactly that size: a 6 MiB event is allocated and
// copied once.
func readBounded(r io.Reader, limit int64, sizeHint int64) (head []byte, tooLarge bool, err error) {
	size := int64(bytes.MinRead)
	if sizeHint > 0 && sizeHint <= limit {
		size = sizeHint
	}
	buf := make([]byte, 0, size)
	lr := &io.LimitedReader{R: r, N: limit + 1}
	for {
		var n int
		if len(buf) < cap(buf) {
			n, err = lr.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
		} else {
			// Full: see whether the body ends here before growing the
			// buffer (an HTTP body mostly says so with its last bytes).
			var probe [1]byte
			if n, err = lr.Read(probe[:]); n > 0 {
				buf = append(buf, probe[0])
			}
		}
		switch {
		case err == io.EOF:
			return buf, int64(len(buf)) > limit, nil
		case err != nil:
			return nil, false, fmt.Errorf("failed to read body: %w", err)
		}
	}
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
