package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

// inspectInput is an HTTP event input document for the inspect tests.
const inspectInput = `{"phase": "event", "source": "apigw_http", "http": {
	"method": "POST", "path": "/.git/config",
	"headers": {"user-agent": "sqlmap/1.7", "x-filename": ".htaccess", "accept": "evil<x>"},
	"query": {"include_path": ["https://evil.example/x"], "q": ["A%3Cb"], "hello": ["hello"]},
	"cookies": [], "body_format": "json",
	"body_json": {"$where": "1", "n": {"phpsessid": "abc"}, "note": "x' or 1=1--", "same": "A%3Cb"}}}`

func runInspect(t *testing.T, input, rules, config string) ([]map[string]any, error) {
	t.Helper()
	query := "x := lambda_firewall.inspect(" + input + ", " + rules + ", " + config + ")"
	opts := append([]func(*rego.Rego){rego.Query(query)}, builtinRegoOptions(customBuiltins())...)
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil {
		return nil, err
	}
	if len(rs) != 1 {
		t.Fatalf("got %d results", len(rs))
	}
	b, _ := json.Marshal(rs[0].Bindings["x"])
	var out []map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out, nil
}

// pack returns a ruleset with one pack holding rule id with the extra spec
// fields, and a gate passing only strings with '<' or a quote.
func pack(id, spec string) string {
	return `{"gate": {"chars": "[<']"}, "packs": {"p": {"rules": {"` + id + `": {"category": "c", "severity": "high", ` +
		`"paranoia": 1, "message": "m", ` + spec + `}}}}}`
}

func paths(fs []map[string]any) []string {
	var out []string
	for _, f := range fs {
		b, _ := json.Marshal(f["path"])
		out = append(out, f["id"].(string)+" "+string(b))
	}
	return out
}

func TestInspectRules(t *testing.T) {
	tests := []struct {
		name, spec, config string
		want               []string
	}{
		{"gated pattern on the normalised form", `"pattern": "a<b"`, `{}`,
			[]string{`r ["http","body_json","same"]`, `r ["http","query","q",0]`}},
		{"gate hides plain words", `"pattern": "hello"`, `{}`, nil},
		{"scope all sees plain words", `"pattern": "^hello$", "scope": "all"`, `{}`,
			[]string{`r ["http","query","hello"]`, `r ["http","query","hello",0]`}},
		{"field value matches the raw string", `"pattern": "%3C", "field": "value"`, `{}`,
			[]string{`r ["http","body_json","same"]`, `r ["http","query","q",0]`}},
		{"detector", `"detector": "sqli"`, `{}`, []string{`r ["http","body_json","note"]`}},
		{"keys scope fires at keys only", `"pattern": "^\\$where$", "scope": "keys"`, `{}`,
			[]string{`r ["http","body_json","$where"]`}},
		{"under", `"pattern": "^phpsessid$", "scope": "keys", "under": [["http", "body_json"]]`, `{}`,
			[]string{`r ["http","body_json","n","phpsessid"]`}},
		{"under excludes", `"pattern": "^phpsessid$", "scope": "keys", "under": [["http", "query"]]`, `{}`, nil},
		{"param", `"pattern": "^https://", "scope": "all", "kinds": ["value"], "param": "include"`, `{}`,
			[]string{`r ["http","query","include_path",0]`}},
		{"kinds", `"pattern": "^hello$", "scope": "all", "kinds": ["key"]`, `{}`,
			[]string{`r ["http","query","hello"]`}},
		{"path scope", `"pattern": "(^|/)\\.[\\w-]+(/|$)", "scope": "path"`, `{}`, []string{`r ["http","path"]`}},
		{"path scope unless", `"pattern": "(^|/)\\.[\\w-]+(/|$)", "scope": "path", "unless": "^/\\.git/"`, `{}`, nil},
		{"headers scope", `"pattern": "^sqlmap", "scope": "headers", "headers": ["User-Agent"]`, `{}`,
			[]string{`r ["http","headers","user-agent"]`}},
		{"headers scope honours skip_headers", `"pattern": "^sqlmap", "scope": "headers", "headers": ["user-agent"]`,
			`{"skip_headers": ["User-Agent"]}`, nil},
		{"headers and body", `"pattern": "^\\.htaccess$", "scope": ["headers", "body"], "headers": ["x-filename"]`, `{}`,
			[]string{`r ["http","headers","x-filename"]`}},
		{"skipped headers are not inspected", `"pattern": "evil<"`, `{"skip_headers": ["accept"]}`, nil},
		{"paranoia above the level is skipped", `"pattern": "a<b", "paranoia": 2`, `{}`, nil},
		{"paranoia at the level runs", `"pattern": "a<b", "paranoia": 2`, `{"paranoia_level": 2}`,
			[]string{`r ["http","body_json","same"]`, `r ["http","query","q",0]`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := pack("r", tt.spec)
			if strings.Contains(tt.spec, `"paranoia": 2`) {
				rules = strings.Replace(rules, `"paranoia": 1, `, ``, 1)
			}
			got, err := runInspect(t, inspectInput, rules, tt.config)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := strings.Join(paths(got), "\n"), strings.Join(tt.want, "\n"); g != w {
				t.Errorf("findings:\n%s\nwant:\n%s", g, w)
			}
			for _, f := range got {
				if f["category"] != "c" || f["severity"] != "high" || f["message"] != "m" || f["paranoia"] == nil {
					t.Errorf("finding without its rule's fields: %v", f)
				}
			}
		})
	}
}

func TestInspectResponsePhaseAndEmpty(t *testing.T) {
	resp := strings.Replace(inspectInput, `"phase": "event"`, `"phase": "response"`, 1)
	for _, in := range []string{resp, `{}`, `"x"`} {
		got, err := runInspect(t, in, pack("r", `"pattern": "a<b", "scope": "all"`), `{}`)
		if err != nil || len(got) != 0 {
			t.Errorf("inspect(%.30s) = %v, %v; want no findings", in, got, err)
		}
	}
	got, err := runInspect(t, inspectInput, `{}`, `{}`)
	if err != nil || len(got) != 0 {
		t.Errorf("empty ruleset: %v, %v", got, err)
	}
}

func TestInspectSortedAndDeduplicated(t *testing.T) {
	rules := `{"packs": {"b": {"rules": {"z-1": {"category": "c", "severity": "s", "message": "m", "pattern": "<", "scope": "all"}}},
		"a": {"rules": {"a-1": {"category": "c", "severity": "s", "message": "m", "pattern": ["<", "a<"], "scope": "all"}}}}}`
	got, err := runInspect(t, inspectInput, rules, `{}`)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`a-1 ["http","body_json","same"]`, `a-1 ["http","headers","accept"]`, `a-1 ["http","query","q",0]`,
		`z-1 ["http","body_json","same"]`, `z-1 ["http","headers","accept"]`, `z-1 ["http","query","q",0]`,
	}
	if g, w := strings.Join(paths(got), "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("findings:\n%s\nwant:\n%s", g, w)
	}
}

func TestInspectRulesetErrors(t *testing.T) {
	tests := []struct{ name, rules, want string }{
		{"packs not an object", `{"packs": []}`, "packs must be an object"},
		{"pattern and detector", pack("r", `"pattern": "a", "detector": "sqli"`), "exactly one of pattern and detector"},
		{"neither", pack("r", `"scope": "all"`), "exactly one of pattern and detector"},
		{"unknown scope", pack("r", `"pattern": "a", "scope": "cookies"`), `unknown scope "cookies"`},
		{"bad regex", pack("r", `"pattern": "a("`), `"r": error parsing regexp`},
		{"bad unless", pack("r", `"pattern": "a", "unless": "("`), "unless"},
		{"unknown detector", pack("r", `"detector": "ldap"`), "unknown detector"},
		{"headers without names", pack("r", `"pattern": "a", "scope": "headers"`), "needs headers"},
		{"missing message", `{"packs": {"p": {"rules": {"r": {"category": "c", "severity": "s", "pattern": "a"}}}}}`, "message must be a string"},
		{"bad paranoia", pack("r", `"pattern": "a", "paranoia": 0`), "paranoia"},
		{"duplicate id", `{"packs": {"p": {"rules": {"r": {"category": "c", "severity": "s", "message": "m", "pattern": "a"}}},
			"q": {"rules": {"r": {"category": "c", "severity": "s", "message": "m", "pattern": "b"}}}}}`, "more than one pack"},
		{"pack without rules", `{"packs": {"p": {}}}`, "pack p: rules must be an object"},
		{"unknown field", pack("r", `"pattern": "a", "scopes": ["all"]`), `rule r: unknown field "scopes"`},
		{"empty gate prefix", `{"gate": {"prefixes": ["sel", ""]}}`, "gate.prefixes: empty string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := tt.rules
			if strings.Contains(rules, `"paranoia": 0`) {
				rules = strings.Replace(rules, `"paranoia": 1, `, ``, 1)
			}
			_, err := runInspect(t, inspectInput, rules, `{}`)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to mention %q", err, tt.want)
			}
			var halt *rego.HaltError
			if !errors.As(err, &halt) && !strings.Contains(fmt.Sprint(err), "halt") {
				t.Errorf("err %T is not a halt error: a broken pack must fail the evaluation", err)
			}
		})
	}
}

// TestInspectCacheFollowsValues checks that the compiled-ruleset cache is
// keyed by value: a ruleset and a config that change between calls on the
// same inspector are recompiled, equal ones are not.
func TestInspectCacheFollowsValues(t *testing.T) {
	in := &inspector{}
	input := ast.MustParseTerm(inspectInput).Value
	cfg := ast.MustParseTerm(`{}`).Value
	var last *ruleset
	run := func(rules ast.Value, cfg ast.Value) int {
		rs, opts, err := in.compile(rules, cfg)
		if err != nil {
			t.Fatal(err)
		}
		last = rs
		return inspect(input, rs, opts).(*ast.Array).Len()
	}
	r1 := ast.MustParseTerm(pack("r", `"pattern": "a<b", "scope": "all"`)).Value
	r2 := ast.MustParseTerm(pack("r", `"pattern": "nothing-matches-this", "scope": "all"`)).Value
	if n := run(r1, cfg); n != 2 {
		t.Fatalf("r1: %d findings, want 2", n)
	}
	first := last
	if n := run(r2, cfg); n != 0 {
		t.Fatalf("r2: %d findings, want 0 (stale cache?)", n)
	}
	if n := run(ast.MustParseTerm(pack("r", `"pattern": "a<b", "scope": "all"`)).Value, cfg); n != 2 {
		t.Fatalf("r1 again: %d findings, want 2", n)
	}
	if last != first {
		t.Error("an equal ruleset value was compiled again")
	}
	if n := run(r1, ast.MustParseTerm(`{"skip_headers": ["accept"]}`).Value); n != 2 {
		t.Fatalf("r1 with another config: %d", n)
	}
}
