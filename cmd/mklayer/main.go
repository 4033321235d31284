// Command mklayer writes the lambda-firewall layer zip from a built
// extension binary. `make layer` runs it once per architecture.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/lambda-firewall/lambda-firewall/internal/layer"
)

func main() {
	bin := flag.String("binary", "", "the built extension binary (linux)")
	wrapper := flag.String("wrapper", "wrapper-script.sh", "the exec wrapper script")
	rules := flag.String("rules", "rules/default", "the default rule bundle directory")
	out := flag.String("o", "", "the zip to write")
	flag.Parse()
	if *bin == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: mklayer -binary PATH -o LAYER.zip [-wrapper PATH] [-rules DIR]")
		os.Exit(2)
	}
	if err := build(*bin, *wrapper, *rules, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mklayer:", err)
		os.Exit(1)
	}
}

func build(bin, wrapper, rules, out string) error {
	files, err := layer.Layout(bin, wrapper, os.DirFS(rules))
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return fmt.Errorf("failed to create %s: %w", out, err)
	}
	if err := layer.Write(f, files); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
