package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// Environment variables read by the extension.
const (
	EnvPort          = "LAMBDA_FIREWALL_PORT"
	EnvRuntimeAPI    = "LAMBDA_FIREWALL_RUNTIME_API"
	EnvLogLevel      = "LAMBDA_FIREWALL_LOG_LEVEL"
	EnvPolicy        = "LAMBDA_FIREWALL_POLICY"
	EnvQuery         = "LAMBDA_FIREWALL_QUERY"
	EnvPublicKey     = "LAMBDA_FIREWALL_BUNDLE_PUBLIC_KEY"
	EnvMode          = "LAMBDA_FIREWALL_MODE"
	EnvFail          = "LAMBDA_FIREWALL_FAIL"
	EnvEvalTimeout   = "LAMBDA_FIREWALL_EVAL_TIMEOUT"
	EnvMetrics       = "LAMBDA_FIREWALL_METRICS"
	EnvAllowBuiltins = "LAMBDA_FIREWALL_ALLOW_BUILTINS"
	EnvMaxInspect    = "LAMBDA_FIREWALL_MAX_INSPECT_BYTES"

	// Set by Lambda.
	EnvAWSRuntimeAPI  = "AWS_LAMBDA_RUNTIME_API"
	EnvMaxConcurrency = "AWS_LAMBDA_MAX_CONCURRENCY"
	EnvFunctionName   = "AWS_LAMBDA_FUNCTION_NAME"
	EnvFunctionVer    = "AWS_LAMBDA_FUNCTION_VERSION"
	EnvFunctionMemory = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE"
	EnvRegion         = "AWS_REGION"
)

// Defaults.
const (
	defaultPort        = 9009
	defaultQuery       = "data.lambda_firewall.decision"
	defaultMode        = "enforce"
	defaultFail        = "closed"
	defaultEvalTimeout = engine.DefaultEvalTimeout
	defaultMaxInspect  = engine.DefaultMaxInspectBytes
	// PolicyNone disables inspection: a pure pass-through proxy.
	PolicyNone = "none"
)

// Config is the extension's validated configuration.
type Config struct {
	Port            int
	Upstream        string // host:port
	LogLevel        slog.Level
	Policies        []string // empty: the embedded default pack; ["none"]: no inspection
	Query           string
	PublicKey       string
	Audit           bool
	FailOpen        bool
	EvalTimeout     time.Duration
	Metrics         bool
	AllowBuiltins   []string
	MaxInspectBytes int
	Concurrency     int
	FunctionName    string
	FunctionVersion string
	FunctionMemory  int
	Region          string
}

// ListenAddr is the proxy's loopback address.
func (c Config) ListenAddr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port)) }

// Passthrough reports whether inspection is switched off.
func (c Config) Passthrough() bool { return len(c.Policies) == 1 && c.Policies[0] == PolicyNone }

// loadConfig reads and validates the configuration. Every bad value is an
// error: nothing silently falls back to a default.
func loadConfig(getenv func(string) string) (Config, error) {
	c := Config{
		Port:            defaultPort,
		Upstream:        getenv(EnvRuntimeAPI),
		Query:           defaultQuery,
		EvalTimeout:     defaultEvalTimeout,
		MaxInspectBytes: defaultMaxInspect,
		Concurrency:     1,
		FunctionName:    getenv(EnvFunctionName),
		FunctionVersion: getenv(EnvFunctionVer),
		Region:          getenv(EnvRegion),
		PublicKey:       strings.TrimSpace(getenv(EnvPublicKey)),
	}
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf("invalid config: "+format, a...)) }

	if v := getenv(EnvPort); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 65535 {
			bad("%s=%q: want a port number 1-65535", EnvPort, v)
		} else {
			c.Port = n
		}
	}
	if c.Upstream == "" {
		c.Upstream = getenv(EnvAWSRuntimeAPI)
	}
	if c.Upstream == "" {
		bad("no upstream Runtime API: neither %s nor %s is set", EnvRuntimeAPI, EnvAWSRuntimeAPI)
	} else if host, port, err := net.SplitHostPort(c.Upstream); err != nil {
		bad("upstream %q is not host:port: %v", c.Upstream, err)
	} else if port == strconv.Itoa(c.Port) && isLoopback(host) {
		bad("upstream %s is this proxy's own listen address %s (self-loop)", c.Upstream, c.ListenAddr())
	}
	switch v := strings.ToLower(getenv(EnvLogLevel)); v {
	case "", "info":
		c.LogLevel = slog.LevelInfo
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn", "warning":
		c.LogLevel = slog.LevelWarn
	case "error":
		c.LogLevel = slog.LevelError
	default:
		bad("%s=%q: want debug, info, warn or error", EnvLogLevel, v)
	}
	c.Policies = splitList(getenv(EnvPolicy))
	if len(c.Policies) > 1 {
		for _, p := range c.Policies {
			if p == PolicyNone {
				bad("%s: %q cannot be combined with bundles", EnvPolicy, PolicyNone)
			}
		}
	}
	if v := strings.TrimSpace(getenv(EnvQuery)); v != "" {
		c.Query = v
	}
	switch v := getenv(EnvMode); v {
	case "", defaultMode:
	case "audit":
		c.Audit = true
	default:
		bad("%s=%q: want enforce or audit", EnvMode, v)
	}
	switch v := getenv(EnvFail); v {
	case "", defaultFail:
	case "open":
		c.FailOpen = true
	default:
		bad("%s=%q: want closed or open", EnvFail, v)
	}
	if v := getenv(EnvEvalTimeout); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			bad("%s=%q: want a positive duration such as 100ms", EnvEvalTimeout, v)
		} else {
			c.EvalTimeout = d
		}
	}
	switch v := getenv(EnvMetrics); v {
	case "", "off":
	case "emf":
		c.Metrics = true
	default:
		bad("%s=%q: want emf or off", EnvMetrics, v)
	}
	c.AllowBuiltins = splitList(getenv(EnvAllowBuiltins))
	if v := getenv(EnvMaxInspect); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1024 {
			bad("%s=%q: want a byte count of at least 1024", EnvMaxInspect, v)
		} else {
			c.MaxInspectBytes = n
		}
	}
	if v := getenv(EnvMaxConcurrency); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			bad("%s=%q: want a positive integer", EnvMaxConcurrency, v)
		} else {
			c.Concurrency = n
		}
	}
	if v := getenv(EnvFunctionMemory); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			bad("%s=%q: want a size in MB", EnvFunctionMemory, v)
		} else {
			c.FunctionMemory = n
		}
	}
	return c, errors.Join(errs...)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// splitList splits a comma-separated list, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
