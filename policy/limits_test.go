package policy

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
)

func TestLimits(t *testing.T) {
	httpEvent := func(method, path, ct, format, body string) string {
		return fmt.Sprintf(`{"phase": "event", "size": 999999, "http": {"method": %q, "path": %q, "headers": {"content-type": %q}, "body_format": %q, "body": %q}}`,
			method, path, ct, format, body)
	}
	tests := []struct {
		name, input, config string
		want                []string
	}{
		{"defaults", httpEvent("GET", "/", "", "empty", ""), `{}`, nil},
		{"body over the global limit, counted in characters", httpEvent("POST", "/", "text/plain", "text", "ééééé"), `{"max_body_bytes": 4}`, []string{"limits-001"}},
		{"body at the limit", httpEvent("POST", "/", "text/plain", "text", "ééééé"), `{"max_body_bytes": 5}`, nil},
		{"zero means no limit", httpEvent("POST", "/", "text/plain", "text", "abc"), `{"max_body_bytes": 0}`, nil},
		{"payload size for other triggers", `{"phase": "event", "size": 10, "payload": {}}`, `{"max_body_bytes": 9}`, []string{"limits-001"}},
		{"response phase is not checked", `{"phase": "response", "size": 10}`, `{"max_body_bytes": 9}`, nil},
		{"method case-insensitive", httpEvent("get", "/", "", "empty", ""), `{"allowed_methods": ["GET"]}`, nil},
		{"method denied", httpEvent("TRACE", "/", "", "empty", ""), `{"allowed_methods": ["GET", "post"]}`, []string{"limits-002"}},
		{"methods ignored for other triggers", `{"phase": "event", "size": 1, "payload": {}}`, `{"allowed_methods": ["GET"]}`, nil},
		{"route prefix: methods and content type", httpEvent("PUT", "/api/x", "text/plain; charset=utf-8", "text", "a"),
			`{"routes": [{"path_prefix": "/api/", "methods": ["POST"], "content_types": ["application/json"]}]}`, []string{"limits-002", "limits-003"}},
		{"route content type with parameters accepted", httpEvent("POST", "/api/x", "Application/JSON; charset=utf-8", "json", "{}"),
			`{"routes": [{"path_prefix": "/api/", "content_types": ["application/json"]}]}`, nil},
		{"empty body has no content type to check", httpEvent("POST", "/api/x", "", "empty", ""),
			`{"routes": [{"path_prefix": "/api/", "content_types": ["application/json"]}]}`, nil},
		{"route size", httpEvent("POST", "/api", "a/b", "text", "12345"), `{"routes": [{"path": "/api", "max_body_bytes": 4}]}`, []string{"limits-001"}},
		{"other route unaffected", httpEvent("POST", "/other", "a/b", "text", "12345"), `{"routes": [{"path": "/api", "max_body_bytes": 4, "methods": ["GET"]}]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := evalBinding(t, fmt.Sprintf(`x := [f.id | some f in lambda_firewall.limits(%s, %s)]`, tt.input, tt.config))
			b, _ := json.Marshal(got)
			want, _ := json.Marshal(tt.want)
			if tt.want == nil {
				want = []byte("[]")
			}
			if string(b) != string(want) {
				t.Errorf("got %s, want %s", b, want)
			}
		})
	}
}

func TestLimitsMalformedConfigHalts(t *testing.T) {
	for _, cfg := range []string{
		`{"max_body_bytes": "1000"}`, `{"max_body_bytes": -1}`, `{"max_body_bytes": 1.5}`, `{"allowed_methods": "GET"}`,
		`{"allowed_methods": [1]}`, `{"routes": {}}`, `{"routes": [1]}`, `{"routes": [{"methods": ["GET"]}]}`,
		`{"routes": [{"path": 1}]}`, `{"routes": [{"path": "/a", "content_types": "x"}]}`,
	} {
		query := `x := lambda_firewall.limits({"phase": "event", "size": 1}, ` + cfg + `)`
		opts := append([]func(*rego.Rego){rego.Query(query)}, builtinRegoOptions(customBuiltins())...)
		_, err := rego.New(opts...).Eval(t.Context())
		var halt *rego.HaltError
		if err == nil || !errors.As(err, &halt) {
			t.Errorf("config %s: err %v, want an evaluation-halting error", cfg, err)
		}
	}
}

func TestLimitsConfigCache(t *testing.T) {
	lb := &limitsBuiltin{}
	a := ast.MustParseTerm(`{"max_body_bytes": 5}`).Value
	b := ast.MustParseTerm(`{"max_body_bytes": 7}`).Value
	ca, _ := lb.parse(a)
	cb, _ := lb.parse(b)
	if ca.maxBody != 5 || cb.maxBody != 7 {
		t.Fatalf("parsed %d and %d", ca.maxBody, cb.maxBody)
	}
	if again, _ := lb.parse(ast.MustParseTerm(`{"max_body_bytes": 5}`).Value); again != ca {
		t.Error("an equal config was parsed again")
	}
}
