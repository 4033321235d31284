package policy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// warmUpInput is a small representative input document evaluated once by
// Load, so that the first real evaluation does not pay for lazy set-up.
const warmUpInput = `{"phase":"event","payload":{"hello":"world"},"payload_format":"json","size":17,` +
	`"invocation":{"request_id":"warm-up","deadline_ms":0,"invoked_function_arn":"","trace_id":"",` +
	`"client_context":null,"cognito_identity":null,"tenant_id":""},` +
	`"function":{"name":"warm-up","version":"$LATEST","memory_mb":128,"region":"us-east-1"},"source":"unknown"}`

// Evaluator evaluates the decision query of a set of loaded bundles. It is
// safe for concurrent use.
type Evaluator struct {
	query    string
	prepared rego.PreparedEvalQuery
	bundles  map[string]string
	// skipPayload: no rule reads input.payload beside an http or response
	// view (payloadBesideViewsUnread), so Eval leaves it unparsed there.
	skipPayload bool
}

// Load reads the bundles of opts, compiles them with the decision query,
// prepares the query for evaluation and runs one warm-up evaluation, which
// must yield a valid decision. Errors are *Error with CodeLoadError or
// CodeSignatureError (or the code of the failed warm-up).
func Load(ctx context.Context, opts Options) (*Evaluator, error) {
	query := opts.Query
	if query == "" {
		query = DefaultQuery
	}
	queryBody, err := ast.ParseBody(query)
	if err != nil {
		return nil, newError(CodeLoadError, fmt.Sprintf("invalid query %q", query), err)
	}
	custom := customBuiltins()
	caps, err := capabilities(opts.AllowBuiltins, custom)
	if err != nil {
		return nil, newError(CodeLoadError, "invalid options", err)
	}
	bl := bundleLoader{caps: caps}
	if opts.PublicKey != "" {
		if bl.verify, err = verificationConfig(opts.PublicKey); err != nil {
			return nil, newError(CodeSignatureError, "invalid options", err)
		}
	}
	bundles, err := bl.loadAll(opts)
	if err != nil {
		return nil, err
	}

	regoOpts := []func(*rego.Rego){
		rego.Query(query),
		rego.Capabilities(caps),
		rego.Runtime(runtimeTerm()),
		// Bundle data is read as AST values, not converted on every evaluation.
		rego.StoreReadAST(true),
	}
	regoOpts = append(regoOpts, builtinRegoOptions(custom)...)
	revisions := make(map[string]string, len(bundles))
	var modules []*ast.Module
	for _, nb := range bundles {
		parsed := nb.bundle.ParsedModules(nb.name)
		for _, m := range parsed {
			modules = append(modules, m)
		}
		if err := checkDisabledBuiltins(parsed, caps); err != nil {
			return nil, newError(CodeLoadError, fmt.Sprintf("failed to compile bundle %s", nb.name), err)
		}
		regoOpts = append(regoOpts, rego.ParsedBundle(nb.name, nb.bundle))
		revisions[nb.name] = nb.bundle.Manifest.Revision
	}
	prepared, err := rego.New(regoOpts...).PrepareForEval(ctx)
	if err != nil {
		return nil, newError(CodeLoadError, "failed to compile policy", err)
	}
	e := &Evaluator{query: query, prepared: prepared, bundles: revisions,
		skipPayload: payloadBesideViewsUnread(modules, queryBody)}
	if _, err := e.Eval(ctx, []byte(warmUpInput)); err != nil {
		return nil, fmt.Errorf("warm-up evaluation failed: %w", err)
	}
	return e, nil
}

// Eval evaluates the decision query against input, a JSON document (see
// docs/contracts.md), and parses the decision strictly. It honours ctx's
// deadline and cancellation (CodeTimeout, CodeCanceled). Every failure is an
// *Error: it is neither an allow nor a block, the caller applies its fail mode.
//
// input is not copied: the decision's strings (a mask's pattern) may share
// its bytes, so the caller must not modify input after the call.
func (e *Evaluator) Eval(ctx context.Context, input []byte) (Result, error) {
	start := time.Now()
	v, err := parseInput(input, e.skipPayload)
	if err != nil {
		return Result{}, newError(CodeInvalidInput, "failed to parse input", err)
	}
	rs, err := e.prepared.Eval(ctx, rego.EvalParsedInput(v))
	if err != nil {
		return Result{EvalNs: time.Since(start).Nanoseconds()}, evalError(ctx, err)
	}
	d, err := parseResultSet(rs)
	return Result{Decision: d, EvalNs: time.Since(start).Nanoseconds()}, err
}

// evalError classifies an evaluation error, telling timeouts and
// cancellations from other failures.
func evalError(ctx context.Context, err error) error {
	switch ctxErr := ctx.Err(); {
	case errors.Is(ctxErr, context.DeadlineExceeded):
		return newError(CodeTimeout, "evaluation timed out", errors.Join(ctxErr, err))
	case errors.Is(ctxErr, context.Canceled):
		return newError(CodeCanceled, "evaluation canceled", errors.Join(ctxErr, err))
	default:
		return newError(CodeEvalError, "evaluation failed", err)
	}
}

// Bundles returns the loaded bundles: name (the path, or "default" for the
// embedded bundle) → manifest revision ("" when none).
func (e *Evaluator) Bundles() map[string]string {
	return maps.Clone(e.bundles)
}

// Query returns the decision query.
func (e *Evaluator) Query() string { return e.query }
