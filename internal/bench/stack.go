package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/lambda-firewall/lambda-firewall/proxy"
)

// stack is one running setup: a fake Runtime API, the proxy in front of it
// (in this process, or the extension binary in its own; none for the
// direct setup) and a runtime calling whichever is in front.
type stack struct {
	setup Setup
	api   *FakeRuntimeAPI
	srv   *http.Server // the proxy in this process; nil for direct and extensions
	proc  *extProcess  // the extension process; nil but for extension setups
	rt    *Runtime
}

// startStack starts s; concurrent is the proxy's Concurrent setting.
func startStack(s Setup, concurrent bool) (*stack, error) {
	api, err := NewFakeRuntimeAPI()
	if err != nil {
		return nil, err
	}
	st := &stack{setup: s, api: api}
	front := api.Addr()
	if s.Extension != nil {
		if st.proc, err = startExtensionProcess(s.Extension, api, concurrent); err != nil {
			_ = api.Close()
			return nil, fmt.Errorf("setup %s: %w", s.Name, err)
		}
		front = st.proc.addr
	} else if s.Inspector != nil {
		p, err := proxy.New(proxy.Config{
			Upstream:   api.Addr(),
			Inspector:  s.Inspector,
			Logger:     slog.New(slog.NewJSONHandler(io.Discard, nil)),
			Concurrent: concurrent,
		})
		if err != nil {
			_ = api.Close()
			return nil, fmt.Errorf("failed to build the proxy of %s: %w", s.Name, err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			_ = api.Close()
			return nil, fmt.Errorf("failed to listen for the proxy of %s: %w", s.Name, err)
		}
		st.srv = &http.Server{Handler: p}
		go func() { _ = st.srv.Serve(ln) }()
		front = ln.Addr().String()
	}
	st.rt = NewRuntime(front)
	return st, nil
}

// close stops the stack; an extension that does not stop cleanly is an
// error.
func (st *stack) close() error {
	st.rt.Close()
	if st.srv != nil {
		_ = st.srv.Close()
	}
	var err error
	if st.proc != nil {
		err = st.proc.stop(context.Background())
	}
	_ = st.api.Close()
	return err
}

// runBlock runs b with conc concurrent invoke loops and returns the round
// trips and the block's wall time.
func (st *stack) runBlock(ctx context.Context, b *Block, conc int, check CheckEvent) ([]time.Duration, time.Duration, error) {
	if err := st.api.Start(b); err != nil {
		return nil, 0, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	start := time.Now()
	ran := make(chan error, 1)
	go func() { ran <- st.rt.Run(ctx, b.N, conc, check, b.Response) }()
	var runErr error
	select {
	case runErr = <-ran:
	case <-st.api.Done():
		// Every invoke was answered (possibly by the proxy on the runtime's
		// behalf). If some failed, the runtime may be left polling /next.
		if st.api.failed() {
			cancel()
		}
		runErr = <-ran
	}
	wall := time.Since(start)
	rtts, apiErr := st.api.Finish()
	if apiErr != nil || runErr != nil {
		if apiErr != nil && runErr != nil && errors.Is(runErr, context.Canceled) {
			runErr = nil // the cancellation above, not a cause
		}
		return nil, 0, fmt.Errorf("setup %s: %w", st.setup.Name, errors.Join(apiErr, runErr))
	}
	return rtts, wall, nil
}
