package proxy

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// readBounded returns the whole body whatever the size hint says, and
// flags a body over the limit with the head it read.
func TestReadBounded(t *testing.T) {
	body := strings.Repeat("0123456789", 100) // 1000 bytes
	tests := []struct {
		name     string
		limit    int64
		hint     int64
		want     int
		tooLarge bool
	}{
		{"exact hint", 4096, 1000, 1000, false},
		{"no hint", 4096, -1, 1000, false},
		{"hint too small", 4096, 10, 1000, false},
		{"hint too large", 4096, 3000, 1000, false},
		{"hint over the limit", 500, 1000, 501, true},
		{"no hint over the limit", 500, -1, 501, true},
		{"exactly the limit", 1000, 1000, 1000, false},
	}
	for _, tt := range tests {
		for name, r := range map[string]func() io.Reader{
			"reader":   func() io.Reader { return strings.NewReader(body) },
			"one byte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(body)) },
			"data+EOF": func() io.Reader { return iotest.DataErrReader(strings.NewReader(body)) },
		} {
			t.Run(tt.name+"/"+name, func(t *testing.T) {
				got, tooLarge, err := readBounded(r(), tt.limit, tt.hint)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != tt.want || tooLarge != tt.tooLarge || !bytes.Equal(got, []byte(body[:len(got)])) {
					t.Fatalf("read %d bytes, tooLarge %v; want %d, %v", len(got), tooLarge, tt.want, tt.tooLarge)
				}
			})
		}
	}
	errBoom := errors.New("boom")
	if _, _, err := readBounded(iotest.ErrReader(errBoom), 100, 10); !errors.Is(err, errBoom) {
		t.Errorf("error = %v, want %v", err, errBoom)
	}
}
