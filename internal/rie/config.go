package rie

import (
	"errors"
	"fmt"
	"io"
	"time"
)

// Bootstrap selects how the function process is launched.
type Bootstrap int

const (
	// BootstrapManaged emulates a managed runtime: /opt/bootstrap execs
	// $AWS_LAMBDA_EXEC_WRAPPER (set to /opt/wrapper-script.sh when an
	// extension is installed) with the function binary.
	BootstrapManaged Bootstrap = iota
	// BootstrapOSOnly emulates an OS-only runtime: /var/task/bootstrap execs
	// /opt/wrapper-script.sh with the function binary.
	BootstrapOSOnly
)

// Defaults applied by Start.
const (
	defaultTimeout      = 10 * time.Second
	defaultReadyTimeout = 15 * time.Second
	defaultCloseTimeout = 15 * time.Second
)

// Config describes one emulated function.
type Config struct {
	// RIE is the path of the aws-lambda-rie binary. Required.
	RIE string
	// Function is the path of the function binary. Required.
	Function string
	// Extension is the path of the lambda-firewall binary, installed as
	// /opt/extensions/lambda-firewall. Empty runs the function directly,
	// without extension and without wrapper (the baseline).
	Extension string
	// Wrapper is the path of wrapper-script.sh, installed as
	// /opt/wrapper-script.sh. Required when Extension is set.
	Wrapper string
	// Env holds extra environment variables (LAMBDA_FIREWALL_*, ...) for the
	// emulator, which passes them on to the extension and the function.
	// LAMBDA_FIREWALL_PORT defaults to a free port.
	Env map[string]string
	// Concurrency > 0 sets AWS_LAMBDA_MAX_CONCURRENCY, which switches the
	// emulator to its multi-concurrency mode. 0 uses the classic mode, where
	// Invoke calls are serialised because overlapping invokes crash it.
	Concurrency int
	// Timeout is the function timeout (AWS_LAMBDA_FUNCTION_TIMEOUT, whole
	// seconds). Zero means 10s.
	Timeout time.Duration
	// Bootstrap selects the launcher; see BootstrapManaged.
	Bootstrap Bootstrap
	// Log, when set, receives a copy of the combined logs as they come.
	Log io.Writer
	// ReadyTimeout bounds the wait for the emulator to listen. Zero means 15s.
	ReadyTimeout time.Duration
	// CloseTimeout bounds the wait for a graceful exit in Close before the
	// namespace is killed. Zero means 15s.
	CloseTimeout time.Duration
}

func (c *Config) validate() error {
	var errs []error
	if c.RIE == "" {
		errs = append(errs, errors.New("RIE path is required"))
	}
	if c.Function == "" {
		errs = append(errs, errors.New("function path is required"))
	}
	if c.Extension != "" && c.Wrapper == "" {
		errs = append(errs, errors.New("wrapper path is required with an extension"))
	}
	if c.Extension == "" && c.Bootstrap == BootstrapOSOnly {
		errs = append(errs, errors.New("the OS-only bootstrap needs the extension's wrapper"))
	}
	if c.Timeout < 0 || c.Timeout%time.Second != 0 {
		errs = append(errs, fmt.Errorf("timeout %s is not a whole number of seconds", c.Timeout))
	}
	if c.Concurrency < 0 {
		errs = append(errs, fmt.Errorf("concurrency %d is negative", c.Concurrency))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("invalid config: %w", err)
	}
	if c.Timeout == 0 {
		c.Timeout = defaultTimeout
	}
	if c.ReadyTimeout == 0 {
		c.ReadyTimeout = defaultReadyTimeout
	}
	if c.CloseTimeout == 0 {
		c.CloseTimeout = defaultCloseTimeout
	}
	return nil
}
