package policy

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

func TestZZProf(t *testing.T) {
	in := os.Getenv("ZZIN")
	if in == "" {
		t.Skip()
	}
	raw, _ := os.ReadFile(in)
	v, _ := ast.ValueFromReader(bytes.NewReader(raw))
	for _, q := range []string{
		os.Getenv("ZZQ"),
		"data.lambda_firewall.injection.sqli.findings", "data.lambda_firewall.injection.xss.findings",
		"data.lambda_firewall.injection.rce.findings", "data.lambda_firewall.injection.lfi.findings",
		"data.lambda_firewall.injection.rfi.findings", "data.lambda_firewall.injection.ssrf.findings",
		"data.lambda_firewall.injection.jndi.findings", "data.lambda_firewall.injection.java.findings",
		"data.lambda_firewall.injection.php.findings", "data.lambda_firewall.injection.nosql.findings",
		"data.lambda_firewall.injection.node.findings", "data.lambda_firewall.injection.scanner.findings",
		"data.lambda_firewall.injection.session.findings", "data.lambda_firewall.limits.findings",
		"data.lambda_firewall.pii.masks", "data.lambda_firewall.pii.findings", "data.lambda_firewall.decision",
		"data.lambda_firewall.blocking", "data.lambda_firewall.masks", "count(data.lambda_firewall.targets.scan.all)",
	} {
		if q == "" || os.Getenv("ZZQ") != "" && q != os.Getenv("ZZQ") {
			continue
		}
		opts := append([]func(*rego.Rego){rego.Query(q), rego.Load([]string{"../rules/default"}, nil), rego.StoreReadAST(os.Getenv("ZZAST") != "")}, builtinRegoOptions(customBuiltins())...)
		pq, err := rego.New(opts...).PrepareForEval(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pq.Eval(context.Background(), rego.EvalParsedInput(v))
		pq.Eval(context.Background(), rego.EvalParsedInput(v))
		n := 3000
		start := time.Now()
		for range n {
			pq.Eval(context.Background(), rego.EvalParsedInput(v))
		}
		fmt.Printf("%-55s %8d us\n", q, time.Since(start).Microseconds()/int64(n))
	}
}
