package policy

import (
	"context"
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
)

// fastPath decides the common case of a decision rule shaped like the
// default pack's without running the Rego evaluator:
//
//	decision := VALUE if {
//		lambda_firewall.quiet(input, data.A, data.B)
//		not data.C
//	} else := ...
//
// When data.A and data.B are plain bundle data (no rule defines them, a
// part of them or a document holding them) and data.C is undefined (no
// rule and no data under it), the first branch holds exactly when quiet
// holds on the input, and the decision is VALUE: Eval calls the builtin's
// Go function itself. Otherwise it evaluates the query, and the builtins
// reuse what the fast path computed (sharedMemo), so an event with findings
// is not inspected twice. Evaluating the query costs more than the check on
// an ordinary event: the value, the rules and the configuration are read,
// the call dispatched and the result unified by the evaluator.
type fastPath struct {
	q               *quietCheck
	rules, config   ast.Value
	decision        any    // the branch's value, as JSON (parsed anew for each result)
	rulesP, configP string // data paths, for messages
}

// detectFastPath returns the fast path of query, or nil when its decision
// rule does not have the shape above. c is the compiler of the prepared
// query, store the store its bundles were written to.
func detectFastPath(ctx context.Context, c *ast.Compiler, store storage.Store, query ast.Body, q *quietCheck) (*fastPath, error) {
	if c == nil || len(query) != 1 || query[0].Negated || len(query[0].With) > 0 {
		return nil, nil
	}
	ref, ok := query[0].Terms.(*ast.Term)
	if !ok {
		return nil, nil
	}
	target, ok := ref.Value.(ast.Ref)
	if !ok || !target.HasPrefix(ast.DefaultRootRef) || !target.IsGround() {
		return nil, nil
	}
	rules := c.GetRules(target)
	if len(rules) != 1 || !rules[0].Ref().Equal(target) {
		return nil, nil
	}
	r := rules[0]
	if r.Default || r.Head.Key != nil || len(r.Head.Args) > 0 || r.Head.Value == nil ||
		!r.Head.Value.IsGround() {
		return nil, nil
	}
	rulesRef, configRef, customRef, ok := fastPathBody(r.Body)
	if !ok {
		return nil, nil
	}
	for _, p := range []ast.Ref{rulesRef, configRef, customRef} {
		if len(c.GetRules(p)) > 0 {
			return nil, nil // a virtual document, or a part of one
		}
	}
	if _, err := readData(ctx, store, customRef); err == nil {
		return nil, nil
	} else if !storage.IsNotFound(err) {
		return nil, err
	}
	f := &fastPath{q: q, rulesP: rulesRef.String(), configP: configRef.String()}
	var err error
	if f.rules, err = readData(ctx, store, rulesRef); err != nil {
		// Undefined: the call is undefined and the branches below decide.
		return nil, ignoreNotFound(err)
	}
	if f.config, err = readData(ctx, store, configRef); err != nil {
		return nil, ignoreNotFound(err)
	}
	v, err := ast.JSON(r.Head.Value.Value)
	if err != nil {
		return nil, fmt.Errorf("decision value: %w", err)
	}
	if _, err := ParseDecision(v); err != nil {
		return nil, nil // the evaluator reports it, the same way every time
	}
	f.decision = v
	return f, nil
}

// fastPathBody matches the compiled body of the branch: the call
// lambda_firewall.quiet(input, data.A, data.B) and `not data.C`, in that
// order, where the compiler may have bound the call's operands to
// generated variables first (__local0__ = input; ...). It returns A, B
// and C.
func fastPathBody(body ast.Body) (rules, config, custom ast.Ref, ok bool) {
	bound := map[ast.Var]*ast.Term{}
	var call, not *ast.Expr
	for _, e := range body {
		if len(e.With) > 0 {
			return nil, nil, nil, false
		}
		switch {
		case call == nil && e.IsEquality() && !e.Negated:
			v, ok := e.Operand(0).Value.(ast.Var)
			if !ok || !v.IsGenerated() || bound[v] != nil {
				return nil, nil, nil, false
			}
			bound[v] = e.Operand(1)
		case call == nil && !e.Negated && e.IsCall() && e.Operator().String() == BuiltinQuiet:
			call = e
		case call != nil && not == nil && e.Negated:
			not = e
		default:
			return nil, nil, nil, false
		}
	}
	if call == nil || not == nil {
		return nil, nil, nil, false
	}
	ops := slices.Clone(call.Operands()) // the compiled rule stays as it is
	if len(ops) != 3 {
		return nil, nil, nil, false
	}
	for i, op := range ops {
		if v, ok := op.Value.(ast.Var); ok && bound[v] != nil {
			ops[i] = bound[v]
			delete(bound, v)
		}
	}
	if len(bound) > 0 || !isInputRoot(ops[0]) {
		return nil, nil, nil, false // a binding the call does not use
	}
	t, isTerm := not.Terms.(*ast.Term)
	if !isTerm {
		return nil, nil, nil, false
	}
	rules, ok1 := dataRef(ops[1])
	config, ok2 := dataRef(ops[2])
	custom, ok3 := dataRef(t)
	return rules, config, custom, ok1 && ok2 && ok3
}

// isInputRoot reports whether t is the whole input document (the
// compiled form: a reference).
func isInputRoot(t *ast.Term) bool {
	r, ok := t.Value.(ast.Ref)
	return ok && r.Equal(ast.InputRootRef)
}

// dataRef returns t when it is a ground reference into data.
func dataRef(t *ast.Term) (ast.Ref, bool) {
	r, ok := t.Value.(ast.Ref)
	if !ok || len(r) < 2 || !r.HasPrefix(ast.DefaultRootRef) || !r.IsGround() {
		return nil, false
	}
	for _, seg := range r[1:] {
		if _, ok := seg.Value.(ast.String); !ok {
			return nil, false
		}
	}
	return r, true
}

// readData reads the AST value at ref from store.
func readData(ctx context.Context, store storage.Store, ref ast.Ref) (ast.Value, error) {
	path, err := storage.NewPathForRef(ref)
	if err != nil {
		return nil, err
	}
	v, err := storage.ReadOne(ctx, store, path)
	if err != nil {
		return nil, err
	}
	av, ok := v.(ast.Value)
	if !ok {
		return nil, fmt.Errorf("data at %v is %T, not an AST value", ref, v)
	}
	return av, nil
}

func ignoreNotFound(err error) error {
	if storage.IsNotFound(err) {
		return nil
	}
	return err
}

// allow reports whether the first branch of the decision holds for input,
// recording what the check computed in memo for an evaluation to follow.
// An error or a panic reads as false: the evaluation then reports it the
// way it does without the fast path.
func (f *fastPath) allow(ctx context.Context, input ast.Value, memo builtins.Cache) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	quiet, err := f.q.quiet(rego.BuiltinContext{Context: ctx, Cache: memo}, input, f.rules, f.config)
	return err == nil && quiet
}

// sharedMemoKey carries the fast path's builtin results (a builtins.Cache)
// in the context of the evaluation that follows it.
type sharedMemoKey struct{}

// sharedMemo returns the memo of the fast path carried by ctx, if any.
func sharedMemo(ctx context.Context) builtins.Cache {
	if ctx == nil {
		return nil
	}
	m, _ := ctx.Value(sharedMemoKey{}).(builtins.Cache)
	return m
}
