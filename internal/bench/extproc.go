package bench

import (
	"context"
	"fmt"
	"net"
	"os/exec"
	"strconv"
	"syscall"
	"time"
)

// ExtensionSpec runs a setup's proxy as Lambda runs it: the extension
// binary in its own process, with its own collector and decision log
// output, in front of the fake Runtime API (which also plays the
// Extensions API for it).
type ExtensionSpec struct {
	Bin string
	// Env is added to the extension's environment (its policy settings).
	Env []string
}

// extProcess is a running extension.
type extProcess struct {
	cmd    *exec.Cmd
	exited chan error
	logs   *tailBuffer
	addr   string // where the runtime calls it
}

// extensionStartTimeout bounds the wait for the extension to be ready.
const extensionStartTimeout = 30 * time.Second

// startExtensionProcess execs spec's extension against api and waits until
// it is ready (its first /extension/event/next); concurrent sets
// AWS_LAMBDA_MAX_CONCURRENCY, as for the proxy's Concurrent setting.
func startExtensionProcess(spec *ExtensionSpec, api *FakeRuntimeAPI, concurrent bool) (*extProcess, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	p := &extProcess{logs: &tailBuffer{max: 8 << 10}, exited: make(chan error, 1),
		addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port))}
	p.cmd = exec.Command(spec.Bin)
	p.cmd.Env = append([]string{
		"AWS_LAMBDA_RUNTIME_API=" + api.Addr(),
		"LAMBDA_FIREWALL_PORT=" + strconv.Itoa(port),
		"LAMBDA_FIREWALL_LOG_LEVEL=warn",
		"AWS_LAMBDA_FUNCTION_NAME=bench",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=1024",
		"AWS_REGION=eu-west-1",
	}, spec.Env...)
	if concurrent {
		p.cmd.Env = append(p.cmd.Env, "AWS_LAMBDA_MAX_CONCURRENCY=4")
	}
	// The decision lines go to a pipe the bench reads, as Lambda's log
	// capture reads them.
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("failed to exec %s: %w", spec.Bin, err)
	}
	go func() { p.exited <- p.cmd.Wait() }()
	fail := func(err error) (*extProcess, error) {
		_ = p.cmd.Process.Kill()
		<-p.exited
		return nil, fmt.Errorf("%w; extension output: %s", err, p.logs.String())
	}
	select {
	case <-api.ready:
		return p, nil
	case typ := <-api.initError:
		return fail(fmt.Errorf("the extension reported init error %s", typ))
	case err := <-p.exited:
		p.exited <- err
		return fail(fmt.Errorf("the extension exited before it was ready: %v", err))
	case <-time.After(extensionStartTimeout):
		return fail(fmt.Errorf("the extension was not ready within %s", extensionStartTimeout))
	}
}

// stop ends the extension with SIGTERM (as Lambda's shutdown does) and
// fails if it does not exit cleanly.
func (p *extProcess) stop(ctx context.Context) error {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		if err != nil {
			return fmt.Errorf("the extension exited with %w after SIGTERM; output: %s", err, p.logs.String())
		}
		return nil
	case <-time.After(10 * time.Second):
	case <-ctx.Done():
	}
	_ = p.cmd.Process.Kill()
	<-p.exited
	return fmt.Errorf("the extension did not stop within 10s of SIGTERM")
}
