package policy

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

func TestZZMatch(t *testing.T) {
	in := os.Getenv("ZZIN4")
	if in == "" {
		t.Skip()
	}
	raw, _ := os.ReadFile(in)
	v, _ := ast.ValueFromReader(bytes.NewReader(raw))
	get := func(q string) *ast.Term {
		opts := append([]func(*rego.Rego){rego.Query("x = " + q), rego.Load([]string{"../rules/default"}, nil), rego.ParsedInput(v)}, builtinRegoOptions(customBuiltins())...)
		rs, err := rego.New(opts...).Eval(context.Background())
		if err != nil || len(rs) == 0 {
			t.Fatal(q, err)
		}
		tt, err := ast.InterfaceToValue(rs[0].Bindings["x"])
		if err != nil {
			t.Fatal(err)
		}
		return ast.NewTerm(tt)
	}
	scan := get("data.lambda_firewall.targets.scan")
	gated := scan.Get(ast.StringTerm("gated"))
	t.Logf("all %d gated %d", scan.Get(ast.StringTerm("all")).Value.(*ast.Array).Len(), gated.Value.(*ast.Array).Len())
	for _, pack := range []string{"sqli", "xss", "rce", "lfi", "rfi", "ssrf", "java", "php", "node"} {
		p := get("data.lambda_firewall.injection." + pack + ".patterns")
		start := time.Now()
		ms, err := compileMatcherSet(p.Value)
		if err != nil {
			t.Fatal(err)
		}
		ct := time.Since(start)
		start = time.Now()
		for range 100 {
			matchTargets(gated.Value, ms)
		}
		nolit := 0
		for _, r := range ms.rules {
			for _, b := range r.branches {
				if len(b.sets) == 0 {
					nolit++
					t.Logf("  %s: no literals: %.80s", r.id, b.re.String())
				}
			}
		}
		nl := 0
		for _, r := range ms.rules {
			for _, b := range r.branches {
				nl += len(b.sets)
			}
		}
		t.Logf("states %d lits %d", len(ms.ac.next), nl)
		if pack == "ssrf" || pack == "rce" {
			for i := range gated.Value.(*ast.Array).Len() {
				n, _ := stringOf(gated.Value.(*ast.Array).Elem(i).Value.(ast.Object).Get(termNorm))
				cand := make([]bool, ms.nsets)
				ms.ac.scan(n, func(l int) { cand[ms.refs[l]] = true })
				for _, r := range ms.rules {
					for _, b := range r.branches {
						if b.candidate(cand) {
							st := time.Now()
							for range 100 {
								b.re.MatchString(n)
							}
							t.Logf("   %v %.60q on %.40q", time.Since(st)/100, b.re.String(), n)
						}
					}
				}
			}
		}
		t.Logf("%s compile %v match %v branches %d nolit %d", pack, ct, time.Since(start)/100, ms.nsets, nolit)
	}
}
