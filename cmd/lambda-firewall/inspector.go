package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/proxy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

// buildInspector loads the policy and returns what the proxy consults,
// with a short description of it for the ready log line.
func buildInspector(ctx context.Context, cfg Config, log *slog.Logger, logOutput io.Writer) (proxy.Inspector, string, error) {
	if cfg.Passthrough() {
		return proxy.AllowAll{}, PolicyNone, nil
	}
	ev, err := loadPolicy(ctx, cfg)
	if err != nil {
		return nil, "", err
	}
	// Decision lines are the product: they are written at info even when
	// the operational log level is warn or error.
	decisions := log
	if cfg.LogLevel > slog.LevelInfo {
		decisions = newLogger(logOutput, slog.LevelInfo)
	}
	eng := engine.New(ev, engineConfig(cfg, ev, decisions))
	return eng, describePolicy(cfg, ev), nil
}

// loadPolicy loads, compiles and warms up the configured bundles, or the
// embedded default pack.
func loadPolicy(ctx context.Context, cfg Config) (*policy.Evaluator, error) {
	ev, err := policy.Load(ctx, policy.Options{
		Paths:         cfg.Policies,
		Embedded:      rules.Default,
		Query:         cfg.Query,
		PublicKey:     cfg.PublicKey,
		AllowBuiltins: cfg.AllowBuiltins,
	})
	if err != nil {
		return nil, fmt.Errorf("failed to load policy: %w", err)
	}
	return ev, nil
}

// toolConfig is the configuration of the offline tools (eval, report): the
// --policy flag's bundles, the extension's defaults, and the bundle key and
// builtin opt-ins from the environment, as the extension would read them.
func toolConfig(policies string, getenv func(string) string) Config {
	return Config{
		Policies:        splitList(policies),
		Query:           defaultQuery,
		EvalTimeout:     defaultEvalTimeout,
		MaxInspectBytes: defaultMaxInspect,
		PublicKey:       strings.TrimSpace(getenv(EnvPublicKey)),
		AllowBuiltins:   splitList(getenv(EnvAllowBuiltins)),
	}
}

func engineConfig(cfg Config, ev *policy.Evaluator, log *slog.Logger) engine.Config {
	mode := engine.ModeEnforce
	if cfg.Audit {
		mode = engine.ModeAudit
	}
	return engine.Config{
		Mode:        mode,
		FailOpen:    cfg.FailOpen,
		EvalTimeout: cfg.EvalTimeout,
		Function: engine.FunctionInfo{
			Name: cfg.FunctionName, Version: cfg.FunctionVersion, MemoryMB: cfg.FunctionMemory, Region: cfg.Region,
		},
		Input:   engine.InputOptions{MaxInspectBytes: cfg.MaxInspectBytes},
		Metrics: cfg.Metrics,
		Logger:  log,
		Query:   ev.Query(),
		Bundles: ev.Bundles(),
	}
}

func describePolicy(cfg Config, ev *policy.Evaluator) string {
	var parts []string
	for name, rev := range ev.Bundles() {
		parts = append(parts, name+"@"+rev)
	}
	if len(cfg.Policies) == 0 {
		return "embedded default " + strings.Join(parts, ",")
	}
	return strings.Join(parts, ",")
}
