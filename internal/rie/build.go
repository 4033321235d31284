package rie

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// RIEPackage is the pinned emulator used by the tests and the demo. The
// emulator repository has no tags; this pseudo-version is the one verified.
const RIEPackage = "github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d"

// EnvRIE names an aws-lambda-rie binary to use instead of looking one up.
const EnvRIE = "LAMBDA_FIREWALL_RIE"

// ModuleRoot returns the directory of the main module's go.mod, as reported
// by `go env GOMOD` run from the current directory.
func ModuleRoot(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", errors.New("not inside a Go module")
	}
	return filepath.Dir(gomod), nil
}

// Build compiles the package pkg (e.g. "./cmd/lambda-firewall") of the module
// in moduleDir into out, statically linked as for a Lambda layer.
func Build(ctx context.Context, moduleDir, pkg, out string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", out, pkg)
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, b)
	}
	return nil
}

// FindRIE returns an aws-lambda-rie binary: $LAMBDA_FIREWALL_RIE, else one on
// PATH, else $(go env GOPATH)/bin/aws-lambda-rie. It returns an error wrapping
// os.ErrNotExist when there is none; see InstallRIE.
func FindRIE(ctx context.Context) (string, error) {
	if p := os.Getenv(EnvRIE); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s: %w", EnvRIE, err)
		}
		return p, nil
	}
	if p, err := exec.LookPath("aws-lambda-rie"); err == nil {
		return p, nil
	}
	out, err := exec.CommandContext(ctx, "go", "env", "GOPATH").Output()
	if err == nil {
		for _, dir := range filepath.SplitList(strings.TrimSpace(string(out))) {
			p := filepath.Join(dir, "bin", "aws-lambda-rie")
			if _, err := os.Stat(p); err == nil {
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("aws-lambda-rie: %w (go install %s)", os.ErrNotExist, RIEPackage)
}

// InstallRIE builds the pinned emulator into dir with `go install` and
// returns its path. It needs the module proxy (or a warm module cache).
func InstallRIE(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "install", RIEPackage)
	cmd.Env = append(os.Environ(), "GOBIN="+dir, "CGO_ENABLED=0", "GOFLAGS=-buildvcs=false")
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install %s: %w\n%s", RIEPackage, err, b)
	}
	return filepath.Join(dir, "aws-lambda-rie"), nil
}
