package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// OPAServer is a stock `opa run --server` process on a loopback port.
type OPAServer struct {
	Addr string
	cmd  *exec.Cmd
	dir  string
	out  *tailBuffer
	exit chan error
}

// BuildOPA builds the OPA binary of the module's go.mod into dir.
func BuildOPA(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "opa")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "github.com/open-policy-agent/opa")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("failed to build opa: %w: %s", err, out)
	}
	return bin, nil
}

// StartOPA runs bin as a server with the bundle directory bundle and waits
// until it reports healthy with its bundle activated.
func StartOPA(ctx context.Context, bin, bundle string) (*OPAServer, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	s := &OPAServer{Addr: addr, out: &tailBuffer{max: 8 << 10}, exit: make(chan error, 1)}
	s.cmd = exec.Command(bin, "run", "--server", "--addr", addr, "--log-level", "error",
		"--skip-version-check", "--bundle", bundle)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("failed to start opa: %w", err)
	}
	go func() { s.exit <- s.cmd.Wait() }()
	if err := s.waitHealthy(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// waitHealthy polls /health?bundles until it answers 200, the process exits
// or 20 s pass.
func (s *OPAServer) waitHealthy(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	c := &http.Client{Timeout: time.Second}
	for {
		resp, err := c.Get("http://" + s.Addr + "/health?bundles")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case err := <-s.exit:
			s.exit <- err
			return fmt.Errorf("opa exited before becoming healthy: %v: %s", err, s.out.String())
		case <-ctx.Done():
			return fmt.Errorf("opa not healthy on %s: %w: %s", s.Addr, ctx.Err(), s.out.String())
		case <-tick.C:
		}
	}
}

// Close stops the server.
func (s *OPAServer) Close() error {
	if s.cmd.Process == nil {
		return nil
	}
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exit:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exit
	}
	return nil
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("failed to find a free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
