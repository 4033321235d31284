package policy

import (
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/types"
)

// Names of the custom builtins registered on every query and test run.
const (
	BuiltinSQLi      = "lambda_firewall.sqli"
	BuiltinXSS       = "lambda_firewall.xss"
	BuiltinNormalize = "lambda_firewall.normalize"
	BuiltinLuhn      = "lambda_firewall.luhn"
	BuiltinIBAN      = "lambda_firewall.iban"
	BuiltinTargets   = "lambda_firewall.targets"
	BuiltinMatch     = "lambda_firewall.match"
	BuiltinLocate    = "lambda_firewall.locate"
	BuiltinStrings   = "lambda_firewall.strings"
	BuiltinPII       = "lambda_firewall.pii"
	BuiltinInspect   = "lambda_firewall.inspect"
	BuiltinLimits    = "lambda_firewall.limits"
	BuiltinQuiet     = "lambda_firewall.quiet"
)

// stringFunc is the Go side of a custom builtin taking one string.
type stringFunc func(string) *ast.Term

// customBuiltin is one custom builtin: its declaration and implementation
// (impl for one operand, impl2 for two, impl3 for three).
type customBuiltin struct {
	decl  *rego.Function
	impl  rego.Builtin1
	impl2 rego.Builtin2
	impl3 rego.Builtin3
}

// regoOption registers the builtin on a rego object.
func (b customBuiltin) regoOption() func(*rego.Rego) {
	switch {
	case b.impl2 != nil:
		return rego.Function2(b.decl, b.impl2)
	case b.impl3 != nil:
		return rego.Function3(b.decl, b.impl3)
	}
	return rego.Function1(b.decl, b.impl)
}

// customBuiltins returns the declarations and implementations of all custom
// builtins, in a stable order. Each call builds fresh values (no globals).
func customBuiltins() []customBuiltin {
	bs, _ := newCustomBuiltins()
	return bs
}

// newCustomBuiltins is customBuiltins, and the state of
// lambda_firewall.quiet for the evaluator's fast path.
func newCustomBuiltins() ([]customBuiltin, *quietCheck) {
	boolFn := func(f func(string) bool) stringFunc {
		return func(s string) *ast.Term { return ast.BooleanTerm(f(s)) }
	}
	strFn := func(f func(string) string) stringFunc {
		return func(s string) *ast.Term { return ast.StringTerm(f(s)) }
	}
	scans := &scanBuiltins{}
	q := &quietCheck{in: &inspector{}, pb: &piiBuiltin{}, lb: &limitsBuiltin{}}
	return []customBuiltin{
		newStringBuiltin(BuiltinSQLi, "Reports whether the string looks like SQL injection (libinjection).",
			types.B, boolFn(IsSQLi)),
		newStringBuiltin(BuiltinXSS, "Reports whether the string looks like cross-site scripting (libinjection).",
			types.B, boolFn(IsXSS)),
		newStringBuiltin(BuiltinNormalize, "Decodes URL, HTML, \\u and overlong UTF-8 escapes, removes NUL, lower-cases and collapses whitespace.",
			types.S, strFn(Normalize)),
		newStringBuiltin(BuiltinLuhn, "Reports whether the string is a 13-19 digit number passing the Luhn check (spaces and dashes ignored).",
			types.B, boolFn(Luhn)),
		newStringBuiltin(BuiltinIBAN, "Reports whether the string is an IBAN with valid ISO 13616 mod-97 check digits (spaces ignored).",
			types.B, boolFn(IBAN)),
		scans.targetsBuiltin(),
		scans.matchBuiltin(),
		scans.locateBuiltin(),
		stringsBuiltin(),
		q.pb.builtin(),
		q.in.builtin(),
		q.lb.builtin(),
		quietBuiltin(q),
	}, q
}

// newStringBuiltin declares a deterministic builtin of type string → result.
func newStringBuiltin(name, description string, result types.Type, f stringFunc) customBuiltin {
	decl := &rego.Function{
		Name:        name,
		Description: description,
		Decl: types.NewFunction(
			types.Args(types.Named("s", types.S).Description("input string")),
			types.Named("result", result),
		),
	}
	impl := func(_ rego.BuiltinContext, op *ast.Term) (*ast.Term, error) {
		s, ok := op.Value.(ast.String)
		if !ok {
			return nil, fmt.Errorf("operand 1 must be string but got %s", ast.ValueName(op.Value))
		}
		return f(string(s)), nil
	}
	return customBuiltin{decl: decl, impl: guard(impl)}
}

// guard turns a panic inside a builtin into an evaluation error that halts
// the query. OPA itself does not recover panics raised by builtins: without
// this the whole process would crash.
func guard(f rego.Builtin1) rego.Builtin1 {
	return func(bctx rego.BuiltinContext, op *ast.Term) (t *ast.Term, err error) {
		defer func() {
			if r := recover(); r != nil {
				t = nil
				err = rego.NewHaltError(fmt.Errorf("builtin panicked: %v", r))
			}
		}()
		return f(bctx, op)
	}
}

// guard2 is guard for builtins of two operands.
func guard2(f rego.Builtin2) rego.Builtin2 {
	return func(bctx rego.BuiltinContext, a, b *ast.Term) (t *ast.Term, err error) {
		defer func() {
			if r := recover(); r != nil {
				t = nil
				err = rego.NewHaltError(fmt.Errorf("builtin panicked: %v", r))
			}
		}()
		return f(bctx, a, b)
	}
}

// guard3 is guard for builtins of three operands.
func guard3(f rego.Builtin3) rego.Builtin3 {
	return func(bctx rego.BuiltinContext, a, b, c *ast.Term) (t *ast.Term, err error) {
		defer func() {
			if r := recover(); r != nil {
				t = nil
				err = rego.NewHaltError(fmt.Errorf("builtin panicked: %v", r))
			}
		}()
		return f(bctx, a, b, c)
	}
}

// valueBuiltin2 adapts f, which works on the operands' values, to a builtin
// of two operands.
func valueBuiltin2(f func(rego.BuiltinContext, ast.Value, ast.Value) (ast.Value, error)) rego.Builtin2 {
	return func(bctx rego.BuiltinContext, a, b *ast.Term) (*ast.Term, error) {
		v, err := f(bctx, a.Value, b.Value)
		if err != nil {
			return nil, err
		}
		return ast.NewTerm(v), nil
	}
}

// valueBuiltin3 is valueBuiltin2 for three operands.
func valueBuiltin3(f func(rego.BuiltinContext, ast.Value, ast.Value, ast.Value) (ast.Value, error)) rego.Builtin3 {
	return func(bctx rego.BuiltinContext, a, b, c *ast.Term) (*ast.Term, error) {
		v, err := f(bctx, a.Value, b.Value, c.Value)
		if err != nil {
			return nil, err
		}
		return ast.NewTerm(v), nil
	}
}

// regoOptions returns the rego options registering the custom builtins.
func builtinRegoOptions(bs []customBuiltin) []func(*rego.Rego) {
	opts := make([]func(*rego.Rego), 0, len(bs))
	for _, b := range bs {
		opts = append(opts, b.regoOption())
	}
	return opts
}

// astBuiltin returns the compiler declaration of a custom builtin.
func (b customBuiltin) astBuiltin() *ast.Builtin {
	return &ast.Builtin{
		Name:        b.decl.Name,
		Description: b.decl.Description,
		Decl:        b.decl.Decl,
	}
}

// testerBuiltins returns the custom builtins in the form OPA's test runner takes.
func testerBuiltins(bs []customBuiltin) []*tester.Builtin {
	out := make([]*tester.Builtin, 0, len(bs))
	for _, b := range bs {
		out = append(out, &tester.Builtin{Decl: b.astBuiltin(), Func: b.regoOption()})
	}
	return out
}
