package policy

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

func TestPayloadBesideViewsUnread(t *testing.T) {
	tests := []struct {
		name, rego string
		want       bool
	}{
		{"views and metadata", `allow if { input.http.method == "GET"; input.phase == "event"; input.size < 10 }`, true},
		{"input to the view builtins", `a := lambda_firewall.inspect(input, {}, {})
b := lambda_firewall.quiet(input, {}, {})
c := lambda_firewall.pii(input, {})`, true},
		{"payload read", `allow if input.payload.requestContext.authorizer`, false},
		{"payload as a value", `p := input.payload`, false},
		{"input to another builtin", `s := json.marshal(input)`, false},
		{"object.get", `p := object.get(input, "payload", {})`, false},
		{"variable key", `v := input[k] if some k in ["payload"]`, false},
		{"input whole", `x := input`, false},
		{"walk", `n := count([p | walk(input, [p, _])])`, false},
		{"import of the payload", "import input.payload as p\nx := p.body", false},
		{"import of a view", "import input.http as h\nx := h.method", true},
		{"with input", `x if { y with input as {} }
y := 1`, false},
		{"strings builtin reads any document", `s := lambda_firewall.strings(input)`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ast.ParseModuleWithOpts("p.rego", "package p\n"+tt.rego, ast.ParserOptions{RegoVersion: ast.RegoV1})
			if err != nil {
				t.Fatal(err)
			}
			if got := payloadBesideViewsUnread([]*ast.Module{m}, ast.MustParseBody("data.p.x")); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("query", func(t *testing.T) {
		if payloadBesideViewsUnread(nil, ast.MustParseBody("x := input.payload")) {
			t.Error("a query reading the payload was not noticed")
		}
	})
}

func TestDefaultPackSkipsPayloadBesideViews(t *testing.T) {
	e := mustLoad(t, Options{Paths: []string{"../rules/default"}})
	if !e.skipPayload {
		t.Fatal("the default pack reads input.payload beside the views: every evaluation parses it")
	}
}

func TestParseInputSkipsPayloadBesideViews(t *testing.T) {
	tests := []struct {
		name, doc string
		kept      bool
	}{
		{"http view", `{"phase":"event","payload":{"a":[1,{"b":"}\"]"}],"c":null},"http":{"method":"GET"}}`, false},
		{"response view", `{"phase":"response","payload":"text \" }","response":{"status_code":200}}`, false},
		{"view before the payload", `{"http":{},"payload":[1,2,{"x":"]"}],"size":3}`, false},
		{"no view", `{"phase":"event","payload":{"Records":[{"body":"x"}]},"source":"sqs"}`, true},
		{"scalar payload", `{"payload":12.5e3,"http":{}}`, false},
		{"nested payload keys untouched", `{"http":{"payload":1},"payload":true}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			full, err := parseInput([]byte(tt.doc), false, nil)
			if err != nil {
				t.Fatal(err)
			}
			got, err := parseInput([]byte(tt.doc), true, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := full.(ast.Object)
			if !tt.kept {
				want = ast.NewObject()
				full.(ast.Object).Foreach(func(k, v *ast.Term) {
					if k.Value.Compare(ast.String("payload")) != 0 {
						want.Insert(k, v)
					}
				})
			}
			if got.Compare(want) != 0 {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
	for _, bad := range []string{`{"payload":{"a":1,"http":{}}`, `{"payload":"unterminated,"http":{}}`, `{"payload":,"http":{}}`,
		`{"payload":`, `{"payload":   `, `{"payload":12`} { // the input ends where the payload should be
		if _, err := parseInput([]byte(bad), true, nil); err == nil {
			t.Errorf("%s: parsed, want an error", bad)
		}
	}
}

// FuzzParseInputSkippingPayload checks that leaving the payload out beside
// a view changes nothing else, and that what parses whole parses skipping.
func FuzzParseInputSkippingPayload(f *testing.F) {
	f.Add([]byte(`{"phase":"event","payload":{"a":"b"},"http":{"path":"/"}}`))
	f.Add([]byte(`{"payload":[1,"]"],"response":{}}`))
	f.Add([]byte(warmUpInput))
	f.Add(apigwFixture(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		full, err := parseInput(data, false, nil)
		if err != nil {
			return
		}
		got, err := parseInput(data, true, nil)
		if err != nil {
			t.Fatalf("parses whole but not skipping the payload: %v", err)
		}
		obj, ok := full.(ast.Object)
		if !ok {
			if got.Compare(full) != 0 {
				t.Fatalf("not an object: got %v, want %v", got, full)
			}
			return
		}
		viewed := obj.Get(ast.StringTerm("http")) != nil || obj.Get(ast.StringTerm("response")) != nil
		want := ast.NewObject()
		obj.Foreach(func(k, v *ast.Term) {
			if !viewed || k.Value.Compare(ast.String("payload")) != 0 {
				want.Insert(k, v)
			}
		})
		if got.Compare(want) != 0 {
			t.Fatalf("got %v, want %v", got, want)
		}
	})
}
