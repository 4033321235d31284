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
func quietBuiltin(in *inspector, pb *piiBuiltin, lb *limitsBuiltin) customBuiltin {
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
		obj, ok := config.Value.(ast.Object)
		if !ok {
			return nil, rego.NewHaltError(fmt.Errorf("operand 3 must be object but got %s", ast.ValueName(config.Value)))
		}
		found, err := in.findings(bctx, input.Value, rules.Value, config.Value)
		if err != nil || !isEmptyCollection(found) {
			return ast.InternedTerm(false), err
		}
		if found, err = pb.candidates(bctx, input.Value, member(obj, "pii")); err != nil || !isEmptyCollection(found) {
			return ast.InternedTerm(false), err
		}
		if found, err = lb.check(bctx, input.Value, member(obj, "limits")); err != nil || !isEmptyCollection(found) {
			return ast.InternedTerm(false), err
		}
		return ast.InternedTerm(true), nil
	}
	return customBuiltin{decl: decl, impl3: guard3(impl)}
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
// evaluation. Operands that do not compare by identity (strings, numbers)
// are not cached.
func memoized(bctx rego.BuiltinContext, key evalMemo, compute func() (ast.Value, error)) (ast.Value, error) {
	cacheable := bctx.Cache != nil && isPointerValue(key.a) && isPointerValue(key.b) && (key.c == nil || isPointerValue(key.c))
	if cacheable {
		if v, ok := bctx.Cache.Get(key); ok {
			return v.(ast.Value), nil
		}
	}
	v, err := compute()
	if err == nil && cacheable {
		bctx.Cache.Put(key, v)
	}
	return v, err
}
