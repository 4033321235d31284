package rie

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestLogBufferWaitFor(t *testing.T) {
	var tee strings.Builder
	b := newLogBuffer(&tee)
	go func() {
		b.Write([]byte("START RequestId: 1\nHANDLER_"))
		b.Write([]byte("INVOKED 1 m\nEND\n"))
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	line, err := b.waitFor(ctx, func(l string) bool { return strings.HasPrefix(l, "HANDLER_") })
	if err != nil || line != "HANDLER_INVOKED 1 m" {
		t.Fatalf("waitFor = %q, %v", line, err)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel2()
	if _, err := b.waitFor(short, func(string) bool { return false }); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waitFor without a match: %v, want a deadline error", err)
	}
	if tee.String() != b.String() {
		t.Fatalf("tee got %q, buffer has %q", tee.String(), b.String())
	}
}
