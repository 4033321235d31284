package main

import (
	"io"
	"log/slog"
)

// newLogger is the JSON logger every line of the extension goes through:
// one JSON object a line on stdout, which Lambda ships to CloudWatch.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level})).With("component", "lambda-firewall")
}
