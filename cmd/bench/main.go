// Command bench measures what lambda-firewall costs a function and prints
// the results as markdown: invoke round trips through each setup
// (interleaved), the decision alone, the extension's cold start and peak
// RSS, and the size of the binary and the layer zip. Run it from the
// module root:
//
//	go run ./cmd/bench            # the full run
//	go run ./cmd/bench -quick     # a smoke run for CI
//
// It exits non-zero when any setup fails an invoke (wrong status, event not
// delivered byte-exact on allow or not masked when it should be).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run parses the flags, measures and prints; it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	report, err := measure(ctx, opts, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "bench: FAILED:", err)
		return 1
	}
	report.WriteMarkdown(stdout)
	return 0
}
