package policy

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// evalBuiltinQuery evaluates a one-expression query with the custom builtins.
func evalBuiltinQuery(t *testing.T, query string) any {
	t.Helper()
	opts := append([]func(*rego.Rego){rego.Query(query)}, builtinRegoOptions(customBuiltins())...)
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil {
		t.Fatalf("eval %s: %v", query, err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		t.Fatalf("eval %s: got %d results", query, len(rs))
	}
	return rs[0].Expressions[0].Value
}

func TestBuiltinsInRego(t *testing.T) {
	tests := []struct {
		query string
		want  any
	}{
		{`lambda_firewall.sqli("1' OR '1'='1")`, true},
		{`lambda_firewall.sqli("hello")`, false},
		{`lambda_firewall.xss("<script>alert(1)</script>")`, true},
		{`lambda_firewall.xss("hello")`, false},
		{`lambda_firewall.normalize("%3CScript%3E")`, "<script>"},
		{`lambda_firewall.luhn("4111 1111 1111 1111")`, true},
		{`lambda_firewall.luhn("1234")`, false},
		{`lambda_firewall.iban("DE89 3704 0044 0532 0130 00")`, true},
		{`lambda_firewall.iban("DE00 3704 0044 0532 0130 00")`, false},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			if got := evalBuiltinQuery(t, tt.query); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestBuiltinsTypeChecked(t *testing.T) {
	opts := append([]func(*rego.Rego){rego.Query(`lambda_firewall.sqli(1)`)}, builtinRegoOptions(customBuiltins())...)
	_, err := rego.New(opts...).PrepareForEval(context.Background())
	if err == nil || !strings.Contains(err.Error(), "lambda_firewall.sqli") {
		t.Fatalf("want a type error naming lambda_firewall.sqli, got %v", err)
	}
}

// OPA does not recover panics raised by builtins; guard must turn them into
// an evaluation error that halts the query.
func TestGuardTurnsPanicIntoEvalError(t *testing.T) {
	decl := &rego.Function{
		Name: "test.boom",
		Decl: types.NewFunction(types.Args(types.S), types.B),
	}
	boom := guard(func(rego.BuiltinContext, *ast.Term) (*ast.Term, error) {
		var m map[string]int
		m["x"] = 1 // panics: assignment to nil map
		return ast.BooleanTerm(true), nil
	})
	r := rego.New(rego.Query(`x := test.boom("a")`), rego.Function1(decl, boom))
	rs, err := r.Eval(context.Background())
	if err == nil {
		t.Fatalf("want an evaluation error, got result %v", rs)
	}
	if !strings.Contains(err.Error(), "test.boom") || !strings.Contains(err.Error(), "panicked") {
		t.Errorf("error %q should name the builtin and the panic", err)
	}
	var halt *rego.HaltError
	if !errors.As(err, &halt) {
		t.Errorf("error %T should wrap a *rego.HaltError", err)
	}
}

func TestGuardPassesThrough(t *testing.T) {
	f := guard(func(_ rego.BuiltinContext, op *ast.Term) (*ast.Term, error) { return op, nil })
	got, err := f(rego.BuiltinContext{}, ast.StringTerm("x"))
	if err != nil || !got.Equal(ast.StringTerm("x")) {
		t.Fatalf("guard changed a normal call: %v, %v", got, err)
	}
}

func TestBuiltinDeclarations(t *testing.T) {
	bs := customBuiltins()
	names := map[string]bool{}
	for _, b := range bs {
		names[b.decl.Name] = true
		ab := b.astBuiltin()
		want := 1
		if b.impl2 != nil {
			want = 2
		}
		if b.impl3 != nil {
			want = 3
		}
		if ab.Decl.Arity() != want || ab.Nondeterministic {
			t.Errorf("%s: arity %d nondeterministic %v", ab.Name, ab.Decl.Arity(), ab.Nondeterministic)
		}
	}
	for _, n := range []string{BuiltinSQLi, BuiltinXSS, BuiltinNormalize, BuiltinLuhn, BuiltinIBAN, BuiltinTargets, BuiltinMatch, BuiltinLocate, BuiltinStrings} {
		if !names[n] {
			t.Errorf("builtin %s not declared", n)
		}
	}
	if got := len(testerBuiltins(bs)); got != len(bs) {
		t.Errorf("testerBuiltins: got %d, want %d", got, len(bs))
	}
}

// Documents why guard exists: OPA lets a builtin's panic unwind through Eval.
func TestOPADoesNotRecoverBuiltinPanics(t *testing.T) {
	decl := &rego.Function{Name: "test.raw_boom", Decl: types.NewFunction(types.Args(types.S), types.B)}
	raw := func(rego.BuiltinContext, *ast.Term) (*ast.Term, error) { panic("boom") }
	r := rego.New(rego.Query(`x := test.raw_boom("a")`), rego.Function1(decl, raw))
	recovered := func() (p any) {
		defer func() { p = recover() }()
		_, _ = r.Eval(context.Background())
		return nil
	}()
	if recovered != "boom" {
		t.Fatalf("OPA behaviour changed: recovered %v; guard may no longer be needed", recovered)
	}
}
