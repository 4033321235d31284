package policy

import (
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
)

func TestZZCache(t *testing.T) {
	sb := &scanBuiltins{}
	pat := ast.MustParseTerm("{\"a\": `\\bunion\\b|select`, \"b\": [`x+y`, `(?:sleep|bench)\\(`]}")
	pat2 := ast.MustParseTerm("{\"a\": `\\bunion\\b|select`, \"b\": [`x+y`, `(?:sleep|bench)\\(`]}")
	n := 0
	for _, p := range []*ast.Term{pat, pat2, pat} {
		start := time.Now()
		sb.matchers.get(p.Value, func() (any, error) { n++; return compileMatcherSet(p.Value) })
		t.Log(time.Since(start))
	}
	t.Log("compiles", n)
}
