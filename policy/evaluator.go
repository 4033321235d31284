package policy

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
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
	// views holds the parsed "http" members of recent events, for their
	// responses.
	views *viewCache
	// fast decides the common case without the Rego evaluator (nil when
	// the decision rule does not allow it; see fastPath).
	fast *fastPath
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
	custom, quiet := newCustomBuiltins()
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

	// Bundle data is read as AST values, not converted on every evaluation.
	store := inmem.NewWithOpts(inmem.OptReturnASTValuesOnRead(true))
	var compiler *ast.Compiler
	regoOpts := []func(*rego.Rego){
		rego.Query(query),
		rego.Capabilities(caps),
		rego.Runtime(runtimeTerm()),
		rego.Store(store),
		rego.CompilerHook(func(c *ast.Compiler) { compiler = c }),
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
	prepared, err := prepare(ctx, store, regoOpts)
	if err != nil {
		return nil, newError(CodeLoadError, "failed to compile policy", err)
	}
	e := &Evaluator{query: query, prepared: prepared, bundles: revisions,
		skipPayload: payloadBesideViewsUnread(modules, queryBody), views: &viewCache{}}
	if !opts.RegoOnly {
		if e.fast, err = detectFastPath(ctx, compiler, store, queryBody, quiet); err != nil {
			return nil, newError(CodeLoadError, "failed to read bundle data", err)
		}
	}
	if err := e.warmUp(ctx); err != nil {
		return nil, fmt.Errorf("warm-up evaluation failed: %w", err)
	}
	return e, nil
}

// warmUp evaluates warmUpInput, which must yield a valid decision. With a
// fast path it also evaluates it with Rego, so that the Rego path is
// checked and warmed up too, and keeps the fast path only when both
// decide alike.
func (e *Evaluator) warmUp(ctx context.Context) error {
	v, err := parseInput([]byte(warmUpInput), e.skipPayload, nil)
	if err != nil {
		return newError(CodeInvalidInput, "failed to parse input", err)
	}
	d, err := e.decide(ctx, v)
	if err != nil || e.fast == nil {
		return err
	}
	viaRego, err := e.decideRego(ctx, v, nil)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(d, viaRego) {
		e.fast = nil
	}
	return nil
}

// prepare prepares the query of opts in a write transaction of store, which
// receives the bundles' data. (rego writes to a store it was given only in
// a transaction it was given.)
func prepare(ctx context.Context, store storage.Store, opts []func(*rego.Rego)) (rego.PreparedEvalQuery, error) {
	txn, err := store.NewTransaction(ctx, storage.WriteParams)
	if err != nil {
		return rego.PreparedEvalQuery{}, err
	}
	prepared, err := rego.New(append(opts, rego.Transaction(txn))...).PrepareForEval(ctx)
	if err != nil {
		store.Abort(ctx, txn)
		return rego.PreparedEvalQuery{}, err
	}
	return prepared, store.Commit(ctx, txn)
}

// Eval evaluates the decision query against input, a JSON document (see
// docs/contracts.md), and parses the decision strictly. With a fast path
// (FastPath), an input on which lambda_firewall.quiet holds gets the
// branch's decision without the Rego evaluator: the decision Rego would
// return. It honours ctx's
// deadline and cancellation (CodeTimeout, CodeCanceled). Every failure is an
// *Error: it is neither an allow nor a block, the caller applies its fail mode.
//
// input is not copied: the decision's strings (a mask's pattern) may share
// its bytes, so the caller must not modify input after the call.
func (e *Evaluator) Eval(ctx context.Context, input []byte) (Result, error) {
	start := time.Now()
	v, err := parseInput(input, e.skipPayload, e.views)
	if err != nil {
		return Result{}, newError(CodeInvalidInput, "failed to parse input", err)
	}
	d, err := e.decide(ctx, v)
	return Result{Decision: d, EvalNs: time.Since(start).Nanoseconds()}, err
}

// decide returns the decision for the parsed input v: the fast path's when
// it holds, else the Rego evaluator's.
func (e *Evaluator) decide(ctx context.Context, v ast.Value) (Decision, error) {
	var memo builtins.Cache
	if e.fast != nil {
		memo = builtins.Cache{}
		if e.fast.allow(ctx, v, memo) {
			if ctx.Err() != nil {
				return Decision{}, evalError(ctx, ctx.Err())
			}
			return ParseDecision(e.fast.decision)
		}
	}
	return e.decideRego(ctx, v, memo)
}

// decideRego evaluates the query on v with the Rego evaluator and parses
// the decision. The builtins take their results from memo first (what the
// fast path computed), and only when it is not empty: the evaluation's own
// cache is cheaper to reach.
func (e *Evaluator) decideRego(ctx context.Context, v ast.Value, memo builtins.Cache) (Decision, error) {
	if len(memo) > 0 {
		ctx = context.WithValue(ctx, sharedMemoKey{}, memo)
	}
	rs, err := e.prepared.Eval(ctx, rego.EvalParsedInput(v))
	if err != nil {
		return Decision{}, evalError(ctx, err)
	}
	return parseResultSet(rs)
}

// FastPath reports whether the decision rule lets Eval decide ordinary
// inputs without the Rego evaluator, and the data documents it reads then.
// See docs/contracts.md.
func (e *Evaluator) FastPath() (ok bool, rules, config string) {
	if e.fast == nil {
		return false, "", ""
	}
	return true, e.fast.rulesP, e.fast.configP
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
