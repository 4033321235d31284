package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/internal/rie"
)

// bins are the binaries built once for the whole run.
var bins struct {
	rie, function, extension, wrapper string
	skip                              string // why no test can run
	noExtension                       string // why tests needing the extension cannot run
}

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e setup:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	if err := rie.Supported(); err != nil {
		bins.skip = "e2e needs root to run aws-lambda-rie in private namespaces: " + err.Error()
		return m.Run(), nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	dir, err := os.MkdirTemp("", "lambda-firewall-e2e-")
	if err != nil {
		return 0, fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(dir)
	root, err := rie.ModuleRoot(ctx)
	if err != nil {
		return 0, err
	}
	if bins.rie, err = findOrInstallRIE(ctx, dir); err != nil {
		return 0, err
	}
	bins.function = filepath.Join(dir, "function")
	if err := rie.Build(ctx, root, "./e2e/testfunction", bins.function); err != nil {
		return 0, err
	}
	bins.extension = filepath.Join(dir, "lambda-firewall")
	if err := rie.Build(ctx, root, "./cmd/lambda-firewall", bins.extension); err != nil {
		bins.noExtension = "the extension does not build: " + err.Error()
	}
	bins.wrapper = filepath.Join(root, "wrapper-script.sh")
	if _, err := os.Stat(bins.wrapper); err != nil && bins.noExtension == "" {
		bins.noExtension = "no wrapper script: " + err.Error()
	}
	return m.Run(), nil
}

func findOrInstallRIE(ctx context.Context, dir string) (string, error) {
	p, err := rie.FindRIE(ctx)
	if err == nil {
		return p, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	return rie.InstallRIE(ctx, dir)
}
