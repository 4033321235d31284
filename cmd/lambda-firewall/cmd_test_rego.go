package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

func init() {
	subcommands["test"] = cmdTest
	subcommands["capabilities"] = cmdCapabilities
}

// cmdTest runs the bundles' Rego tests (*_test.rego) with our custom
// builtins registered, like `opa test`; exit 1 when any fails.
func cmdTest(ctx context.Context, args []string, _ func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "print every test")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	passed, failed, err := policy.RunTests(ctx, fs.Args(), rules.Default, stdout, *verbose)
	if err != nil {
		fmt.Fprintln(stderr, "lambda-firewall test:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 || passed == 0 {
		return 1
	}
	return 0
}

// cmdCapabilities prints the OPA capabilities JSON that declares our
// builtins, for `opa check --capabilities` and editor tooling.
func cmdCapabilities(_ context.Context, _ []string, _ func(string) string, stdout, stderr io.Writer) int {
	if err := policy.WriteCapabilities(stdout); err != nil {
		fmt.Fprintln(stderr, "lambda-firewall capabilities:", err)
		return 1
	}
	return 0
}
