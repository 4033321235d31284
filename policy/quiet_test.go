package policy

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// evalQuery evaluates query with the custom builtins and returns the
// bindings of its first result.
func evalQuery(t *testing.T, query string) (map[string]any, error) {
	t.Helper()
	opts := append([]func(*rego.Rego){rego.Query(query)}, builtinRegoOptions(customBuiltins())...)
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil {
		return nil, err
	}
	if len(rs) != 1 {
		t.Fatalf("%s: got %d results", query, len(rs))
	}
	return rs[0].Bindings, nil
}

func TestQuiet(t *testing.T) {
	rules := pack("r-1", `"pattern": "<script", "scope": "all"`)
	piiCfg := `"pii": {"event_detectors": ["card"], "response_detectors": ["email"], "event_fields": ["cvv"]}`
	limitsCfg := `"limits": {"max_body_bytes": 100}`
	config := `{` + piiCfg + `, ` + limitsCfg + `}`
	event := func(body string) string {
		return `{"phase": "event", "source": "apigw_http", "size": ` + strconv.Itoa(len(body)) + `, "http": {"method": "POST", "path": "/p",` +
			` "headers": {}, "query": {}, "cookies": [], "body": ` + jsonString(body) + `, "body_format": "json", "body_json": ` + body + `}}`
	}
	tests := []struct {
		name, input, config string
		want                bool
	}{
		{"ordinary event", event(`{"note": "red shoes"}`), config, true},
		{"injection", event(`{"note": "<script>alert(1)</script>"}`), config, false},
		{"pii by value", event(`{"note": "pay with 4111 1111 1111 1111"}`), config, false},
		{"pii by field", event(`{"cvv": "123"}`), config, false},
		{"limits", event(`{"note": "` + strings.Repeat("x", 120) + `"}`), config, false},
		{"response with an e-mail", `{"phase": "response", "response": {"body_json": {"to": "liam@example.com"}, "body_format": "json"}}`, config, false},
		{"missing pii and limits read as {}", event(`{"note": "red shoes"}`), `{}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := evalQuery(t, "x := lambda_firewall.quiet("+tt.input+", "+rules+", "+tt.config+")")
			if err != nil {
				t.Fatal(err)
			}
			if b["x"] != tt.want {
				t.Errorf("quiet = %v, want %v", b["x"], tt.want)
			}
			// quiet agrees with the three builtins it stands for.
			q := "i := lambda_firewall.inspect(" + tt.input + ", " + rules + ", " + tt.config + "); " +
				"p := lambda_firewall.pii(" + tt.input + ", object.get(" + tt.config + `, "pii", {})); ` +
				"l := lambda_firewall.limits(" + tt.input + ", object.get(" + tt.config + `, "limits", {}))`
			all, err := evalQuery(t, q)
			if err != nil {
				t.Fatal(err)
			}
			empty := len(all["i"].([]any)) == 0 && len(all["p"].([]any)) == 0 && len(all["l"].([]any)) == 0
			if empty != tt.want {
				t.Errorf("the builtins found %v, quiet says %v", all, tt.want)
			}
		})
	}
}

func TestQuietHaltsOnBrokenConfiguration(t *testing.T) {
	// (A configuration that is not an object is a type error at compile time.)
	for _, config := range []string{`{"limits": {"max_body_bytes": "big"}}`, `{"pii": "all"}`} {
		_, err := evalQuery(t, "x := lambda_firewall.quiet("+inspectInput+", {}, "+config+")")
		var halt *rego.HaltError
		if err == nil || !errors.As(err, &halt) && !strings.Contains(err.Error(), "halt") {
			t.Errorf("config %s: err = %v, want a halt error", config, err)
		}
	}
}

// TestQuietResultsReused checks that the builtins called after quiet in the
// same evaluation return the results it computed (the same values), and
// that another input is not served from the cache.
func TestQuietResultsReused(t *testing.T) {
	cache := map[any]any{}
	bctx := rego.BuiltinContext{Context: context.Background(), Cache: cache}
	in := &inspector{}
	q := quietBuiltin(&quietCheck{in: in, pb: &piiBuiltin{}, lb: &limitsBuiltin{}})
	input := ast.MustParseTerm(inspectInput)
	rules := ast.MustParseTerm(pack("r-1", `"pattern": "<x", "scope": "all"`))
	config := ast.MustParseTerm(`{"pii": {}, "limits": {}}`)
	got, err := q.impl3(bctx, input, rules, config)
	if err != nil || got.Value.Compare(ast.Boolean(false)) != 0 {
		t.Fatalf("quiet = %v, %v; want false (accept: evil<x>)", got, err)
	}
	first, ok := cache[evalMemo{BuiltinInspect, input.Value, rules.Value, config.Value}]
	if !ok {
		t.Fatal("quiet did not keep the inspect findings")
	}
	again, err := in.findings(bctx, input.Value, rules.Value, config.Value)
	if err != nil || again != first {
		t.Errorf("findings after quiet: %v, %v; want the kept value", again, err)
	}
	other := ast.MustParseTerm(`{"phase": "event", "http": {"path": "/a", "headers": {}, "query": {}}}`)
	v, err := in.findings(bctx, other.Value, rules.Value, config.Value)
	if err != nil || v.(*ast.Array).Len() != 0 {
		t.Errorf("findings on another input = %v, %v; want none", v, err)
	}
}

func TestMemoizedSkipsValueOperands(t *testing.T) {
	cache := map[any]any{}
	bctx := rego.BuiltinContext{Cache: cache}
	calls := 0
	compute := func() (ast.Value, error) { calls++; return ast.NewArray(), nil }
	key := evalMemo{name: "f", a: ast.String("s"), b: ast.NewObject()}
	memoized(bctx, key, compute)
	memoized(bctx, key, compute)
	if calls != 2 || len(cache) != 0 {
		t.Errorf("a string operand was cached: %d calls, %d entries", calls, len(cache))
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
