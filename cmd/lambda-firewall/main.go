// Command lambda-firewall is the Lambda extension (run with no arguments,
// as Lambda does from /opt/extensions) and the policy tooling (run with a
// subcommand).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	os.Exit(run(context.Background(), os.Args, os.Getenv, os.Stdout, os.Stderr))
}

// run dispatches on the subcommand and returns the exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) < 2 {
		// Lambda starts extensions without arguments; the extension name is
		// the file name it was started as.
		return runExtension(ctx, filepath.Base(args[0]), getenv, stdout)
	}
	switch args[1] {
	case "version", "--version":
		fmt.Fprintln(stdout, "lambda-firewall", version)
		return 0
	case "help", "-h", "--help":
		usage(stdout)
		return 0
	}
	if cmd, ok := subcommands[args[1]]; ok {
		return cmd(ctx, args[2:], getenv, stdout, stderr)
	}
	fmt.Fprintf(stderr, "lambda-firewall: unknown command %q\n\n", args[1])
	usage(stderr)
	return 2
}

// subcommands are the tooling commands, registered by their files.
var subcommands = map[string]func(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int{}

func usage(w io.Writer) {
	fmt.Fprint(w, `usage:
  lambda-firewall                 run as a Lambda extension (as Lambda starts it)
  lambda-firewall eval ...        evaluate an event file against the policy
  lambda-firewall test [PATH...]  run the bundles' Rego tests with our builtins
  lambda-firewall capabilities    print the OPA capabilities JSON with our builtins
  lambda-firewall report          measure detection on the shipped corpora
  lambda-firewall version         print the version
`)
}
