package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/lambda-firewall/lambda-firewall/proxy"
)

// Error types reported with /extension/init/error.
const (
	errConfigInvalid = "Extension.ConfigInvalid"
	errListenFailed  = "Extension.ListenFailed"
	errPolicyInvalid = "Extension.PolicyInvalid"
)

// shutdownBudget bounds the graceful stop: Lambda gives extensions 2 s
// after SHUTDOWN (less when several extensions share it).
const shutdownBudget = 1500 * time.Millisecond

// runExtension is the extension's whole life: configure, listen, load the
// policy, register, serve until SHUTDOWN or SIGTERM, drain and exit.
func runExtension(ctx context.Context, name string, getenv func(string) string, stdout io.Writer) int {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM, os.Interrupt)
	defer stop()
	start := time.Now()
	setMemoryLimit(getenv)

	cfg, err := loadConfig(getenv)
	log := newLogger(stdout, cfg.LogLevel)
	api := cfg.Upstream
	if err != nil {
		api = getenv(EnvAWSRuntimeAPI)
	}
	ext := newExtensionClient(api)
	if err != nil {
		return failInit(ctx, log, ext, name, errConfigInvalid, err)
	}

	// Listen before registering: Lambda starts the runtime once every
	// extension has registered, and the runtime's first call must find us.
	ln, err := net.Listen("tcp", cfg.ListenAddr())
	if err != nil {
		return failInit(ctx, log, ext, name, errListenFailed, fmt.Errorf("failed to listen on %s: %w", cfg.ListenAddr(), err))
	}
	defer ln.Close()

	pending := newPendingInspector()
	p, err := proxy.New(proxy.Config{
		Upstream:   cfg.Upstream,
		Inspector:  pending,
		Logger:     log,
		Concurrent: cfg.Concurrency > 1,
	})
	if err != nil {
		return failInit(ctx, log, ext, name, errConfigInvalid, err)
	}
	srv := &http.Server{
		Handler:  p,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	// Register, then load: the runtime starts once every extension has
	// registered, and its init runs beside the load (see pendingInspector).
	if err := ext.register(ctx, name); err != nil {
		log.Error("extension registration failed", "error", err.Error())
		_ = srv.Close()
		return 1
	}
	registered := time.Since(start)
	resumeGC := pauseGC()
	inspector, info, err := buildInspector(ctx, cfg, log, stdout)
	resumeGC()
	if err != nil {
		code := failInit(ctx, log, ext, name, errPolicyInvalid, err)
		_ = srv.Close()
		return code
	}
	pending.set(inspector)
	log.Info("extension ready", "listen", cfg.ListenAddr(), "upstream", cfg.Upstream,
		"policy", info, "mode", modeName(cfg), "fail", failName(cfg), "concurrency", cfg.Concurrency,
		"version", version, "registered_ms", registered.Milliseconds(), "init_ms", time.Since(start).Milliseconds())

	deadline := waitForShutdown(ctx, log, ext)
	return drain(log, srv, served, deadline)
}

// waitForShutdown blocks until SHUTDOWN, SIGTERM or a broken Extensions API
// and returns the time by which the extension must be gone.
func waitForShutdown(ctx context.Context, log *slog.Logger, ext *extensionClient) time.Time {
	events := make(chan extensionEvent, 1)
	go func() {
		for {
			ev, err := ext.next(ctx)
			if err != nil {
				if ctx.Err() == nil {
					log.Error("extension event loop failed", "error", err.Error())
				}
				close(events)
				return
			}
			if ev.EventType == eventShutdown {
				events <- ev
				return
			}
		}
	}()
	select {
	case <-ctx.Done():
		log.Info("shutting down", "reason", "signal")
	case ev, ok := <-events:
		if ok {
			log.Info("shutting down", "reason", "SHUTDOWN", "shutdown_reason", ev.ShutdownReason)
			if ev.DeadlineMs > 0 {
				if d := time.UnixMilli(ev.DeadlineMs).Add(-200 * time.Millisecond); d.Before(time.Now().Add(shutdownBudget)) {
					return d
				}
			}
		} else {
			log.Info("shutting down", "reason", "extensions API closed")
		}
	}
	return time.Now().Add(shutdownBudget)
}

// drain stops accepting, lets in-flight requests finish until deadline and
// then closes what is left (the runtime's pending /next long poll).
func drain(log *slog.Logger, srv *http.Server, served <-chan error, deadline time.Time) int {
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	err := srv.Shutdown(ctx)
	if err != nil {
		_ = srv.Close()
	}
	if serr := <-served; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		log.Error("proxy server failed", "error", serr.Error())
		return 1
	}
	log.Info("extension stopped", "drained", err == nil)
	return 0
}

// failInit reports an init failure to Lambda, so the function never runs
// unprotected, and returns the exit code.
func failInit(ctx context.Context, log *slog.Logger, ext *extensionClient, name, errType string, cause error) int {
	log.Error("extension init failed", "error_type", errType, "error", cause.Error())
	if ext.id == "" {
		if err := ext.register(ctx, name); err != nil {
			log.Error("cannot report the init error: registration failed", "error", err.Error())
			return 1
		}
	}
	if err := ext.initError(ctx, errType, cause.Error()); err != nil {
		log.Error("cannot report the init error", "error", err.Error())
	}
	return 1
}

func modeName(c Config) string {
	if c.Audit {
		return "audit"
	}
	return "enforce"
}

func failName(c Config) string {
	if c.FailOpen {
		return "open"
	}
	return "closed"
}
