package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

// BuildExtension builds the extension binary of the module at root into dir
// as the layer ships it (CGO_ENABLED=0, -trimpath, -ldflags "-s -w").
func BuildExtension(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "lambda-firewall")
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "./cmd/lambda-firewall")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("failed to build the extension: %w: %s", err, out)
	}
	return bin, nil
}

// ExtensionRun is one life of the real extension binary proxying one event.
type ExtensionRun struct {
	Register  time.Duration // exec → /extension/register received
	FirstNext time.Duration // exec → the runtime's first /next answered
	PeakRSSKB int64         // VmHWM after the response went through
}

// ExtensionOptions configure RunExtension.
type ExtensionOptions struct {
	Bin         string
	PolicyNone  bool   // LAMBDA_FIREWALL_POLICY=none: bare pass-through
	Event       []byte // the event handed to the runtime; it must be allowed
	EvalTimeout string // LAMBDA_FIREWALL_EVAL_TIMEOUT; empty keeps the default
}

// RunExtension execs the extension under a fake Lambda, plays the runtime
// for one invoke once it has registered, reads its peak RSS, and stops it
// with SIGTERM. The event must reach the runtime byte-exact.
func RunExtension(ctx context.Context, o ExtensionOptions) (ExtensionRun, error) {
	var run ExtensionRun
	lambda, err := newFakeLambda(o.Event)
	if err != nil {
		return run, err
	}
	defer lambda.close()
	port, err := freePort()
	if err != nil {
		return run, err
	}
	listen := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	logs := &tailBuffer{max: 8 << 10}
	cmd := exec.Command(o.Bin)
	cmd.Env = []string{
		"AWS_LAMBDA_RUNTIME_API=" + lambda.addr(),
		"LAMBDA_FIREWALL_PORT=" + strconv.Itoa(port),
		"LAMBDA_FIREWALL_LOG_LEVEL=warn",
		"AWS_LAMBDA_FUNCTION_NAME=bench",
		"AWS_REGION=eu-west-1",
	}
	if o.PolicyNone {
		cmd.Env = append(cmd.Env, "LAMBDA_FIREWALL_POLICY=none")
	}
	if o.EvalTimeout != "" {
		cmd.Env = append(cmd.Env, "LAMBDA_FIREWALL_EVAL_TIMEOUT="+o.EvalTimeout)
	}
	cmd.Stdout, cmd.Stderr = logs, logs
	exited := make(chan error, 1)
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return run, fmt.Errorf("failed to exec %s: %w", o.Bin, err)
	}
	go func() { exited <- cmd.Wait() }()
	stopped := false
	defer func() {
		if !stopped {
			_ = cmd.Process.Kill()
			<-exited
		}
	}()
	fail := func(err error) (ExtensionRun, error) {
		return run, fmt.Errorf("%w; extension output: %s", err, logs.String())
	}

	select {
	case at := <-lambda.registered:
		run.Register = at.Sub(start)
	case typ := <-lambda.initError:
		return fail(fmt.Errorf("extension reported init error %s", typ))
	case err := <-exited:
		stopped = true
		return fail(fmt.Errorf("extension exited before registering: %v", err))
	case <-ctx.Done():
		return fail(ctx.Err())
	}

	rt := NewRuntime(listen)
	defer rt.Close()
	id, event, err := rt.next(ctx)
	if err != nil {
		return fail(err)
	}
	run.FirstNext = time.Since(start)
	if !bytes.Equal(event, o.Event) {
		return fail(fmt.Errorf("the runtime got %d bytes that differ from the %d-byte event", len(event), len(o.Event)))
	}
	if err := rt.respond(ctx, id, benchResponse); err != nil {
		return fail(err)
	}
	select {
	case body := <-lambda.responded:
		if !bytes.Equal(body, benchResponse) {
			return fail(fmt.Errorf("the Runtime API got %q, want the runtime's response", body))
		}
	case <-time.After(10 * time.Second):
		return fail(fmt.Errorf("the response never reached the Runtime API"))
	}
	if run.PeakRSSKB, err = peakRSS(cmd.Process.Pid); err != nil {
		return fail(err)
	}

	stopped = true
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			return fail(fmt.Errorf("extension exited with %w after SIGTERM", err))
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		<-exited
		return fail(fmt.Errorf("extension still running 10s after SIGTERM"))
	}
	return run, nil
}

// readAllLimit reads at most limit bytes of r's body.
func readAllLimit(r *http.Request, limit int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r.Body, limit))
}
