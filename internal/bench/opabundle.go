package bench

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

//go:embed testdata/opashim/shim.rego
var shimFS embed.FS

//go:embed all:testdata/regopack
var regoPackFiles embed.FS

// RegoPack is the default pack as it was before its target enumeration and
// matching moved into Go builtins (Rego tests removed): pure Rego but for five lambda_firewall.* builtins that
// testdata/opashim stands in for, so stock OPA can run it. The OPA-server
// setup runs it, and so does the in-process regopack setup, which makes the
// two directly comparable.
var RegoPack fs.FS = mustSub(regoPackFiles, "testdata/regopack")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // cannot happen: dir is embedded
	}
	return sub
}

// customCall matches a call of one of lambda-firewall's custom builtins.
var customCall = regexp.MustCompile(`lambda_firewall\.(sqli|xss|normalize|luhn|iban)\(`)

// WriteStockOPABundle copies the bundle in src to dir for stock OPA: every
// Rego file that calls a lambda_firewall.* builtin gets `import
// data.lambda_firewall`, so that the call resolves to the Rego stand-ins of
// testdata/opashim/shim.rego, which is added to the bundle.
func WriteStockOPABundle(src fs.FS, dir string) error {
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".rego") && customCall.Match(b) {
			b = addImport(b)
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		return fmt.Errorf("failed to copy the bundle for stock OPA: %w", err)
	}
	shim, err := shimFS.ReadFile("testdata/opashim/shim.rego")
	if err != nil {
		return fmt.Errorf("failed to read the builtin shim: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "lambda_firewall", "zz_bench_shim.rego"), shim, 0o644); err != nil {
		return fmt.Errorf("failed to write the builtin shim: %w", err)
	}
	return nil
}

// addImport inserts the import after the package clause.
func addImport(src []byte) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "package ") {
			out := append([]string{}, lines[:i+1]...)
			out = append(out, "\nimport data.lambda_firewall\n")
			return []byte(strings.Join(append(out, lines[i+1:]...), ""))
		}
	}
	return src
}

// StartStockOPA writes RegoPack for stock OPA under dir, builds OPA
// there unless bin is given, and starts it as a server.
func StartStockOPA(ctx context.Context, dir, bin string) (*OPAServer, error) {
	bundle := filepath.Join(dir, "bundle")
	if err := WriteStockOPABundle(RegoPack, bundle); err != nil {
		return nil, err
	}
	if bin == "" {
		var err error
		if bin, err = BuildOPA(ctx, dir); err != nil {
			return nil, err
		}
	}
	return StartOPA(ctx, bin, bundle)
}
