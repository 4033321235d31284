package bench

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"time"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/proxy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

// Setup names, in the order of the report.
const (
	SetupDirect      = "direct"      // runtime ↔ fake Runtime API
	SetupPassthrough = "passthrough" // proxy with proxy.AllowAll{}
	SetupDefault     = "default"     // proxy with the default rule pack
	SetupRegoOnly    = "rego-only"   // default rule pack, every decision by the Rego evaluator (no fast path)
	SetupMasked      = "masked"      // default rule pack, event with PII that gets masked
	// The extension binary in its own process, as Lambda runs it, with
	// its decision lines written to a pipe the bench reads.
	SetupPassthroughExt = "passthrough-ext" // LAMBDA_FIREWALL_POLICY=none
	SetupDefaultExt     = "default-ext"     // the embedded default pack
	SetupRegoPack       = "regopack"        // proxy with our engine running RegoPack in process
	SetupOPA            = "opa-server"      // proxy asking a stock OPA server running RegoPack over REST
)

// SetupNames lists every setup in report order.
var SetupNames = []string{SetupDirect, SetupPassthrough, SetupDefault, SetupRegoOnly, SetupMasked,
	SetupPassthroughExt, SetupDefaultExt, SetupRegoPack, SetupOPA}

// benchFunction is the function the engine and the OPA inspector describe.
var benchFunction = engine.FunctionInfo{Name: "bench", Version: "$LATEST", MemoryMB: 1024, Region: "eu-west-1"}

// Setup is one way of running the runtime against the Runtime API.
type Setup struct {
	Name string
	// Inspector of the proxy in between; nil means no proxy at all.
	Inspector proxy.Inspector
	// Masked runs the event with sensitive fields, which must reach the
	// runtime masked; otherwise the benign event must reach it byte-exact.
	Masked bool
	// Extension runs the extension binary as the proxy instead of
	// Inspector in this process.
	Extension *ExtensionSpec
}

// Env holds what the setups share: the engines and, when available, the
// OPA inspector.
type Env struct {
	Engine   *engine.Engine // the embedded default pack
	RegoOnly *engine.Engine // the same without the fast path; nil: the rego-only setup is skipped
	RegoPack *engine.Engine // RegoPack; nil: the regopack setup is skipped
	OPA      *OPAInspector  // nil: the OPA setup is skipped
	// ExtensionBin is the extension binary of the -ext setups ("": they
	// are skipped), EvalTimeout its LAMBDA_FIREWALL_EVAL_TIMEOUT.
	ExtensionBin string
	EvalTimeout  time.Duration
}

// NewDefaultEngine loads the embedded default rule pack into an engine
// configured as the extension configures it, logging its decision lines to
// a discarding JSON handler so that their formatting is paid for.
//
// evalTimeout is the engine's evaluation budget; zero means the extension's
// default (engine.DefaultEvalTimeout), which fails large events closed when
// the pack is slow: the benchmark usually raises it so that the cost is
// measured instead of hidden behind a block.
func NewDefaultEngine(ctx context.Context, evalTimeout time.Duration) (*engine.Engine, error) {
	return NewEngine(ctx, rules.Default, evalTimeout)
}

// NewRegoOnlyEngine is NewDefaultEngine with every decision made by the
// Rego evaluator (policy.Options.RegoOnly): what the fast path saves.
func NewRegoOnlyEngine(ctx context.Context, evalTimeout time.Duration) (*engine.Engine, error) {
	return newEngine(ctx, policy.Options{Embedded: rules.Default, RegoOnly: true}, evalTimeout)
}

// NewEngine is NewDefaultEngine for the bundle in pack.
func NewEngine(ctx context.Context, pack fs.FS, evalTimeout time.Duration) (*engine.Engine, error) {
	return newEngine(ctx, policy.Options{Embedded: pack}, evalTimeout)
}

func newEngine(ctx context.Context, opts policy.Options, evalTimeout time.Duration) (*engine.Engine, error) {
	ev, err := policy.Load(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("failed to load the rule pack: %w", err)
	}
	return engine.New(ev, engine.Config{
		Function:    benchFunction,
		EvalTimeout: evalTimeout,
		Logger:      slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Query:       ev.Query(),
		Bundles:     ev.Bundles(),
	}), nil
}

// Setups returns the setups named in names (all when empty) that env can
// run.
func (env *Env) Setups(names []string) ([]Setup, error) {
	if len(names) == 0 {
		names = SetupNames
	}
	var out []Setup
	for _, n := range names {
		s := Setup{Name: n}
		switch n {
		case SetupDirect:
		case SetupPassthrough:
			s.Inspector = proxy.AllowAll{}
		case SetupDefault:
			s.Inspector = env.Engine
		case SetupRegoOnly:
			if env.RegoOnly == nil {
				continue
			}
			s.Inspector = env.RegoOnly
		case SetupMasked:
			s.Inspector, s.Masked = env.Engine, true
		case SetupRegoPack:
			if env.RegoPack == nil {
				continue
			}
			s.Inspector = env.RegoPack
		case SetupOPA:
			if env.OPA == nil {
				continue
			}
			s.Inspector = env.OPA
		case SetupPassthroughExt, SetupDefaultExt:
			if env.ExtensionBin == "" {
				continue
			}
			s.Extension = &ExtensionSpec{Bin: env.ExtensionBin}
			if n == SetupPassthroughExt {
				s.Extension.Env = append(s.Extension.Env, "LAMBDA_FIREWALL_POLICY=none")
			}
			if env.EvalTimeout > 0 {
				s.Extension.Env = append(s.Extension.Env, "LAMBDA_FIREWALL_EVAL_TIMEOUT="+env.EvalTimeout.String())
			}
		default:
			return nil, fmt.Errorf("unknown setup %q: want one of %v", n, SetupNames)
		}
		out = append(out, s)
	}
	return out, nil
}
