package rie

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Environment variables the harness sets.
const (
	envPort           = "LAMBDA_FIREWALL_PORT"
	envExecWrapper    = "AWS_LAMBDA_EXEC_WRAPPER"
	envTimeout        = "AWS_LAMBDA_FUNCTION_TIMEOUT"
	envMaxConcurrency = "AWS_LAMBDA_MAX_CONCURRENCY"
	defaultPath       = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
)

// Emulator is a running aws-lambda-rie with its function and extension.
type Emulator struct {
	cfg     Config
	layout  *layout
	cmd     *exec.Cmd
	logs    *logBuffer
	addr    string // emulator invoke endpoint host:port
	extPort int    // LAMBDA_FIREWALL_PORT given to the extension
	serial  sync.Mutex
	exited  chan struct{} // closed when the emulator process has exited
	waitErr error         // set before exited is closed
	closeMu sync.Mutex
	closed  bool
}

// Start lays out /opt and /var/task, starts the emulator in its namespaces
// and waits until its invoke endpoint accepts connections. The function and
// the extension are started by the emulator on the first Invoke (classic
// mode) or at once (concurrency mode).
func Start(ctx context.Context, cfg Config) (*Emulator, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if os.Geteuid() != 0 {
		return nil, fmt.Errorf("%w (running as uid %d)", ErrUnsupported, os.Geteuid())
	}
	l, err := newLayout(&cfg)
	if err != nil {
		return nil, err
	}
	e := &Emulator{cfg: cfg, layout: l, logs: newLogBuffer(cfg.Log), exited: make(chan struct{})}
	if err := e.start(ctx); err != nil {
		os.RemoveAll(l.root)
		return nil, err
	}
	return e, nil
}

func (e *Emulator) start(ctx context.Context) error {
	rieAPI, err := FreePort()
	if err != nil {
		return err
	}
	runtimeAPI, err := FreePort()
	if err != nil {
		return err
	}
	env, err := e.environment()
	if err != nil {
		return err
	}
	e.addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(rieAPI))
	e.cmd = namespaced(e.layout.opt, e.layout.task, e.cfg.RIE,
		"--runtime-interface-emulator-address", e.addr,
		"--runtime-api-address", net.JoinHostPort("127.0.0.1", strconv.Itoa(runtimeAPI)))
	e.cmd.Env = env
	e.cmd.Stdout = e.logs
	e.cmd.Stderr = e.logs
	if err := e.cmd.Start(); err != nil {
		if errors.Is(err, syscall.EPERM) {
			return fmt.Errorf("%w: %w", ErrUnsupported, err)
		}
		return fmt.Errorf("start emulator: %w", err)
	}
	go func() {
		e.waitErr = e.cmd.Wait()
		close(e.exited)
	}()
	if err := e.waitListening(ctx); err != nil {
		e.kill()
		return err
	}
	return nil
}

// environment builds the emulator's environment: a clean PATH, the function
// settings, the caller's Env and a free LAMBDA_FIREWALL_PORT.
func (e *Emulator) environment() ([]string, error) {
	vars := map[string]string{
		"PATH":     defaultPath,
		envTimeout: strconv.Itoa(int(e.cfg.Timeout / time.Second)),
	}
	if e.cfg.Concurrency > 0 {
		vars[envMaxConcurrency] = strconv.Itoa(e.cfg.Concurrency)
	}
	if e.cfg.Extension != "" && e.cfg.Bootstrap == BootstrapManaged {
		vars[envExecWrapper] = wrapperPath
	}
	for k, v := range e.cfg.Env {
		vars[k] = v
	}
	if p, ok := vars[envPort]; ok {
		port, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("invalid config: %s=%q: %w", envPort, p, err)
		}
		e.extPort = port
	} else if e.cfg.Extension != "" {
		port, err := FreePort()
		if err != nil {
			return nil, err
		}
		e.extPort = port
		vars[envPort] = strconv.Itoa(port)
	}
	env := make([]string, 0, len(vars))
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	sort.Strings(env)
	return env, nil
}

// waitListening polls the invoke endpoint with TCP connects (an HTTP request
// would be an invoke) until it accepts, the emulator exits or time runs out.
func (e *Emulator) waitListening(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, e.cfg.ReadyTimeout)
	defer cancel()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	var d net.Dialer
	for {
		conn, err := d.DialContext(ctx, "tcp", e.addr)
		if err == nil {
			conn.Close()
			return nil
		}
		select {
		case <-e.exited:
			return fmt.Errorf("emulator exited before listening (%v); logs:\n%s", e.waitErr, e.logs.String())
		case <-ctx.Done():
			return fmt.Errorf("emulator not listening on %s: %w; logs:\n%s", e.addr, ctx.Err(), e.logs.String())
		case <-tick.C:
		}
	}
}

// Addr is the emulator's invoke endpoint, host:port.
func (e *Emulator) Addr() string { return e.addr }

// ExtensionPort is the LAMBDA_FIREWALL_PORT given to the extension (0 when
// running directly).
func (e *Emulator) ExtensionPort() int { return e.extPort }

// Logs returns the combined output so far of the emulator, the extension and
// the function.
func (e *Emulator) Logs() string { return e.logs.String() }

// WaitLog waits until a log line satisfies match and returns it.
func (e *Emulator) WaitLog(ctx context.Context, match func(line string) bool) (string, error) {
	return e.logs.waitFor(ctx, match)
}
