package policy

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/profiler"
	"github.com/open-policy-agent/opa/v1/rego"
)

func TestZZProf2(t *testing.T) {
	in := os.Getenv("ZZIN2")
	if in == "" {
		t.Skip()
	}
	raw, _ := os.ReadFile(in)
	v, _ := ast.ValueFromReader(bytes.NewReader(raw))
	p := profiler.New()
	opts := append([]func(*rego.Rego){rego.Query(os.Getenv("ZZQ2")), rego.Load([]string{"../rules/default"}, nil), rego.QueryTracer(p)}, builtinRegoOptions(customBuiltins())...)
	pq, err := rego.New(opts...).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		pq.Eval(context.Background(), rego.EvalParsedInput(v))
	}
	for range 20 {
		pq.Eval(context.Background(), rego.EvalParsedInput(v), rego.EvalQueryTracer(p))
	}
	for _, s := range p.ReportTopNResults(40, []string{"total_time_ns"}) {
		fmt.Printf("%10d ns  %6d evals %s\n", s.ExprTimeNs/20, s.NumEval/20, s.Location)
	}
}
