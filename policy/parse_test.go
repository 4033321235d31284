package policy

import (
	"bytes"
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/rego"
)

// decode decodes a JSON literal as OPA hands values over (json.Number).
func decode(t testing.TB, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return v
}

func TestParseDecisionValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Decision
	}{
		{"allow", `{"action":"allow"}`, Decision{Action: ActionAllow}},
		{
			"full block",
			`{"action":"block",
			  "reasons":[{"id":"942100","category":"sqli","severity":"critical","message":"SQL injection","path":["http","query","q",0]}],
			  "response":{"status":403,"headers":{"content-type":"application/json"},"body":{"message":"Forbidden"}},
			  "error":{"type":"Function.PolicyViolation","message":"blocked"}}`,
			Decision{
				Action:   ActionBlock,
				Reasons:  []Reason{{ID: "942100", Category: "sqli", Severity: "critical", Message: "SQL injection", Path: []any{"http", "query", "q", 0}}},
				Response: &HTTPResponse{Status: 403, Headers: map[string]string{"content-type": "application/json"}, Body: map[string]any{"message": "Forbidden"}},
				Error:    &ErrorSpec{Type: "Function.PolicyViolation", Message: "blocked"},
			},
		},
		{
			"mask default strategy",
			`{"action":"mask","mask":[{"path":["payload","card"]},{"path":["payload","items",2,"iban"],"strategy":"hash","pattern":"[0-9]{4}","replacement":"x"}]}`,
			Decision{Action: ActionMask, Mask: []Mask{
				{Path: []any{"payload", "card"}, Strategy: StrategyFull},
				{Path: []any{"payload", "items", 2, "iban"}, Strategy: StrategyHash, Pattern: "[0-9]{4}", Replacement: "x"},
			}},
		},
		{"string body", `{"action":"block","response":{"body":"no"}}`, Decision{Action: ActionBlock, Response: &HTTPResponse{Body: "no"}}},
		{"runtime error type", `{"action":"block","error":{"type":"Runtime.Blocked"}}`, Decision{Action: ActionBlock, Error: &ErrorSpec{Type: "Runtime.Blocked"}}},
		{"empty reasons", `{"action":"allow","reasons":[]}`, Decision{Action: ActionAllow, Reasons: []Reason{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDecision(decode(t, tt.in))
			if err != nil {
				t.Fatalf("ParseDecision: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestParseDecisionInvalid(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"not an object", `"allow"`, "expected decision to be of type object but got string"},
		{"array", `[{"action":"allow"}]`, "expected decision to be of type object but got []interface {}"},
		{"missing action", `{}`, "decision.action is required"},
		{"action type", `{"action":true}`, "expected action to be of type string but got bool"},
		{"unknown action", `{"action":"deny"}`, `one of allow, mask, block but got "deny"`},
		{"unknown top-level field", `{"action":"allow","allow":true}`, `unknown field "allow" in decision`},
		{"reasons type", `{"action":"allow","reasons":{}}`, "expected reasons to be of type array"},
		{"reason type", `{"action":"allow","reasons":["x"]}`, "expected reasons[0] to be of type object but got string"},
		{"reason id type", `{"action":"allow","reasons":[{"id":942100}]}`, "expected reasons[0].id to be of type string but got json.Number"},
		{"reason unknown field", `{"action":"allow","reasons":[{"id":"1","rule":"x"}]}`, `unknown field "rule" in reasons[0]`},
		{"reason path segment", `{"action":"allow","reasons":[{"path":["a",true]}]}`, "expected reasons[0].path[1] to be of type string or int but got bool"},
		{"mask not array", `{"action":"mask","mask":{"path":["a"]}}`, "expected mask to be of type array"},
		{"mask without path", `{"action":"mask","mask":[{"strategy":"full"}]}`, "mask[0].path is required"},
		{"mask empty path", `{"action":"mask","mask":[{"path":[]}]}`, "mask[0].path must not be empty"},
		{"mask float index", `{"action":"mask","mask":[{"path":["a",1.5]}]}`, "mask[0].path[1] to be of type string or int"},
		{"mask negative index", `{"action":"mask","mask":[{"path":["a",-1]}]}`, "non-negative index but got -1"},
		{"mask strategy", `{"action":"mask","mask":[{"path":["a"],"strategy":"first4"}]}`, `one of full, last4, hash but got "first4"`},
		{"mask bad pattern", `{"action":"mask","mask":[{"path":["a"],"pattern":"(a"}]}`, "invalid mask[0].pattern"},
		{"mask non-RE2 pattern", `{"action":"mask","mask":[{"path":["a"],"pattern":"(?=a)"}]}`, "invalid mask[0].pattern"},
		{"mask replacement type", `{"action":"mask","mask":[{"path":["a"],"replacement":1}]}`, "expected mask[0].replacement to be of type string"},
		{"status type", `{"action":"block","response":{"status":"403"}}`, "expected response.status to be of type int but got string"},
		{"status range low", `{"action":"block","response":{"status":99}}`, "100-599 but got 99"},
		{"status range high", `{"action":"block","response":{"status":600}}`, "100-599 but got 600"},
		{"status float", `{"action":"block","response":{"status":403.5}}`, "to be an int"},
		{"header value type", `{"action":"block","response":{"headers":{"x":1}}}`, `expected response.headers["x"] to be of type string`},
		{"response unknown field", `{"action":"block","response":{"code":403}}`, `unknown field "code" in response`},
		{"error type pattern", `{"action":"block","error":{"type":"PolicyViolation"}}`, "expected error.type to match"},
		{"error type lower", `{"action":"block","error":{"type":"Function.policy"}}`, "expected error.type to match"},
		{"error message type", `{"action":"block","error":{"message":["x"]}}`, "expected error.message to be of type string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseDecision(decode(t, tt.in))
			if err == nil {
				t.Fatal("ParseDecision succeeded, want an error")
			}
			if ErrorCode(err) != CodeInvalidDecision {
				t.Errorf("code %q, want %q", ErrorCode(err), CodeInvalidDecision)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestParseResultSet(t *testing.T) {
	allow := map[string]any{"action": "allow"}
	tests := []struct {
		name string
		rs   rego.ResultSet
		code string
	}{
		{"empty", nil, CodeUndefinedDecision},
		{"two results", rego.ResultSet{{Expressions: []*rego.ExpressionValue{{Value: allow}}}, {Expressions: []*rego.ExpressionValue{{Value: allow}}}}, CodeInvalidDecision},
		{"two expressions", rego.ResultSet{{Expressions: []*rego.ExpressionValue{{Value: allow}, {Value: allow}}}}, CodeInvalidDecision},
		{"one", rego.ResultSet{{Expressions: []*rego.ExpressionValue{{Value: allow}}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := parseResultSet(tt.rs)
			if got := ErrorCode(err); got != tt.code {
				t.Fatalf("code %q, want %q (err %v)", got, tt.code, err)
			}
			if tt.code == "" && d.Action != ActionAllow {
				t.Errorf("action %q, want allow", d.Action)
			}
		})
	}
}

func FuzzParseDecision(f *testing.F) {
	for _, s := range []string{
		`{"action":"allow"}`,
		`{"action":"mask","mask":[{"path":["payload",0],"strategy":"last4","pattern":"\\d+"}]}`,
		`{"action":"block","response":{"status":403,"headers":{"a":"b"},"body":[1]},"error":{"type":"Function.X"}}`,
		`{"action":"block","reasons":[{"id":"1","path":["a",1]}]}`,
		`[]`, `null`, `1e400`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return
		}
		d, err := ParseDecision(v)
		if err != nil {
			if ErrorCode(err) != CodeInvalidDecision {
				t.Fatalf("error without CodeInvalidDecision: %v", err)
			}
			return
		}
		switch d.Action {
		case ActionAllow, ActionMask, ActionBlock:
		default:
			t.Fatalf("accepted action %q", d.Action)
		}
		for _, m := range d.Mask {
			if len(m.Path) == 0 || m.Strategy == "" {
				t.Fatalf("accepted mask %+v", m)
			}
		}
		if d.Response != nil && d.Response.Status != 0 && (d.Response.Status < 100 || d.Response.Status > 599) {
			t.Fatalf("accepted status %d", d.Response.Status)
		}
	})
}

func TestValidErrorTypeMatchesPattern(t *testing.T) {
	re := regexp.MustCompile(errorTypePattern)
	for _, s := range []string{"Function.PolicyViolation", "Runtime.X", "Runtime.", "Function.x", "Function.A1", "Other.Abc", "", "Function.Ab c", "Function.É", "Runtime.AbC\n"} {
		if got, want := validErrorType(s), re.MatchString(s); got != want {
			t.Errorf("validErrorType(%q) = %v, regexp says %v", s, got, want)
		}
	}
}

func FuzzValidErrorType(f *testing.F) {
	f.Add("Function.PolicyViolation")
	f.Add("Runtime.x")
	re := regexp.MustCompile(errorTypePattern)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := validErrorType(s), re.MatchString(s); got != want {
			t.Fatalf("validErrorType(%q) = %v, regexp says %v", s, got, want)
		}
	})
}
