package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lambda-firewall/lambda-firewall/internal/rie"
)

func main() {
	eventsDir := flag.String("events", "rules/testdata/events", "extra events: a directory of JSON files (skipped when missing)")
	maxFiles := flag.Int("max-files", 12, "at most this many files from -events")
	policy := flag.String("policy", "", "LAMBDA_FIREWALL_POLICY for the extension (empty: the embedded default rules)")
	verbose := flag.Bool("v", false, "stream the emulator, extension and function logs to stderr")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, options{eventsDir: *eventsDir, maxFiles: *maxFiles, policy: *policy, verbose: *verbose}); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

type options struct {
	eventsDir string
	maxFiles  int
	policy    string
	verbose   bool
}

func run(ctx context.Context, o options) error {
	if err := rie.Supported(); err != nil {
		if errors.Is(err, rie.ErrUnsupported) {
			return fmt.Errorf("%w\n\nThe demo runs AWS's Lambda Runtime Interface Emulator, which insists on /opt and\n"+
				"/var/task; it gets private ones in a mount namespace, which needs root. Run:\n"+
				"    sudo env PATH=\"$PATH\" go run ./cmd/demo", err)
		}
		return err
	}
	dir, err := os.MkdirTemp("", "lambda-firewall-demo-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(dir)

	fmt.Println("building the extension, the test function and the emulator …")
	b, err := buildAll(ctx, dir)
	if err != nil {
		return err
	}
	scenarios, err := loadScenarios(ctx, b.root, o.eventsDir, o.maxFiles)
	if err != nil {
		return err
	}
	cfg := rie.Config{
		RIE:       b.rie,
		Function:  b.function,
		Extension: b.extension,
		Wrapper:   b.wrapper,
		Env:       map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "checkout-api"},
		Timeout:   10 * time.Second,
	}
	if o.policy != "" {
		cfg.Env["LAMBDA_FIREWALL_POLICY"] = o.policy
	}
	if o.verbose {
		cfg.Log = os.Stderr
	}
	e, err := rie.Start(ctx, cfg)
	if err != nil {
		return fmt.Errorf("start the emulator: %w", err)
	}
	defer e.Close()

	fmt.Printf("running %d events through the extension under aws-lambda-rie …\n\n", len(scenarios))
	rows := make([]row, 0, len(scenarios))
	for i, s := range scenarios {
		r, err := play(ctx, e, fmt.Sprintf("demo-%02d", i+1), s)
		if err != nil {
			return fmt.Errorf("event %q: %w", s.name, err)
		}
		rows = append(rows, r)
	}
	printTable(os.Stdout, rows)
	return nil
}
