package policy

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// quietBuiltin is lambda_firewall.quiet(input, rules, config): true when
// neither lambda_firewall.inspect(input, rules, config), nor
// lambda_firewall.pii(input, config.pii), nor lambda_firewall.limits(input,
// config.limits) finds anything. It lets a decision allow an ordinary event
// in one call: each builtin on the path of a Rego evaluation costs several
// microseconds of evaluation around its own work. The three results are
// kept for the rest of the evaluation, so the rules that build findings
// after a false do not compute them again.
func quietBuiltin(q *quietCheck) customBuiltin {
	decl := &rego.Function{
		Name: BuiltinQuiet,
		Description: "Reports whether none of lambda_firewall.inspect(input, rules, config), lambda_firewall.pii(input, " +
			"config.pii) and lambda_firewall.limits(input, config.limits) finds anything (a missing pii or limits " +
			"object reads as {}).",
		Decl: types.NewFunction(
			inspectArgs("the bundle configuration (data.lambda_firewall.config)"),
			types.Named("quiet", types.B).Description("true when nothing was found"),
		),
	}
	impl := func(bctx rego.BuiltinContext, input, rules, config *ast.Term) (*ast.Term, error) {
		quiet, err := q.quiet(bctx, input.Value, rules.Value, config.Value)
		if err != nil {
			return nil, err
		}
		return ast.InternedTerm(quiet), nil
	}
	return customBuiltin{decl: decl, impl3: guard3(impl)}
}

// quietCheck is what lambda_firewall.quiet runs, shared with the
// evaluator's fast path (fastpath.go): the same inspector, PII and limits
// state as the builtins of the same name.
type quietCheck struct {
	in *inspector
	pb *piiBuiltin
	lb *limitsBuiltin
}

// quiet reports whether nothing was found in input (see quietBuiltin). A
// configuration that is not an object halts the evaluation.
func (q *quietCheck) quiet(bctx rego.BuiltinContext, input, rules, config ast.Value) (bool, error) {
	obj, ok := config.(ast.Object)
	if !ok {
		return false, rego.NewHaltError(fmt.Errorf("operand 3 must be object but got %s", ast.ValueName(config)))
	}
	found, err := q.in.findings(bctx, input, rules, config)
	if err != nil || !isEmptyCollection(found) {
		return false, err
	}
	if found, err = q.pb.candidates(bctx, input, member(obj, "pii")); err != nil || !isEmptyCollection(found) {
		return false, err
	}
	if found, err = q.lb.check(bctx, input, member(obj, "limits")); err != nil || !isEmptyCollection(found) {
		return false, err
	}
	return true, nil
}

// emptyConfig stands for a missing configuration object.
var emptyConfig = ast.NewObject()

// member returns obj[key], or an empty object when it is missing.
func member(obj ast.Object, key string) ast.Value {
	if t := obj.Get(ast.InternedTerm(key)); t != nil {
		return t.Value
	}
	return emptyConfig
}

// isEmptyCollection reports whether v is an empty array or set.
func isEmptyCollection(v ast.Value) bool {
	switch x := v.(type) {
	case *ast.Array:
		return x.Len() == 0
	case ast.Set:
		return x.Len() == 0
	}
	return false
}

// evalMemo keys the result of a builtin call in the evaluation's builtin
// cache (rego.BuiltinContext.Cache, made for each evaluation): the
// builtin and its operands, compared by identity.
type evalMemo struct {
	name    string
	a, b, c ast.Value
}

// memoized returns the result of compute for key, computing it once per
// evaluation (and its fast path: sharedMemo). Operands that do not compare by identity (strings, numbers)
// are not cached.
func memoized(bctx rego.BuiltinContext, key evalMemo, compute func() (ast.Value, error)) (ast.Value, error) {
	cache := bctx.Cache
	if m := sharedMemo(bctx.Context); m != nil {
		cache = m // the results of the evaluator's fast path
	}
	cacheable := cache != nil && isPointerValue(key.a) && isPointerValue(key.b) && (key.c == nil || isPointerValue(key.c))
	if cacheable {
		if v, ok := cache.Get(key); ok {
			return v.(ast.Value), nil
		}
	}
	v, err := compute()
	if err == nil && cacheable {
		cache.Put(key, v)
	}
	return v, err
}
