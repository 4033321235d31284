package engine

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Modes of Config.Mode.
const (
	// ModeEnforce applies decisions (the default).
	ModeEnforce = "enforce"
	// ModeAudit evaluates and logs decisions but always allows.
	ModeAudit = "audit"
)

// Defaults applied by New to zero Config fields.
const (
	// DefaultEvalTimeout is generous on purpose: Lambda gives a 128 MB
	// function about 1/14 of a vCPU, so a decision that takes 10 ms on a
	// full core takes 140 ms there, and a fail-closed timeout would block
	// legitimate traffic. What reaches the policy is bounded by
	// InputOptions.MaxInspectBytes, so this only stops runaway policies.
	DefaultEvalTimeout = time.Second
	DefaultQuery       = "data.lambda_firewall.decision"
)

// Config configures an Engine. The zero value enforces, fails closed, gives
// each evaluation DefaultEvalTimeout and logs nothing.
type Config struct {
	// Mode is ModeEnforce or ModeAudit; empty means ModeEnforce. New treats
	// any value other than ModeAudit as ModeEnforce: call Validate first.
	Mode string
	// FailOpen allows a payload when no decision could be reached (input
	// build error, evaluation error or timeout, panic). The default blocks.
	// It does not apply to a mask that cannot be applied: that always blocks.
	FailOpen bool
	// EvalTimeout bounds one evaluation; 0 means DefaultEvalTimeout. The
	// evaluation never runs past the invocation deadline either.
	EvalTimeout time.Duration
	// Function describes the protected function for the input document.
	Function FunctionInfo
	// Input bounds the input document.
	Input InputOptions
	// Metrics adds one CloudWatch Embedded Metric Format line per decision.
	Metrics bool
	// Logger receives the decision log and metric lines; nil discards them.
	Logger *slog.Logger
	// Query is the decision query, logged as the decision-log "path"; empty
	// means DefaultQuery.
	Query string
	// Bundles maps bundle names to revisions, for the decision log.
	Bundles map[string]string
}

var errInvalidConfig = errors.New("invalid config")

// Validate rejects a Mode other than enforce/audit and a negative timeout.
func (c Config) Validate() error {
	switch c.Mode {
	case "", ModeEnforce, ModeAudit:
	default:
		return fmt.Errorf("%w: mode %q: want %q or %q", errInvalidConfig, c.Mode, ModeEnforce, ModeAudit)
	}
	if c.EvalTimeout < 0 {
		return fmt.Errorf("%w: negative eval timeout %s", errInvalidConfig, c.EvalTimeout)
	}
	return nil
}

// withDefaults fills the zero fields.
func (c Config) withDefaults() Config {
	if c.Mode != ModeAudit {
		c.Mode = ModeEnforce
	}
	if c.EvalTimeout <= 0 {
		c.EvalTimeout = DefaultEvalTimeout
	}
	if c.Query == "" {
		c.Query = DefaultQuery
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}
