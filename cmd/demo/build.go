package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/lambda-firewall/lambda-firewall/internal/rie"
)

// binaries are what the demo runs.
type binaries struct {
	root                              string // module root
	rie, function, extension, wrapper string
}

// buildAll builds the extension and the test function into dir and finds the
// emulator, installing the pinned version into the user cache when missing.
func buildAll(ctx context.Context, dir string) (binaries, error) {
	var b binaries
	var err error
	if b.root, err = rie.ModuleRoot(ctx); err != nil {
		return b, fmt.Errorf("run the demo from the lambda-firewall checkout: %w", err)
	}
	b.extension = filepath.Join(dir, "lambda-firewall")
	if err := rie.Build(ctx, b.root, "./cmd/lambda-firewall", b.extension); err != nil {
		return b, err
	}
	b.function = filepath.Join(dir, "function")
	if err := rie.Build(ctx, b.root, "./e2e/testfunction", b.function); err != nil {
		return b, err
	}
	b.wrapper = filepath.Join(b.root, "wrapper-script.sh")
	if _, err := os.Stat(b.wrapper); err != nil {
		return b, fmt.Errorf("wrapper script: %w", err)
	}
	if b.rie, err = findRIE(ctx); err != nil {
		return b, err
	}
	return b, nil
}

func findRIE(ctx context.Context) (string, error) {
	p, err := rie.FindRIE(ctx)
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		return p, err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "lambda-firewall", "bin")
	if p := filepath.Join(dir, "aws-lambda-rie"); fileExists(p) {
		return p, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	fmt.Println("installing", rie.RIEPackage, "into", dir, "…")
	return rie.InstallRIE(ctx, dir)
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
