package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// Input documents, as the Rego test helpers (lambda_firewall.testing) build them.

var piiBaseHTTP = map[string]any{
	"method": "GET", "path": "/", "raw_path": "/",
	"headers": map[string]any{"user-agent": "Mozilla/5.0", "accept": "*/*"},
	"query":   map[string]any{}, "cookies": []any{}, "body_format": "empty",
}

func piiHTTP(fields map[string]any) map[string]any {
	h := map[string]any{}
	for k, v := range piiBaseHTTP {
		h[k] = v
	}
	for k, v := range fields {
		h[k] = v
	}
	return map[string]any{"phase": "event", "source": "apigw_http", "size": 100, "payload": map[string]any{}, "http": h}
}

func piiMarshal(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func piiJSONBody(doc any) map[string]any {
	return piiHTTP(map[string]any{"method": "POST", "body_format": "json", "body": piiMarshal(doc), "body_json": doc})
}

func piiTextBody(format, s string) map[string]any {
	return piiHTTP(map[string]any{"method": "POST", "body_format": format, "body": s})
}

func piiSQS(body string) map[string]any {
	return map[string]any{
		"phase": "event", "source": "sqs", "size": 100,
		"payload": map[string]any{"Records": []any{map[string]any{"messageId": "m-1", "eventSource": "aws:sqs", "body": body}}},
	}
}

func piiResponseJSON(doc any) map[string]any {
	in := piiHTTP(nil)
	in["phase"] = "response"
	in["response"] = map[string]any{"status": 200, "headers": map[string]any{}, "body": piiMarshal(doc), "body_format": "json", "body_json": doc}
	return in
}

func piiResponseText(format, s string) map[string]any {
	in := piiHTTP(nil)
	in["phase"] = "response"
	in["response"] = map[string]any{"status": 200, "headers": map[string]any{}, "body": s, "body_format": format}
	return in
}

// piiValue converts a Go document to an AST value as the evaluator reads
// its input (through JSON).
func piiValue(t testing.TB, doc any) ast.Value {
	t.Helper()
	v, err := ast.ValueFromReader(strings.NewReader(piiMarshal(doc)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// defaultPIIConfig is the pii object of the default bundle's config.
func defaultPIIConfig(t testing.TB) ast.Value {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "rules", "default", "lambda_firewall", "config", "data.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		PII json.RawMessage `json:"pii"`
	}
	if err := json.Unmarshal(raw, &cfg); err != nil {
		t.Fatal(err)
	}
	v, err := ast.ValueFromReader(strings.NewReader(string(cfg.PII)))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustPIISettings(t testing.TB, cfg ast.Value) *piiSettings {
	t.Helper()
	ps, err := parsePIISettings(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// Candidates as the tests write them.
const (
	emailRegex  = `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`
	akRegex     = `\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`
	jwtRegex    = `eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}`
	bearerRegex = `[Bb]earer\s+[A-Za-z0-9._~+/-]{16,}=*`
	phoneRegex  = `\+\d{1,3}[ .-]?\(?\d{1,4}\)?([ .-]?\d{2,4}){2,4}\b|\(\d{3}\) ?\d{3}-\d{4}\b|\b\d{3}[.-]\d{3}[.-]\d{4}\b`
)

// cand is an expected candidate; pattern "-" means none.
func cand(id, strategy, pattern string, path ...any) map[string]any {
	mask := map[string]any{"path": path, "strategy": strategy}
	if pattern != "-" {
		mask["pattern"] = pattern
	}
	return map[string]any{"id": id, "path": path, "mask": mask}
}

func TestPII(t *testing.T) {
	def := defaultPIIConfig(t)
	const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	tests := []struct {
		name  string
		input map[string]any
		cfg   any // nil: the default config
		want  []map[string]any
	}{
		// The cases of rules/default/lambda_firewall/pii/pii_test.rego.
		{
			name:  "card in event text masked last4",
			input: piiJSONBody(map[string]any{"note": "pay with 4111 1111 1111 1111 please"}),
			want:  []map[string]any{cand("pii-card", "last4", "4111 1111 1111 1111", "http", "body_json", "note")},
		},
		{
			name:  "card needs luhn",
			input: piiJSONBody(map[string]any{"note": "4111 1111 1111 1112"}),
		},
		{
			name:  "timestamps and order ids not masked",
			input: piiJSONBody(map[string]any{"ts": "1732550400123", "order": "1700000012345678", "id": 4111111111111111}),
		},
		{
			name:  "field by name",
			input: piiJSONBody(map[string]any{"payment": map[string]any{"cvv": "123", "card_number": "4111111111111111"}}),
			want: []map[string]any{
				cand("pii-field", "full", "-", "http", "body_json", "payment", "cvv"),
				cand("pii-field", "last4", "-", "http", "body_json", "payment", "card_number"),
			},
		},
		{
			name:  "email not masked in events",
			input: piiJSONBody(map[string]any{"email": "liam@example.com"}),
		},
		{
			name: "response masks email ssn iban password",
			input: piiResponseJSON(map[string]any{
				"email": "liam@example.com", "ssn": "123-45-6789", "note": "SSN 123-45-6789",
				"iban": "GB82 WEST 1234 5698 7654 32", "password": "hunter2",
			}),
			want: []map[string]any{
				cand("pii-field", "full", "-", "response", "body_json", "ssn"),
				cand("pii-field", "full", "-", "response", "body_json", "password"),
				cand("pii-email", "full", emailRegex, "response", "body_json", "email"),
				cand("pii-ssn", "full", "123-45-6789", "response", "body_json", "note"),
				cand("pii-iban", "last4", "GB82 WEST 1234 5698 7654 32", "response", "body_json", "iban"),
			},
		},
		{
			name:  "invalid ssn not masked",
			input: piiResponseJSON(map[string]any{"note": "ref 000-12-3456 and 666-12-3456"}),
		},
		{
			name: "aws keys and tokens",
			input: piiResponseJSON(map[string]any{
				"key": "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key": secret,
				"header": "Bearer abcdefghijklmnopqrstuvwxyz123456", "jwt": jwt,
			}),
			want: []map[string]any{
				cand("pii-aws-access-key", "full", akRegex, "response", "body_json", "key"),
				cand("pii-aws-secret-key", "full", "-", "response", "body_json", "aws_secret_access_key"),
				cand("pii-bearer", "full", bearerRegex, "response", "body_json", "header"),
				cand("pii-jwt", "full", jwtRegex, "response", "body_json", "jwt"),
			},
		},
		{
			name:  "sqs message card masked inside json string",
			input: piiSQS(`{"payment": {"card": "4111-1111-1111-1111"}}`),
			want:  []map[string]any{cand("pii-card", "last4", "4111-1111-1111-1111", "payload", "Records", 0, "body", "payment", "card")},
		},
		{
			// test_disabled_pii_rule: disabled_rules are applied by the pack
			// (settings.enabled), not by the builtin.
			name:  "disabled rule is the pack's business",
			input: piiJSONBody(map[string]any{"card_number": "4111111111111111"}),
			want:  []map[string]any{cand("pii-field", "last4", "-", "http", "body_json", "card_number")},
		},

		// Edge cases.
		{
			name:  "numbers under named keys",
			input: piiJSONBody(map[string]any{"cvv": 123, "card_number": 4111111111111111, "qty": 4111111111111111}),
			want: []map[string]any{
				cand("pii-field", "full", "-", "http", "body_json", "cvv"),
				cand("pii-field", "last4", "-", "http", "body_json", "card_number"),
			},
		},
		{
			name: "array under a named key: its scalar elements, one level",
			input: piiJSONBody(map[string]any{"cvv": []any{"123", 456, []any{"789"}, map[string]any{"x": "1"}, true, nil},
				"list": []any{[]any{"4111 1111 1111 1111"}}}),
			want: []map[string]any{
				cand("pii-field", "full", "-", "http", "body_json", "cvv", 0),
				cand("pii-field", "full", "-", "http", "body_json", "cvv", 1),
				cand("pii-card", "last4", "4111 1111 1111 1111", "http", "body_json", "list", 0, 0),
			},
		},
		{
			name:  "keys compared lower-cased with dashes as underscores",
			input: piiJSONBody(map[string]any{"Card-Number": "4111111111111111", "CVV": "1", "cc-Number": 5, "cvv_code": "2"}),
			want: []map[string]any{
				cand("pii-field", "last4", "-", "http", "body_json", "Card-Number"),
				cand("pii-field", "full", "-", "http", "body_json", "CVV"),
				cand("pii-field", "last4", "-", "http", "body_json", "cc-Number"),
			},
		},
		{
			name:  "json strings inside an sqs body are not parsed",
			input: piiSQS(`{"cvv": "{\"n\": \"4111 1111 1111 1111\"}", "x": " [\"5500 0000 0000 0004\"]"}`),
			want: []map[string]any{
				cand("pii-field", "full", "-", "payload", "Records", 0, "body", "cvv"),
				cand("pii-card", "last4", "5500 0000 0000 0004", "payload", "Records", 0, "body", "x"),
			},
		},
		{
			name: "named key holding a json string in the payload",
			input: map[string]any{"phase": "event", "source": "unknown", "payload": map[string]any{
				"ssn": `{"card_number": "4111111111111111", "v": "4111 1111 1111 1111"}`}},
			want: []map[string]any{
				cand("pii-field", "full", "-", "payload", "ssn"),
				cand("pii-field", "last4", "-", "payload", "ssn", "card_number"),
				cand("pii-card", "last4", "4111 1111 1111 1111", "payload", "ssn", "v"),
			},
		},
		{
			name: "nested json in an sqs body is searched as text",
			input: piiSQS(piiMarshal(map[string]any{"Type": "Notification",
				"Message": `{"card": "4111 1111 1111 1111", "cvv": "123"}`})),
			want: []map[string]any{cand("pii-card", "last4", "4111 1111 1111 1111", "payload", "Records", 0, "body", "Message")},
		},
		{
			name:  "invalid json stays a string",
			input: piiSQS(`{"card": "4111 1111 1111 1111"`),
			want:  []map[string]any{cand("pii-card", "last4", "4111 1111 1111 1111", "payload", "Records", 0, "body")},
		},
		{
			name:  "text body",
			input: piiTextBody("text", "card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE"),
			want: []map[string]any{
				cand("pii-aws-access-key", "full", akRegex, "http", "body"),
				cand("pii-card", "last4", "4111 1111 1111 1111", "http", "body"),
			},
		},
		{
			name:  "form body",
			input: piiTextBody("form", "cc=4111111111111111&cvv=123"),
			want:  []map[string]any{cand("pii-card", "last4", "4111111111111111", "http", "body")},
		},
		{
			name:  "json body is not a text site",
			input: piiTextBody("json", "4111111111111111"),
		},
		{
			name:  "response text body",
			input: piiResponseText("text", "mail liam@example.com or call (555) 123-4567"),
			want: []map[string]any{
				cand("pii-email", "full", emailRegex, "response", "body"),
				cand("pii-phone", "full", phoneRegex, "response", "body"),
			},
		},
		{
			name:  "response json body is not a text site",
			input: piiResponseText("json", "liam@example.com"),
		},
		{
			name: "invalid cards",
			input: piiJSONBody(map[string]any{
				"iin":    "9111 1111 1111 1113", // Luhn-valid, no issuer
				"layout": "4111 11111111 1111",
				"luhn":   "4111111111111112",
			}),
		},
		{
			name: "several cards, distinct, in order",
			input: piiJSONBody(map[string]any{
				"note": "4111111111111111 then 5500-0000-0000-0004 then 4111111111111111 and 4111 1111 1111 1112"}),
			want: []map[string]any{
				cand("pii-card", "last4", "4111111111111111", "http", "body_json", "note"),
				cand("pii-card", "last4", "5500-0000-0000-0004", "http", "body_json", "note"),
			},
		},
		{
			name:  "invalid ssns",
			input: piiResponseJSON(map[string]any{"a": "900-12-3456", "b": "123-00-4567", "c": "123-45-0000", "d": "1123-45-6789"}),
		},
		{
			name:  "invalid iban",
			input: piiResponseJSON(map[string]any{"a": "GB83 WEST 1234 5698 7654 32", "b": "iban GB82WEST12345698765432."}),
			want:  []map[string]any{cand("pii-iban", "last4", "GB82WEST12345698765432", "response", "body_json", "b")},
		},
		{
			name:  "value detectors skip sites masked by name",
			input: piiResponseJSON(map[string]any{"Token": "AKIAIOSFODNN7EXAMPLE", "api-key": "liam@example.com"}),
			want: []map[string]any{
				cand("pii-field", "full", "-", "response", "body_json", "Token"),
				cand("pii-field", "full", "-", "response", "body_json", "api-key"),
			},
		},
		{
			name: "aws secret key by key name and in text",
			input: piiResponseJSON(map[string]any{
				"AWS-Key":   secret,
				"secret":    secret, // a field name: masked by name
				"other":     secret,
				"short":     secret[1:],
				"my_secret": secret + "=",
				"text":      "aws_secret_access_key = " + secret,
				"unicode":   "aWſ secret: '" + secret + "'",
			}),
			want: []map[string]any{
				cand("pii-aws-secret-key", "full", "-", "response", "body_json", "AWS-Key"),
				cand("pii-field", "full", "-", "response", "body_json", "secret"),
				cand("pii-aws-secret-key", "full", `[A-Za-z0-9/+]{40}`, "response", "body_json", "text"),
				cand("pii-aws-secret-key", "full", `[A-Za-z0-9/+]{40}`, "response", "body_json", "unicode"),
			},
		},
		{
			name:  "disabled detectors",
			input: piiResponseJSON(map[string]any{"card": "4111 1111 1111 1111", "mail": "liam@example.com", "password": "x"}),
			cfg:   map[string]any{"response_detectors": []any{"email", "nope"}, "event_detectors": []any{"card"}},
			want:  []map[string]any{cand("pii-email", "full", emailRegex, "response", "body_json", "mail")},
		},
		{
			name:  "empty config",
			input: piiResponseJSON(map[string]any{"card": "4111 1111 1111 1111", "password": "x"}),
			cfg:   map[string]any{},
		},
		{
			name:  "no phase: response settings, payload only",
			input: map[string]any{"payload": map[string]any{"mail": "liam@example.com", "pwd": 1}},
			want: []map[string]any{
				cand("pii-email", "full", emailRegex, "payload", "mail"),
				cand("pii-field", "full", "-", "payload", "pwd"),
			},
		},
		{
			name: "response phase without a response object",
			input: map[string]any{"phase": "response", "http": map[string]any{"body_json": map[string]any{"cvv": "1"}},
				"payload": map[string]any{"cvv": "1"}},
		},
		{
			name: "event with response object: no payload",
			input: map[string]any{"phase": "event", "response": map[string]any{},
				"payload": map[string]any{"cvv": "1"}},
		},
		{
			name:  "payload that is a json string",
			input: map[string]any{"phase": "event", "payload": `{"cvv": 1, "n": "4111 1111 1111 1111"}`},
			want: []map[string]any{
				cand("pii-field", "full", "-", "payload", "cvv"),
				cand("pii-card", "last4", "4111 1111 1111 1111", "payload", "n"),
			},
		},
		{
			name:  "payload that is an array of json strings",
			input: map[string]any{"phase": "event", "payload": []any{`{"n": "4111 1111 1111 1111"}`, "4111111111111111"}},
			want: []map[string]any{
				cand("pii-card", "last4", "4111 1111 1111 1111", "payload", 0, "n"),
				cand("pii-card", "last4", "4111111111111111", "payload", 1),
			},
		},
		{
			name:  "the empty field name matches only where some object has the key \"\"",
			input: piiJSONBody([]any{"4111111111111111", map[string]any{"a": []any{[]any{"x"}}}}),
			cfg:   map[string]any{"event_fields": []any{""}, "event_detectors": []any{"card"}},
		},
		{
			name:  "the empty field name with an empty key",
			input: piiJSONBody([]any{"4111111111111111", map[string]any{"": 1, "a": []any{[]any{"x"}}}}),
			cfg:   map[string]any{"event_fields": []any{""}, "event_detectors": []any{"card"}, "last4_fields": []any{""}},
			want: []map[string]any{
				cand("pii-field", "last4", "-", "http", "body_json", 0),
				cand("pii-field", "last4", "-", "http", "body_json", 1, ""),
				cand("pii-field", "last4", "-", "http", "body_json", 1, "a", 0, 0),
			},
		},
		{
			name:  "no input",
			input: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := def
			if tt.cfg != nil {
				cfg = piiValue(t, tt.cfg)
			}
			in := piiValue(t, tt.input)
			got := piiCandidatesValue(in, mustPIISettings(t, cfg))
			checkPIIOutput(t, in, got)
			want := piiValue(t, tt.want)
			if tt.want == nil {
				want = ast.NewArray()
			}
			if piiSetOf(got).Compare(piiSetOf(want)) != 0 {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
	}
}

// piiSetOf returns the elements of an array as a set.
func piiSetOf(v ast.Value) ast.Set {
	s := ast.NewSet()
	v.(*ast.Array).Foreach(s.Add)
	return s
}

// checkPIIOutput checks the invariants of an output of lambda_firewall.pii
// for input: sorted and distinct candidates of known ids, each mask on the
// candidate's path, which exists in input and holds a scalar, a pattern
// exactly for the value detectors, and a match of card, ssn and iban
// detectors in the string it masks.
func checkPIIOutput(t testing.TB, input, out ast.Value) {
	t.Helper()
	arr, ok := out.(*ast.Array)
	if !ok {
		t.Fatalf("output %v is not an array", out)
	}
	var prev *ast.Term
	for i := range arr.Len() {
		c := arr.Elem(i)
		obj, ok := c.Value.(ast.Object)
		if !ok || obj.Len() != 3 {
			t.Fatalf("candidate %v", c)
		}
		if prev != nil && comparePIITerms(prev, c) >= 0 {
			t.Fatalf("candidates %v and %v out of order or repeated", prev, c)
		}
		prev = c
		id, _ := stringOf(obj.Get(termID))
		path := arrayOf(obj.Get(termPath))
		mask, _ := objectOf(obj.Get(termMask))
		if path == nil || mask == nil || !mask.Get(termPath).Equal(obj.Get(termPath)) {
			t.Fatalf("candidate %v: mask path differs", c)
		}
		strategy, _ := stringOf(mask.Get(termStrategy))
		if strategy != strategyFull && strategy != strategyLast4 {
			t.Fatalf("candidate %v: strategy", c)
		}
		pattern, hasPattern := stringOf(mask.Get(termPattern))
		if mask.Len() != 2+btoi(hasPattern) {
			t.Fatalf("candidate %v: mask keys", c)
		}
		leaf, ok := piiResolve(input, path)
		if !ok {
			t.Fatalf("candidate %v: path not in input", c)
		}
		s, isString := leaf.(ast.String)
		_, isNumber := leaf.(ast.Number)
		switch id {
		case "pii-field":
			if hasPattern || !isString && !isNumber {
				t.Fatalf("candidate %v at %v", c, leaf)
			}
		case "pii-card", "pii-ssn", "pii-iban":
			if !isString || !hasPattern || !strings.Contains(string(s), pattern) {
				t.Fatalf("candidate %v at %v: pattern is not a substring", c, leaf)
			}
		case "pii-aws-secret-key":
			if !isString || hasPattern && pattern != awsSecretMaskPattern {
				t.Fatalf("candidate %v at %v", c, leaf)
			}
		case "pii-email", "pii-phone", "pii-aws-access-key", "pii-jwt", "pii-bearer":
			if !isString || !hasPattern {
				t.Fatalf("candidate %v at %v", c, leaf)
			}
		default:
			t.Fatalf("candidate %v: unknown id", c)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// comparePIITerms orders two output candidates by path, id and pattern.
func comparePIITerms(a, b *ast.Term) int {
	get := func(t *ast.Term) piiCandidate {
		o := t.Value.(ast.Object)
		m := o.Get(termMask).Value.(ast.Object)
		c := piiCandidate{}
		c.id, _ = stringOf(o.Get(termID))
		c.strategy, _ = stringOf(m.Get(termStrategy))
		c.pattern, c.hasPattern = stringOf(m.Get(termPattern))
		arr := o.Get(termPath).Value.(*ast.Array)
		for i := range arr.Len() {
			c.path = append(c.path, arr.Elem(i))
		}
		return c
	}
	return comparePIICandidates(get(a), get(b))
}

// piiResolve returns the value at path in input; a path meeting a string
// holding JSON goes on inside it, as the engine applies masks.
func piiResolve(input ast.Value, path *ast.Array) (ast.Value, bool) {
	cur := input
	for i := range path.Len() {
		seg := path.Elem(i)
		if s, ok := cur.(ast.String); ok {
			doc, ok := embeddedJSON(string(s))
			if !ok {
				return nil, false
			}
			cur = doc
		}
		switch x := cur.(type) {
		case ast.Object:
			t := x.Get(seg)
			if t == nil {
				return nil, false
			}
			cur = t.Value
		case *ast.Array:
			n, ok := seg.Value.(ast.Number)
			if !ok {
				return nil, false
			}
			j, ok := n.Int()
			if !ok || j < 0 || j >= x.Len() {
				return nil, false
			}
			cur = x.Elem(j).Value
		default:
			return nil, false
		}
	}
	return cur, true
}

func TestPIIInRego(t *testing.T) {
	cfg := `{"event_detectors": {"card"}, "event_fields": {"CVV"}}`
	in := piiMarshal(piiJSONBody(map[string]any{"cvv": 1, "n": "4111 1111 1111 1111"}))
	got := evalBuiltinQuery(t, fmt.Sprintf(`lambda_firewall.pii(%s, %s)`, in, cfg))
	want := []any{
		map[string]any{"id": "pii-field", "path": []any{"http", "body_json", "cvv"},
			"mask": map[string]any{"path": []any{"http", "body_json", "cvv"}, "strategy": "full"}},
		map[string]any{"id": "pii-card", "path": []any{"http", "body_json", "n"},
			"mask": map[string]any{"path": []any{"http", "body_json", "n"}, "strategy": "last4", "pattern": "4111 1111 1111 1111"}},
	}
	if piiMarshal(got) != piiMarshal(want) {
		t.Errorf("got %s\nwant %s", piiMarshal(got), piiMarshal(want))
	}
	opts := append([]func(*rego.Rego){rego.Query(`lambda_firewall.pii({}, "x")`), rego.StrictBuiltinErrors(true)},
		builtinRegoOptions(customBuiltins())...)
	if _, err := rego.New(opts...).Eval(context.Background()); err == nil {
		t.Error("want an error for a config that is not an object")
	}
}

func TestPIIConcurrent(t *testing.T) {
	cfgs := []ast.Value{defaultPIIConfig(t), piiValue(t, map[string]any{"response_fields": []any{"note"}})}
	in := piiValue(t, piiSeedInputs()[2])
	want := []ast.Value{piiCandidatesValue(in, mustPIISettings(t, cfgs[0])), piiCandidatesValue(in, mustPIISettings(t, cfgs[1]))}
	pb := &piiBuiltin{}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				c := (g + i) % 2
				ps, err := pb.parse(cfgs[c])
				if err != nil {
					t.Error(err)
					return
				}
				if got := piiCandidatesValue(in, ps); got.Compare(want[c]) != 0 {
					t.Errorf("got %v, want %v", got, want[c])
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestPIIConfigCache(t *testing.T) {
	pb := &piiBuiltin{}
	a := ast.MustParseTerm(`{"event_fields": ["cvv"]}`).Value
	b := ast.MustParseTerm(`{"event_fields": ["cvv"]}`).Value
	c := ast.MustParseTerm(`{"event_fields": ["pin"]}`).Value
	pa, _ := pb.parse(a)
	if pa2, _ := pb.parse(a); pa2 != pa {
		t.Error("same object: not cached")
	}
	if pb2, _ := pb.parse(b); pb2 != pa {
		t.Error("equal object: not cached")
	}
	if pc, _ := pb.parse(c); pc == pa || !pc.phases[phaseEvent].fields["pin"] {
		t.Error("different object: wrong settings")
	}
}

func TestPIIStatsAndPrechecks(t *testing.T) {
	for s, want := range map[string]int{
		"": 0, "4111 1111 1111 1111": 16, "4111  1111": 4, "12-34 56--78": 6, "a1b22c": 2, "-1 2": 2, "1.2": 1,
	} {
		if got := statsOf(s).digitRun; got != want {
			t.Errorf("digitRun(%q) = %d, want %d", s, got, want)
		}
	}
	for s, want := range map[string]bool{
		"555.123.4567": true, "5551234567": false, "555-123-4567": true, "555 123-4567": false,
		"1-2-345678901": true, "555..123.4567": false, "2026-11-25T18:00:00Z": false, "x555.123-4567x": true,
	} {
		if got := statsOf(s).phoneRun; got != want {
			t.Errorf("phoneRun(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]bool{
		"AKIAIOSFODNN7EXAMPLE": true, "xAKIAIOSFODNN7EXAMPLE": true, "AKIAIOSFODNN7EXAMPL": false,
		"AAKIAIOSFODNN7EXAMPLE": true, "ABCDIOSFODNN7EXAMPLE": false, "": false,
	} {
		if got := hasAWSKeyPrefix(s); got != want {
			t.Errorf("hasAWSKeyPrefix(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{"aws": true, "xAwS": true, "aWſ": true, "aw": false, "a w s": false, "aw\xc5": false} {
		if got := hasAWSFold(s); got != want {
			t.Errorf("hasAWSFold(%q) = %v", s, got)
		}
	}
}

// TestPIIPrechecksAreNecessary checks that a string rejected by a
// detector's pre-check never matches the detector's regular expression.
func TestPIIPrechecksAreNecessary(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 40000 {
		s := piiRandomString(r, 3)
		if i%2 == 1 { // digits and separators
			const alphabet = "0123456789012345678901234567890123456789 -.()+A"
			b := make([]byte, r.IntN(25))
			for j := range b {
				b[j] = alphabet[r.IntN(len(alphabet))]
			}
			s = string(b)
		}
		st := statsOf(s)
		for _, d := range piiMatchDetectors {
			if !d.may(s, st) && d.re.MatchString(s) {
				t.Fatalf("%s: pre-check rejects %q", d.id, s)
			}
		}
		for _, d := range piiPatternDetectors {
			if !d.may(s, st) && d.re.MatchString(s) {
				t.Fatalf("%s: pre-check rejects %q", d.id, s)
			}
		}
		if isSecretValue(s) != secretValueRe.MatchString(s) {
			t.Fatalf("isSecretValue(%q)", s)
		}
	}
}

var secretValueRe = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)

// piiReferenceSites and piiReference are the PII pack as it was written in
// Rego (rules/default/lambda_firewall/pii/sites.rego and pii.rego before
// lambda_firewall.pii), kept as the reference the builtin is compared with.
// The only changes: the package names, the config read from
// data.pii_config (which must be defined), and candidates without the rules' metadata.
const piiReferenceSites = `package piiref.sites

is_http if is_object(input.http)

has_response if is_object(input.response)

docs contains {"prefix": ["http", "body_json"], "doc": input.http.body_json} if input.phase == "event"

docs contains {"prefix": ["response", "body_json"], "doc": input.response.body_json} if input.phase == "response"

docs contains {"prefix": ["payload"], "doc": input.payload} if {
	not is_http
	not has_response
}

docs contains {"prefix": array.concat(["payload"], p), "doc": d} if {
	not is_http
	not has_response
	some p, d in embedded
}

text_sites contains {"path": ["http", "body"], "value": input.http.body, "key": ""} if {
	input.phase == "event"
	input.http.body_format in {"form", "text", "multipart"}
	is_string(input.http.body)
}

text_sites contains {"path": ["response", "body"], "value": input.response.body, "key": ""} if {
	input.phase == "response"
	not input.response.body_format == "json"
	is_string(input.response.body)
}

# embedded maps the path of each payload string holding JSON to its parsed value; the
# string itself is not a site (its leaves are).
embedded := {p: json.unmarshal(v) |
	not is_http
	not has_response
	walk(input.payload, [p, v])
	is_string(v)
	startswith(trim_left(v, " \t\r\n"), ["{", "["][_])
	json.is_valid(v)
}

embedded_strings := {v | some p, _ in embedded; v := object.get(input.payload, p, null)}

# doc_strings holds the sets of the string leaves and object keys of all docs.
doc_strings := lambda_firewall.strings([d.doc | some d in docs])

values := (doc_strings.values - embedded_strings) | {s.value | some s in text_sites}

keys := doc_strings.keys

# located_in returns the string sites whose value is in vals.
located_in(vals) := {s |
	some d in docs
	walk(d.doc, [p, v])
	is_string(v)
	v in vals
	not v in embedded_strings
	s := {"path": array.concat(d.prefix, p), "value": v, "key": last_key(p)}
} | {s | some s in text_sites; s.value in vals}

# keyed_sites returns the scalar sites under one of the keys ks (directly, or as an
# element of an array under it).
keyed_sites(ks) := {s |
	some d in docs
	walk(d.doc, [p, v])
	scalar(v)
	k := last_key(p)
	k in ks
	s := {"path": array.concat(d.prefix, p), "value": v, "key": k}
}

last_key(path) := k if {
	k := path[count(path) - 1]
	is_string(k)
} else := k if {
	k := path[count(path) - 2]
	is_string(k)
} else := ""

scalar(v) if is_string(v)

scalar(v) if is_number(v)
`

const piiReference = `package piiref

import data.piiref.sites

pii := data.pii_config

default phase_key := "response"

phase_key := "event" if input.phase == "event"

detectors := {d | some d in object.get(pii, {"event": "event_detectors", "response": "response_detectors"}[phase_key], [])}

fields := {normal_key(f) | some f in object.get(pii, {"event": "event_fields", "response": "response_fields"}[phase_key], [])}

last4_fields := {normal_key(f) | some f in object.get(pii, "last4_fields", [])}

normal_key(k) := replace(lower(k), "-", "_")

candidate(id, site, mask) := {"id": id, "path": site.path, "mask": mask}

by_name(site) if normal_key(site.key) in fields

name_keys := {k | some k in sites.keys; fields[replace(lower(k), "-", "_")]}

candidates contains candidate("pii-field", s, {"path": s.path, "strategy": strategy}) if {
	count(name_keys) > 0
	some s in sites.keyed_sites(name_keys)
	strategy := field_strategy(normal_key(s.key))
}

field_strategy(k) := "last4" if k in last4_fields

else := "full"

# value_sites returns the string sites holding one of vals, except those masked by name.
value_sites(vals) := {s | some s in sites.located_in(vals); not by_name(s)}

# value_patterns are the patterns of the active value detectors; one lambda_firewall.match call
# runs them over every distinct string (value_hits) and the detectors below only look at hits.
value_patterns := {name: p |
	some name, p in {
		"card": card_candidate, "ssn": ssn_pattern, "iban": iban_pattern, "aws_secret_key": secret_text,
		"email": pattern_detectors.email.pattern, "phone": pattern_detectors.phone.pattern,
		"aws_access_key": pattern_detectors.aws_access_key.pattern, "jwt": pattern_detectors.jwt.pattern,
		"bearer": pattern_detectors.bearer.pattern,
	}
	name in detectors
}

value_hits := lambda_firewall.match(sites.values, value_patterns)

# detected(name) are the distinct strings matching the pattern of detector name.
detected(name) := object.get(value_hits, name, [])

card_candidate := ` + "`" + `\b\d(?:[ -]?\d){12,18}\b` + "`" + `

card_iin := ` + "`" + `^(4|5[1-5]|2[2-7]|3[47]|3[0689]|6011|64[4-9]|65|35|62)` + "`" + `

card_layout := ` + "`" + `^(\d{13,19}|\d{4}([ -])\d{4}([ -])\d{4}([ -])\d{1,7}|\d{4}([ -])\d{6}([ -])\d{4,5}|\d{4}([ -])\d{4}([ -])\d{4}([ -])\d{4}([ -])\d{1,3})$` + "`" + `

valid_card(c) if {
	regex.match(card_layout, c)
	regex.match(card_iin, c)
	lambda_firewall.luhn(c)
}

card_values := {v | some v in detected("card"); some c in regex.find_n(card_candidate, v, 10); valid_card(c)}

candidates contains candidate("pii-card", s, {"path": s.path, "strategy": "last4", "pattern": c}) if {
	"card" in detectors
	count(card_values) > 0
	some s in value_sites(card_values)
	some c in regex.find_n(card_candidate, s.value, 10)
	valid_card(c)
}

ssn_pattern := ` + "`" + `\b\d{3}-\d{2}-\d{4}\b` + "`" + `

ssn_values := {v | some v in detected("ssn"); some c in regex.find_n(ssn_pattern, v, 10); valid_ssn(c)}

candidates contains candidate("pii-ssn", s, {"path": s.path, "strategy": "full", "pattern": c}) if {
	"ssn" in detectors
	count(ssn_values) > 0
	some s in value_sites(ssn_values)
	some c in regex.find_n(ssn_pattern, s.value, 10)
	valid_ssn(c)
}

valid_ssn(c) if {
	parts := split(c, "-")
	not parts[0] in {"000", "666"}
	not startswith(parts[0], "9")
	parts[1] != "00"
	parts[2] != "0000"
}

iban_pattern := ` + "`" + `\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b` + "`" + `

iban_values := {v | some v in detected("iban"); some c in regex.find_n(iban_pattern, v, 10); lambda_firewall.iban(c)}

candidates contains candidate("pii-iban", s, {"path": s.path, "strategy": "last4", "pattern": c}) if {
	"iban" in detectors
	count(iban_values) > 0
	some s in value_sites(iban_values)
	some c in regex.find_n(iban_pattern, s.value, 10)
	lambda_firewall.iban(c)
}

pattern_detectors := {
	"email": {"id": "pii-email", "pattern": ` + "`" + `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}` + "`" + `},
	"phone": {"id": "pii-phone", "pattern": ` + "`" + `\+\d{1,3}[ .-]?\(?\d{1,4}\)?([ .-]?\d{2,4}){2,4}\b|\(\d{3}\) ?\d{3}-\d{4}\b|\b\d{3}[.-]\d{3}[.-]\d{4}\b` + "`" + `},
	"aws_access_key": {"id": "pii-aws-access-key", "pattern": ` + "`" + `\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b` + "`" + `},
	"jwt": {"id": "pii-jwt", "pattern": ` + "`" + `eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}` + "`" + `},
	"bearer": {"id": "pii-bearer", "pattern": ` + "`" + `[Bb]earer\s+[A-Za-z0-9._~+/-]{16,}=*` + "`" + `},
}

candidates contains candidate(d.id, s, {"path": s.path, "strategy": "full", "pattern": d.pattern}) if {
	some name, d in pattern_detectors
	name in detectors
	hits := {v | some v in detected(name)}
	count(hits) > 0
	some s in value_sites(hits)
}

secret_value := ` + "`" + `^[A-Za-z0-9/+]{40}$` + "`" + `

secret_keys := {k | some k in object.get(lambda_firewall.match(sites.keys, {"secret": ` + "`" + `(?i)secret|aws.?key` + "`" + `}), "secret", [])}

candidates contains candidate("pii-aws-secret-key", s, {"path": s.path, "strategy": "full"}) if {
	"aws_secret_key" in detectors
	count(secret_keys) > 0
	some s in sites.keyed_sites(secret_keys)
	is_string(s.value)
	not by_name(s)
	regex.match(secret_value, s.value)
}

secret_text := ` + "`" + `(?i)aws.{0,20}secret.{0,20}[=:]\s*["']?[A-Za-z0-9/+]{40}\b` + "`" + `

candidates contains candidate("pii-aws-secret-key", s, {"path": s.path, "strategy": "full", "pattern": ` + "`" + `[A-Za-z0-9/+]{40}` + "`" + `}) if {
	"aws_secret_key" in detectors
	hits := {v | some v in detected("aws_secret_key")}
	count(hits) > 0
	some s in value_sites(hits)
}
`

// piiReferenceQuery evaluates the reference pack and lambda_firewall.pii.
type piiReferenceQuery struct {
	pq   rego.PreparedEvalQuery
	seen map[string]int // candidates per id, with and without pattern
}

func newPIIReference(t testing.TB, cfg ast.Value) *piiReferenceQuery {
	t.Helper()
	cfgJSON, err := ast.JSON(cfg)
	if err != nil {
		t.Fatal(err)
	}
	store := inmem.NewFromObject(map[string]any{"pii_config": cfgJSON})
	opts := []func(*rego.Rego){
		rego.Query(`ref := data.piiref.candidates; got := lambda_firewall.pii(input, data.pii_config)`),
		rego.Module("sites.rego", piiReferenceSites),
		rego.Module("pii.rego", piiReference),
		rego.Store(store),
	}
	opts = append(opts, builtinRegoOptions(customBuiltins())...)
	pq, err := rego.New(opts...).PrepareForEval(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &piiReferenceQuery{pq: pq, seen: map[string]int{}}
}

// compare evaluates both on input and fails when their candidates differ.
func (r *piiReferenceQuery) compare(t testing.TB, input ast.Value) {
	t.Helper()
	rs, err := r.pq.Eval(context.Background(), rego.EvalParsedInput(input))
	if err != nil {
		t.Fatalf("eval: %v", err)
	}
	if len(rs) != 1 {
		t.Fatalf("input %v: %d results", input, len(rs))
	}
	ref, err := ast.InterfaceToValue(rs[0].Bindings["ref"])
	if err != nil {
		t.Fatal(err)
	}
	got, err := ast.InterfaceToValue(rs[0].Bindings["got"])
	if err != nil {
		t.Fatal(err)
	}
	checkPIIOutput(t, input, got)
	refSet := ast.NewSet()
	ref.(*ast.Array).Foreach(refSet.Add)
	if gs := piiSetOf(got); gs.Compare(refSet) != 0 || gs.Len() != got.(*ast.Array).Len() {
		t.Fatalf("input %v\nreference %v\nbuiltin   %v\nonly in reference %v\nonly in builtin %v",
			input, refSet, got, refSet.Diff(gs), gs.Diff(refSet))
	}
	got.(*ast.Array).Foreach(func(c *ast.Term) {
		id, _ := stringOf(c.Value.(ast.Object).Get(termID))
		if c.Value.(ast.Object).Get(termMask).Value.(ast.Object).Get(termPattern) == nil {
			id += " (no pattern)"
		}
		r.seen[id]++
	})
}

// piiDiffConfigs are the configs of the differential tests.
func piiDiffConfigs(t testing.TB) []ast.Value {
	all := []any{"card", "ssn", "iban", "email", "phone", "aws_access_key", "aws_secret_key", "jwt", "bearer"}
	return []ast.Value{
		defaultPIIConfig(t),
		piiValue(t, map[string]any{}),
		piiValue(t, map[string]any{
			"event_detectors": all, "response_detectors": []any{"ssn", "card", 7},
			"event_fields": []any{"Token", "AWS-KEY", "", 3}, "response_fields": []any{"note", "ſecret"},
			"last4_fields": []any{"token", "", "NOTE"},
		}),
		piiValue(t, map[string]any{"event_detectors": all, "response_detectors": all, "event_fields": []any{"password"}}),
	}
}

// TestPIIMatchesRegoReference compares lambda_firewall.pii with the Rego
// pack it replaces on the table of TestPII and on random documents.
func TestPIIMatchesRegoReference(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 200
	}
	for ci, cfg := range piiDiffConfigs(t) {
		t.Run(fmt.Sprint("config", ci), func(t *testing.T) {
			ref := newPIIReference(t, cfg)
			for _, s := range piiSeedInputs() {
				ref.compare(t, piiValue(t, s))
			}
			r := rand.New(rand.NewPCG(uint64(ci), 42))
			for range n {
				ref.compare(t, piiValue(t, piiRandomInput(r)))
			}
			t.Logf("candidates per id: %v", ref.seen)
			if ci == 3 && len(ref.seen) != 11 {
				t.Errorf("the random documents should yield every kind of candidate: %v", ref.seen)
			}
		})
	}
}

// piiSeedInputs are documents covering the sites and detectors.
func piiSeedInputs() []map[string]any {
	const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	return []map[string]any{
		piiJSONBody(map[string]any{"note": "pay with 4111 1111 1111 1111 please", "cvv": 123, "card_number": "4111111111111111"}),
		piiJSONBody(map[string]any{"ts": "1732550400123", "order": "1700000012345678", "id": 4111111111111111}),
		piiResponseJSON(map[string]any{
			"email": "liam@example.com", "ssn": "123-45-6789", "note": "SSN 123-45-6789",
			"iban": "GB82 WEST 1234 5698 7654 32", "password": "hunter2",
		}),
		piiResponseJSON(map[string]any{
			"key": "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key": secret, "AWS-Key": secret, "Secret": secret,
			"header": "Bearer abcdefghijklmnopqrstuvwxyz123456",
			"jwt":    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
			"text":   "aws_secret_access_key = " + secret, "phone": "+44 20 7946 0958",
		}),
		piiSQS(`{"payment": {"card": "4111-1111-1111-1111"}, "Token": "{\"a\": \"AKIAIOSFODNN7EXAMPLE\"}"}`),
		piiSQS(`{"Message": "{\"card\": \"4111 1111 1111 1111\"}", "": 1}`),
		piiTextBody("text", "card 4111 1111 1111 1111, key AKIAIOSFODNN7EXAMPLE"),
		piiTextBody("multipart", "aws secret: "+secret),
		piiResponseText("html", "mail liam@example.com or call (555) 123-4567"),
		{"payload": map[string]any{"mail": "liam@example.com", "pwd": 1, "": []any{"4111111111111111", []any{"x"}}}},
		{"phase": "event", "payload": map[string]any{"a": " [\"4111111111111111\", {\"token\": 5}]", "b": " [\"4111111111111111\", {\"token\": 5}]"}},
		// b.m equals a, a string of the payload holding JSON: not a value site.
		{"phase": "event", "payload": map[string]any{"a": `["4111111111111111"]`, "b": `{"m": "[\"4111111111111111\"]", "n": "[\"5500000000000004\"]"}`}},
	}
}

// Pieces of the random documents.
var (
	piiRandomKeys = []string{
		"card_number", "Card-Number", "CARDNUMBER", "cvv", "ssn", "password", "Pass-Word", "token", "Token",
		"api-key", "note", "aws_secret_access_key", "AWS-Key", "awskey", "my_secret", "Secret", "ſecret",
		"", "id", "email", "items", "pin", "body", "Message", "x", "NOTE", "last",
	}
	piiRandomStrings = []string{
		"4111 1111 1111 1111", "4111-1111-1111-1111", "4111111111111111", "4111 1111 1111 1112",
		"5500 0000 0000 0004", "378282246310005", "6011 1111 1111 1117", "9111 1111 1111 1113",
		"1732550400123", "1700000012345678", "4111  1111 1111 1111", "4111 11111111 1111",
		"123-45-6789", "987-65-4321", "000-12-3456", "666-12-3456", "123-00-6789", "123-45-0000", "123-45-67890",
		"GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "DE89 3704 0044 0532 0130 00",
		"DE00 3704 0044 0532 0130 00", "FR14 2004 1010 0505 0001 3M02 606",
		"liam@example.com", "a.b+c@sub.example.co.uk", "not@email",
		"+44 20 7946 0958", "(555) 123-4567", "555.123.4567", "+1-202-555-0143", "555-123-4567",
		"AKIAIOSFODNN7EXAMPLE", "ASIAXXXXXXXXXXXXXXXX", "AKIAIOSFODNN7EXAMPL",
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"AWS Secret: \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"", "aWſ secret='wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
		"Bearer abcdefghijklmnopqrstuvwxyz123456", "bearer   abc.def~ghi+jkl/mnop==",
		"", "hello", "A-10293", "Please select gift wrap", "12/29", " ", "{not json", "[1, 2", "{}", "[]",
		"héllo wörld", "\u00a0123-45-6789\u00a0", "x4111111111111111x",
	}
)

func piiRandomString(r *rand.Rand, parts int) string {
	var b strings.Builder
	for i := range 1 + r.IntN(parts) {
		if i > 0 {
			b.WriteString([]string{" ", "", ", ", "-", "=", ":", "\n"}[r.IntN(7)])
		}
		if r.IntN(8) == 0 {
			const alphabet = "0123456789 -+().@:=/AKIWSaws_eyJBbearer\"'"
			for range r.IntN(30) {
				b.WriteByte(alphabet[r.IntN(len(alphabet))])
			}
			continue
		}
		b.WriteString(piiRandomStrings[r.IntN(len(piiRandomStrings))])
	}
	return b.String()
}

// piiRandomDoc returns a random JSON document of at most depth levels.
func piiRandomDoc(r *rand.Rand, depth int, embed bool) any {
	k := r.IntN(12)
	if depth <= 0 {
		k = r.IntN(7)
	}
	switch {
	case k < 4:
		return piiRandomString(r, 2)
	case k == 4:
		return []any{4111111111111111, 123, 1.5, -7}[r.IntN(4)]
	case k == 5:
		return []any{true, nil}[r.IntN(2)]
	case k == 6:
		if !embed {
			return piiRandomString(r, 1)
		}
		return []string{"", " ", "\n\t"}[r.IntN(3)] + piiMarshal(piiRandomDoc(r, 2, r.IntN(3) == 0))
	case k < 9:
		arr := make([]any, r.IntN(4))
		for i := range arr {
			arr[i] = piiRandomDoc(r, depth-1, embed)
		}
		return arr
	default:
		obj := map[string]any{}
		for range r.IntN(5) {
			obj[piiRandomKeys[r.IntN(len(piiRandomKeys))]] = piiRandomDoc(r, depth-1, embed)
		}
		return obj
	}
}

// piiRandomInput returns a random input document. Its payload is an object
// (see TestPIINonObjectPayload).
func piiRandomInput(r *rand.Rand) map[string]any {
	in := map[string]any{}
	switch r.IntN(6) {
	case 0:
	case 1:
		in["phase"] = "other"
	case 2, 3:
		in["phase"] = "event"
	default:
		in["phase"] = "response"
	}
	formats := []any{"json", "form", "text", "multipart", "html", 5}
	body := func() map[string]any {
		b := map[string]any{}
		if r.IntN(4) > 0 {
			b["body_json"] = piiRandomDoc(r, 4, false)
		}
		if r.IntN(2) == 0 {
			b["body"] = piiRandomString(r, 3)
		}
		if r.IntN(5) > 0 {
			b["body_format"] = formats[r.IntN(len(formats))]
		}
		return b
	}
	if r.IntN(3) == 0 {
		in["http"] = body()
	}
	if r.IntN(3) == 0 {
		in["response"] = body()
	}
	if r.IntN(4) > 0 {
		p := map[string]any{}
		for range 1 + r.IntN(4) {
			p[piiRandomKeys[r.IntN(len(piiRandomKeys))]] = piiRandomDoc(r, 4, true)
		}
		if r.IntN(3) == 0 {
			p["Records"] = []any{map[string]any{"body": piiMarshal(piiRandomDoc(r, 3, true))}}
		}
		in["payload"] = p
	}
	return in
}

// TestPIINonObjectPayload: in the Rego pack, object.get(input.payload, ...)
// failed when the payload was not an object, so that the strings holding JSON
// of such a payload were searched as text besides their leaves. The builtin
// treats every payload alike: here only the leaves are masked.
func TestPIINonObjectPayload(t *testing.T) {
	ps := mustPIISettings(t, defaultPIIConfig(t))
	for _, payload := range []any{
		`{"n": "4111 1111 1111 1111"}`,
		[]any{`{"n": "4111 1111 1111 1111"}`},
	} {
		in := piiValue(t, map[string]any{"phase": "event", "payload": payload})
		got := piiCandidatesValue(in, ps)
		checkPIIOutput(t, in, got)
		if n := got.(*ast.Array).Len(); n != 1 {
			t.Errorf("payload %v: got %v, want the leaf only", payload, got)
		}
	}
}

// piiBenchInputs are input documents built by engine.BuildEventInput from
// rules/testdata/events/apigw_http-benign-order.allow.json and
// sqs-card-in-message.mask.json, and a response with PII.
var piiBenchInputs = []struct{ name, doc string }{
	{"apigw_http", `{"phase":"event","payload":{"version":"2.0","routeKey":"$default","rawPath":"/orders","rawQueryString":"","headers":{"accept":"application/json","content-type":"application/json","host":"abc123.execute-api.eu-west-1.amazonaws.com","user-agent":"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0","x-forwarded-for":"198.51.100.7"},"requestContext":{"accountId":"123456789012","apiId":"abc123","domainName":"abc123.execute-api.eu-west-1.amazonaws.com","http":{"method":"POST","path":"/orders","protocol":"HTTP/1.1","sourceIp":"198.51.100.7","userAgent":"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"},"requestId":"JKJaXmPLvHcESHA=","routeKey":"$default","stage":"$default","time":"25/Nov/2026:18:00:00 +0000","timeEpoch":1795716000000},"isBase64Encoded":false,"cookies":["session=8f14e45fceea167a","theme=dark"],"body":"{\"orderId\": \"A-10293\", \"customer\": {\"name\": \"Liam O'Brien\", \"email\": \"liam@example.com\"}, \"items\": [{\"sku\": \"SKU-1\", \"name\": \"Trail Runner 3\", \"qty\": 1}], \"note\": \"Please select gift wrap; drop it at the back door.\"}"},"payload_format":"json","size":1272,"payload_truncated":false,"invocation":{"request_id":"req-1","deadline_ms":0,"invoked_function_arn":"arn:aws:lambda:eu-west-1:123456789012:function:orders","trace_id":"","client_context":null,"cognito_identity":null,"tenant_id":""},"function":{"name":"orders","version":"$LATEST","memory_mb":512,"region":"eu-west-1"},"source":"apigw_http","http":{"method":"POST","path":"/orders","raw_path":"/orders","headers":{"accept":"application/json","content-type":"application/json","host":"abc123.execute-api.eu-west-1.amazonaws.com","user-agent":"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0","x-forwarded-for":"198.51.100.7"},"query":{},"raw_query":"","cookies":["session=8f14e45fceea167a","theme=dark"],"source_ip":"198.51.100.7","user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0","body":"{\"orderId\": \"A-10293\", \"customer\": {\"name\": \"Liam O'Brien\", \"email\": \"liam@example.com\"}, \"items\": [{\"sku\": \"SKU-1\", \"name\": \"Trail Runner 3\", \"qty\": 1}], \"note\": \"Please select gift wrap; drop it at the back door.\"}","body_format":"json","body_json":{"orderId":"A-10293","customer":{"name":"Liam O'Brien","email":"liam@example.com"},"items":[{"sku":"SKU-1","name":"Trail Runner 3","qty":1}],"note":"Please select gift wrap; drop it at the back door."},"body_truncated":false}}`},
	{"sqs", `{"phase":"event","payload":{"Records":[{"messageId":"059f36b4-87a3-44ab-83d2-661970000000","receiptHandle":"AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a","body":"{\"orderId\": \"A-2\", \"payment\": {\"card\": \"4111 1111 1111 1111\", \"expiry\": \"12/29\"}}","attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1795716000000","SenderId":"AIDAIENQZJOLO23YVJ4VO","ApproximateFirstReceiveTimestamp":"1795716000001"},"messageAttributes":{},"md5OfBody":"e4e68fb7bd0e697a0ae8f1bb342846b3","eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:eu-west-1:123456789012:orders","awsRegion":"eu-west-1"}]},"payload_format":"json","size":704,"payload_truncated":false,"invocation":{"request_id":"req-1","deadline_ms":0,"invoked_function_arn":"arn:aws:lambda:eu-west-1:123456789012:function:orders","trace_id":"","client_context":null,"cognito_identity":null,"tenant_id":""},"function":{"name":"orders","version":"$LATEST","memory_mb":512,"region":"eu-west-1"},"source":"sqs"}`},
	{"response", `{"phase":"response","source":"apigw_http","http":{"method":"GET","path":"/me"},"response":{"status":200,"headers":{"content-type":"application/json"},"body_format":"json","body_json":{"id":"u-1029","name":"Liam O'Brien","email":"liam@example.com","phone":"+44 20 7946 0958","password":"hunter2","address":{"line1":"1 Main Street","city":"Dublin","country":"IE"},"payment":{"card_number":"4111111111111111","iban":"GB82 WEST 1234 5698 7654 32"},"orders":[{"id":"A-10293","total":42.5,"note":"Please select gift wrap; drop it at the back door."},{"id":"A-10294","total":17,"note":"leave with the neighbour"}],"created":"2026-11-25T18:00:00Z"}}}`},
}

func BenchmarkPII(b *testing.B) {
	cfg := defaultPIIConfig(b)
	pb := &piiBuiltin{}
	for _, bi := range piiBenchInputs {
		in := piiValue(b, json.RawMessage(bi.doc))
		b.Run(bi.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ps, err := pb.parse(cfg)
				if err != nil {
					b.Fatal(err)
				}
				piiCandidatesValue(in, ps)
			}
		})
	}
}

var piiFuzzRef struct {
	once sync.Once
	refs []*piiReferenceQuery
	cfgs []*piiSettings
}

// FuzzPII checks that lambda_firewall.pii does not panic, that its
// candidates are sorted and distinct and lie in the input, and that it
// agrees with the Rego reference (for payloads that are objects, see
// TestPIINonObjectPayload).
func FuzzPII(f *testing.F) {
	for _, s := range piiSeedInputs() {
		f.Add([]byte(piiMarshal(s)), uint8(0))
	}
	for _, bi := range piiBenchInputs {
		f.Add([]byte(bi.doc), uint8(2))
	}
	f.Add([]byte(`{"phase":"event","payload":"{\"cvv\": 1}"}`), uint8(0))
	f.Add([]byte(`{"phase":"response","response":{"body":"aws secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}}`), uint8(1))
	f.Add([]byte(`null`), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, c uint8) {
		piiFuzzRef.once.Do(func() {
			for _, cfg := range piiDiffConfigs(t) {
				piiFuzzRef.refs = append(piiFuzzRef.refs, newPIIReference(t, cfg))
				piiFuzzRef.cfgs = append(piiFuzzRef.cfgs, mustPIISettings(t, cfg))
			}
		})
		if !json.Valid(data) {
			return
		}
		in, err := ast.ValueFromReader(strings.NewReader(string(data)))
		if err != nil {
			return
		}
		i := int(c) % len(piiFuzzRef.cfgs)
		got := piiCandidatesValue(in, piiFuzzRef.cfgs[i])
		checkPIIOutput(t, in, got)
		if obj, ok := in.(ast.Object); ok {
			if p := obj.Get(termPayload); p != nil {
				if _, ok := p.Value.(ast.Object); !ok {
					return
				}
			}
		}
		piiFuzzRef.refs[i].compare(t, in)
	})
}
