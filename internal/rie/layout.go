package rie

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Paths inside the namespaces.
const (
	optDir        = "/opt"
	taskDir       = "/var/task"
	extensionPath = "/opt/extensions/lambda-firewall"
	wrapperPath   = "/opt/wrapper-script.sh"
	functionPath  = "/var/task/function"
)

// managedBootstrap plays a managed runtime: Lambda runs such runtimes through
// AWS_LAMBDA_EXEC_WRAPPER, the emulator does not, so this launcher does.
const managedBootstrap = `#!/bin/sh
# Emulated managed runtime: honour AWS_LAMBDA_EXEC_WRAPPER as Lambda does.
if [ -n "$AWS_LAMBDA_EXEC_WRAPPER" ]; then
	exec "$AWS_LAMBDA_EXEC_WRAPPER" ` + functionPath + `
fi
exec ` + functionPath + `
`

// osOnlyBootstrap is the function's own bootstrap on an OS-only runtime.
const osOnlyBootstrap = `#!/bin/sh
exec ` + wrapperPath + ` ` + functionPath + `
`

// layout is the host side of the emulated /opt and /var/task.
type layout struct {
	root string // temporary directory holding both
	opt  string
	task string
}

// newLayout copies the binaries into a fresh temporary directory.
func newLayout(cfg *Config) (*layout, error) {
	root, err := os.MkdirTemp("", "lambda-firewall-rie-")
	if err != nil {
		return nil, fmt.Errorf("create layout dir: %w", err)
	}
	l := &layout{root: root, opt: filepath.Join(root, "opt"), task: filepath.Join(root, "task")}
	if err := l.populate(cfg); err != nil {
		os.RemoveAll(root)
		return nil, err
	}
	return l, nil
}

func (l *layout) populate(cfg *Config) error {
	files := []struct {
		src, dst string
	}{{cfg.Function, l.host(functionPath)}}
	if cfg.Extension != "" {
		files = append(files,
			struct{ src, dst string }{cfg.Extension, l.host(extensionPath)},
			struct{ src, dst string }{cfg.Wrapper, l.host(wrapperPath)})
	}
	for _, f := range files {
		if err := copyExecutable(f.src, f.dst); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(l.opt, 0o755); err != nil {
		return fmt.Errorf("create %s: %w", l.opt, err)
	}
	if cfg.Bootstrap == BootstrapOSOnly {
		return writeExecutable(l.host(taskDir+"/bootstrap"), osOnlyBootstrap)
	}
	return writeExecutable(l.host(optDir+"/bootstrap"), managedBootstrap)
}

// host maps a path under /opt or /var/task to its place in the layout.
func (l *layout) host(p string) string {
	if rel, ok := strings.CutPrefix(p, taskDir+"/"); ok {
		return filepath.Join(l.task, rel)
	}
	return filepath.Join(l.opt, strings.TrimPrefix(p, optDir+"/"))
}

// copyExecutable puts an executable copy of src at dst: a hard link when src
// is already executable and on the same file system (the binaries are tens of
// MB and every test starts an emulator), else a copy with mode 0755.
func copyExecutable(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(dst), err)
	}
	if st, err := os.Stat(src); err == nil && st.Mode().Perm()&0o111 == 0o111 && os.Link(src, dst) == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("open %s: %w", src, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s to %s: %w", src, dst, err)
	}
	if err := out.Close(); err != nil {
		return fmt.Errorf("close %s: %w", dst, err)
	}
	return nil
}

func writeExecutable(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create %s: %w", filepath.Dir(path), err)
	}
	if err := os.WriteFile(path, []byte(content), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
