// Command tmptool is a temporary evaluator used while policy.Load is not ready. DELETE.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/lambda-firewall/lambda-firewall/internal/detect"
	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

type dec struct{ pq rego.PreparedEvalQuery }

func (d dec) Eval(ctx context.Context, input []byte) (policy.Result, error) {
	v, err := ast.ValueFromReader(bytes.NewReader(input))
	if err != nil {
		return policy.Result{}, err
	}
	rs, err := d.pq.Eval(ctx, rego.EvalParsedInput(v))
	if err != nil {
		return policy.Result{}, err
	}
	if len(rs) != 1 {
		return policy.Result{}, fmt.Errorf("results %d", len(rs))
	}
	b, _ := json.Marshal(rs[0].Expressions[0].Value)
	var r policy.Result
	dd := json.NewDecoder(bytes.NewReader(b))
	dd.DisallowUnknownFields()
	if err := dd.Decode(&r.Decision); err != nil {
		return r, fmt.Errorf("decision %s: %w", b, err)
	}
	return r, nil
}

func fn(name string, res types.Type, f func(string) *ast.Term) func(*rego.Rego) {
	return rego.Function1(&rego.Function{Name: name, Decl: types.NewFunction(types.Args(types.S), res)},
		func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) {
			s, ok := a.Value.(ast.String)
			if !ok {
				return nil, fmt.Errorf("not string")
			}
			return f(string(s)), nil
		})
}

func main() {
	ctx := context.Background()
	b := func(f func(string) bool) func(string) *ast.Term {
		return func(s string) *ast.Term { return ast.BooleanTerm(f(s)) }
	}
	pq, err := rego.New(rego.Query("data.lambda_firewall.decision"), rego.LoadBundle(bundleDir()),
		fn("lambda_firewall.sqli", types.B, b(policy.IsSQLi)),
		fn("lambda_firewall.xss", types.B, b(policy.IsXSS)),
		fn("lambda_firewall.luhn", types.B, b(policy.Luhn)),
		fn("lambda_firewall.iban", types.B, b(policy.IBAN)),
		fn("lambda_firewall.normalize", types.S, func(s string) *ast.Term { return ast.StringTerm(policy.Normalize(s)) }),
	).PrepareForEval(ctx)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	d := dec{pq}
	switch os.Args[1] {
	case "event":
		ev, _ := os.ReadFile(os.Args[2])
		in, _, err := engineInput(ev)
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		r, err := d.Eval(ctx, in)
		fmt.Println(err)
		out, _ := json.MarshalIndent(r.Decision, "", " ")
		fmt.Println(string(out))
	case "benign":
		evs, err := detect.LoadBenign("/work/main/rules/testdata/benign")
		if err != nil {
			panic(err)
		}
		counts := map[string]int{}
		for _, e := range evs {
			o, err := detect.Decide(ctx, d, e.Event)
			if err != nil {
				fmt.Println("ERR", e.Name, err)
				continue
			}
			counts[e.Expect+"->"+o.Action]++
			if o.Action == "block" || o.Action != e.Expect {
				fmt.Println(e.Name, e.Expect, o.Action, o.Reasons)
			}
		}
		fmt.Println(counts)
	case "strs":
		var strs []string
		b, _ := os.ReadFile(os.Args[2])
		if err := json.Unmarshal(b, &strs); err != nil {
			panic(err)
		}
		for i, str := range strs {
			body, _ := json.Marshal(map[string]string{"text": str})
			ev, _ := detect.Request{Method: "POST", URI: "/x", Headers: map[string]string{"content-type": "application/json"}, Body: string(body)}.V2Event()
			o, err := detect.Decide(ctx, d, ev)
			if err != nil || o.Action == "block" {
				fmt.Printf("%d %q %v %v\n", i, str, o.RuleIDs(), err)
			}
		}
	case "bench":
		ev, _ := os.ReadFile(os.Args[2])
		in, _, _ := engineInput(ev)
		r, err := d.Eval(ctx, in)
		fmt.Println(r.Decision.Action, err)
		start := time.Now()
		n := 200
		for i := 0; i < n; i++ {
			d.Eval(ctx, in)
		}
		fmt.Println("per eval", time.Since(start)/time.Duration(n))
	case "crs":
		recs, err := detect.LoadCRS("/work/shared/corpus/crs-regression.jsonl")
		if err != nil {
			panic(err)
		}
		stat := map[string][2]int{}
		var misses []string
		fams := map[string]bool{}
		for _, r := range recs {
			if r.Expect != "attack" || r.PL() != 1 {
				continue
			}
			if len(os.Args) > 2 && os.Args[2] != r.Family {
				continue
			}
			ev, _ := r.Request().V2Event()
			o, err := detect.Decide(ctx, d, ev)
			s := stat[r.Family]
			s[1]++
			fams[r.Family] = true
			if err != nil {
				fmt.Println("ERR", r.ID, err)
			}
			if o.Action == "block" {
				s[0]++
			} else {
				in, _, _ := engineInput(ev)
				misses = append(misses, fmt.Sprintf("%s %s", r.ID, in))
			}
			stat[r.Family] = s
		}
		var names []string
		for f := range fams {
			names = append(names, f)
		}
		sort.Strings(names)
		for _, f := range names {
			s := stat[f]
			fmt.Printf("%-18s %4d/%4d %.1f%%\n", f, s[0], s[1], 100*float64(s[0])/float64(s[1]))
		}
		os.WriteFile("/tmp/misses.txt", []byte(joinLines(misses)), 0o644)
	}
}

func bundleDir() string {
	if d := os.Getenv("BUNDLE"); d != "" {
		return d
	}
	return "/work/main/rules/default"
}
