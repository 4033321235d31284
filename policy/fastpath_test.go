package policy

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown/builtins"
)

// defaultPackWith returns the default pack (../rules/default) with files
// replaced or added: path → content, where content "" removes the file, and
// edit rewrites main.rego.
func defaultPackWith(t *testing.T, files map[string]string, edit func(string) string) fs.FS {
	t.Helper()
	out := fstest.MapFS{}
	root := os.DirFS("../rules/default")
	err := fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		if p == "lambda_firewall/main.rego" && edit != nil {
			b = []byte(edit(string(b)))
		}
		out[p] = &fstest.MapFile{Data: b}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for p, c := range files {
		if c == "" {
			delete(out, p)
			continue
		}
		out[p] = &fstest.MapFile{Data: []byte(c)}
	}
	return out
}

// quietLine is the fast-path call of the default pack's decision rule.
const quietLine = "lambda_firewall.quiet(input, data.lambda_firewall.injection, data.lambda_firewall.config)"

func replace(old, new string) func(string) string {
	return func(s string) string {
		if !strings.Contains(s, old) {
			panic("main.rego no longer holds " + old)
		}
		return strings.Replace(s, old, new, 1)
	}
}

// TestFastPathDetected checks which decision rules get the fast path: only
// the exact shape whose first branch holds exactly when quiet does.
func TestFastPathDetected(t *testing.T) {
	customPack := "package lambda_firewall.custom.mine\n\nfindings contains {\"id\": \"c-1\", \"category\": \"custom\"} if input.http.path == \"/admin\"\n"
	tests := []struct {
		name  string
		files map[string]string
		edit  func(string) string
		query string
		want  bool
	}{
		{name: "default pack", want: true},
		{name: "no else branches", edit: func(s string) string {
			i := strings.Index(s, "} else := {\"action\": \"block\"")
			return s[:i+1] + "\n"
		}, want: true},
		{name: "custom pack rules", files: map[string]string{"lambda_firewall/custom/mine.rego": customPack}},
		{name: "custom pack data", files: map[string]string{"lambda_firewall/custom/data.json": `{"mine": {"findings": []}}`}},
		{name: "a rule inside the configuration", files: map[string]string{
			"lambda_firewall/config/extra.rego": "package lambda_firewall.config\n\nextra := 1\n"}},
		{name: "a rule defining the rule packs", files: map[string]string{
			"lambda_firewall/extra.rego": "package lambda_firewall\n\ninjection.extra := 1\n"}},
		{name: "another condition", edit: replace("not data.lambda_firewall.custom", "not data.lambda_firewall.custom\n\tinput.phase != \"x\"")},
		{name: "conditions swapped", edit: replace(quietLine+"\n\tnot data.lambda_firewall.custom",
			"not data.lambda_firewall.custom\n\t"+quietLine)},
		{name: "with modifier", edit: replace(quietLine, quietLine+" with input.extra as 1")},
		{name: "part of the input", edit: replace("quiet(input,", "quiet(input.http,")},
		{name: "negation dropped", edit: replace("not data.lambda_firewall.custom", "data.lambda_firewall.config")},
		{name: "query is not the rule", query: "data.lambda_firewall.decision.action"},
		{name: "query binds a variable", query: "x := data.lambda_firewall.decision"},
		{name: "a default decision", edit: func(s string) string { return s + "\ndefault decision := {\"action\": \"allow\"}\n" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Load(context.Background(), Options{Embedded: defaultPackWith(t, tt.files, tt.edit), Query: tt.query})
			if err != nil {
				if tt.query != "" && strings.Contains(err.Error(), "decision") {
					return // a query that yields no decision object fails the warm-up: no fast path either
				}
				t.Fatal(err)
			}
			ok, rules, config := e.FastPath()
			if ok != tt.want {
				t.Fatalf("FastPath() = %v, want %v", ok, tt.want)
			}
			if ok && (rules != "data.lambda_firewall.injection" || config != "data.lambda_firewall.config") {
				t.Errorf("FastPath() reads %s and %s", rules, config)
			}
		})
	}
}

// attackInput is an event with a SQL injection in its query.
const attackInput = `{"phase":"event","source":"apigw_http","size":10,"payload_format":"json",` +
	`"http":{"method":"GET","path":"/items","headers":{"host":"api.example.com"},` +
	`"query":{"id":["1' OR '1'='1' --"]},"cookies":[],"body":"","body_format":"none"}}`

// TestFastPathSharesResults checks that the Rego evaluation after a fast
// path that did not hold takes the pack builtins' results from it: the
// data documents it read are the very values the evaluation passes, so
// nothing is inspected twice.
func TestFastPathSharesResults(t *testing.T) {
	ctx := context.Background()
	e := mustLoad(t, Options{Embedded: os.DirFS("../rules/default")})
	if e.fast == nil {
		t.Fatal("no fast path")
	}
	v, err := parseInput([]byte(attackInput), e.skipPayload, nil)
	if err != nil {
		t.Fatal(err)
	}
	memo := builtins.Cache{}
	if e.fast.allow(ctx, v, memo) {
		t.Fatal("the fast path allowed an injection")
	}
	key := evalMemo{BuiltinInspect, v, e.fast.rules, e.fast.config}
	found, ok := memo.Get(key)
	if !ok {
		t.Fatal("the fast path kept no inspect findings")
	}
	arr := found.(*ast.Array)
	if arr.Len() == 0 {
		t.Fatal("no findings for an injection")
	}
	// Replace the findings with one of another id: the decision must show it.
	f := arr.Elem(0).Value.(ast.Object).Copy()
	f.Insert(ast.StringTerm("id"), ast.StringTerm("from-the-fast-path"))
	memo.Put(key, ast.NewArray(ast.NewTerm(f)))
	d, err := e.decideRego(ctx, v, memo)
	if err != nil {
		t.Fatal(err)
	}
	if d.Action != ActionBlock || len(d.Reasons) != 1 || d.Reasons[0].ID != "from-the-fast-path" {
		t.Errorf("decision %+v, want a block for the finding kept by the fast path", d)
	}
}

// TestFastPathDecision checks Eval's results with the fast path: an
// ordinary input is allowed, an injection blocked with the reasons Rego
// gives, and a cancelled context fails.
func TestFastPathDecision(t *testing.T) {
	ctx := context.Background()
	fast := mustLoad(t, Options{Embedded: os.DirFS("../rules/default")})
	slow := mustLoad(t, Options{Embedded: os.DirFS("../rules/default"), RegoOnly: true})
	for _, input := range []string{warmUpInput, attackInput} {
		a, errA := fast.Eval(ctx, []byte(input))
		b, errB := slow.Eval(ctx, []byte(input))
		if errA != nil || errB != nil {
			t.Fatalf("errors %v, %v", errA, errB)
		}
		if a.Decision.Action != b.Decision.Action || len(a.Decision.Reasons) != len(b.Decision.Reasons) {
			t.Errorf("fast path %+v, Rego %+v", a.Decision, b.Decision)
		}
	}
	// A done context fails the fast path as it fails an evaluation that
	// notices it (the Rego evaluator polls for it, and may finish a short
	// query first).
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err := fast.Eval(cancelled, []byte(warmUpInput))
	var pe *Error
	if !errors.As(err, &pe) || pe.Code != CodeCanceled {
		t.Errorf("cancelled context: err %v, want %s", err, CodeCanceled)
	}
}

// fuzzPair holds the evaluators FuzzFastPathSameDecision compares, loaded
// once per process.
var fuzzPair struct {
	once       sync.Once
	fast, rego *Evaluator
	err        error
}

// FuzzFastPathSameDecision checks that the fast path and the Rego
// evaluator agree on any input document: the same decision, or both an
// error.
func FuzzFastPathSameDecision(f *testing.F) {
	f.Add([]byte(warmUpInput))
	f.Add([]byte(attackInput))
	f.Add(apigwV2Input(f))
	f.Add([]byte(`{"phase":"response","response":{"status_code":200,"headers":{},"body":"{\"ssn\":\"123-45-6789\"}","body_format":"json","body_json":{"ssn":"123-45-6789"}}}`))
	f.Fuzz(func(t *testing.T, input []byte) {
		fuzzPair.once.Do(func() {
			ctx := context.Background()
			if fuzzPair.fast, fuzzPair.err = Load(ctx, Options{Embedded: os.DirFS("../rules/default")}); fuzzPair.err == nil {
				fuzzPair.rego, fuzzPair.err = Load(ctx, Options{Embedded: os.DirFS("../rules/default"), RegoOnly: true})
			}
		})
		if fuzzPair.err != nil {
			t.Fatal(fuzzPair.err)
		}
		ctx := context.Background()
		a, errA := fuzzPair.fast.Eval(ctx, input)
		b, errB := fuzzPair.rego.Eval(ctx, input)
		if (errA == nil) != (errB == nil) {
			t.Fatalf("fast path err %v, Rego err %v", errA, errB)
		}
		if !reflect.DeepEqual(a.Decision, b.Decision) {
			t.Fatalf("fast path %+v, Rego %+v", a.Decision, b.Decision)
		}
	})
}
