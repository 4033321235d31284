package rie

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
)

// logBuffer collects the combined output of the emulator, the extension and
// the function, and wakes up waiters when new output arrives.
type logBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	tee     io.Writer
	changed chan struct{} // closed and replaced on every write
}

func newLogBuffer(tee io.Writer) *logBuffer {
	return &logBuffer{tee: tee, changed: make(chan struct{})}
}

// Write appends p; it never fails so that the emulator is never blocked.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	if b.tee != nil {
		_, _ = b.tee.Write(p)
	}
	close(b.changed)
	b.changed = make(chan struct{})
	return len(p), nil
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// snapshot returns the logs and a channel closed at the next write.
func (b *logBuffer) snapshot() (string, <-chan struct{}) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String(), b.changed
}

// waitFor blocks until match reports true for some complete line (a line
// still being written is not offered) or ctx ends, and returns the first
// matching line without its newline.
func (b *logBuffer) waitFor(ctx context.Context, match func(line string) bool) (string, error) {
	for {
		logs, changed := b.snapshot()
		for line := range strings.Lines(logs) {
			line, complete := strings.CutSuffix(line, "\n")
			if complete && match(line) {
				return line, nil
			}
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return "", fmt.Errorf("wait for log line: %w", ctx.Err())
		}
	}
}
