package policy

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/open-policy-agent/opa/v1/rego"
)

// Decision actions.
const (
	ActionAllow = "allow"
	ActionMask  = "mask"
	ActionBlock = "block"
)

// Mask strategies.
const (
	StrategyFull  = "full"
	StrategyLast4 = "last4"
	StrategyHash  = "hash"
)

// errorTypePattern is what decision.error.type must match (Lambda's error types).
const errorTypePattern = `^(Runtime|Function)\.[A-Z][a-zA-Z]+$`

// validErrorType reports whether s matches errorTypePattern.
func validErrorType(s string) bool {
	var rest string
	switch {
	case strings.HasPrefix(s, "Runtime."):
		rest = s[len("Runtime."):]
	case strings.HasPrefix(s, "Function."):
		rest = s[len("Function."):]
	default:
		return false
	}
	if len(rest) < 2 || rest[0] < 'A' || rest[0] > 'Z' {
		return false
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// parseResultSet extracts the one decision from the result set of the
// decision query.
func parseResultSet(rs rego.ResultSet) (Decision, error) {
	switch {
	case len(rs) == 0:
		return Decision{}, newError(CodeUndefinedDecision, "undefined decision", nil)
	case len(rs) > 1 || len(rs[0].Expressions) != 1:
		return Decision{}, newError(CodeInvalidDecision, "multiple evaluation results", nil)
	}
	return ParseDecision(rs[0].Expressions[0].Value)
}

// ParseDecision validates a decision value, as decoded from JSON (objects as
// map[string]any, numbers as json.Number or float64), against the decision
// schema of docs/contracts.md. Any deviation is an *Error with
// CodeInvalidDecision.
func ParseDecision(v any) (Decision, error) {
	d, err := parseDecision(v)
	if err != nil {
		return Decision{}, newError(CodeInvalidDecision, "invalid decision", err)
	}
	return d, nil
}

func parseDecision(v any) (Decision, error) {
	var d Decision
	obj, ok := v.(map[string]any)
	if !ok {
		return d, fmt.Errorf("expected decision to be of type object but got %T", v)
	}
	if err := checkFields("decision", obj, "action", "reasons", "mask", "response", "error"); err != nil {
		return d, err
	}
	action, ok := obj["action"]
	if !ok {
		return d, fmt.Errorf("decision.action is required")
	}
	var err error
	if d.Action, err = asString("action", action); err != nil {
		return d, err
	}
	switch d.Action {
	case ActionAllow, ActionMask, ActionBlock:
	default:
		return d, fmt.Errorf("expected action to be one of allow, mask, block but got %q", d.Action)
	}
	if r, ok := obj["reasons"]; ok {
		if d.Reasons, err = parseReasons(r); err != nil {
			return d, err
		}
	}
	if m, ok := obj["mask"]; ok {
		if d.Mask, err = parseMasks(m); err != nil {
			return d, err
		}
	}
	if r, ok := obj["response"]; ok {
		if d.Response, err = parseResponse(r); err != nil {
			return d, err
		}
	}
	if e, ok := obj["error"]; ok {
		if d.Error, err = parseErrorSpec(e); err != nil {
			return d, err
		}
	}
	return d, nil
}

func parseReasons(v any) ([]Reason, error) {
	arr, err := asArray("reasons", v)
	if err != nil {
		return nil, err
	}
	out := make([]Reason, 0, len(arr))
	for i, item := range arr {
		name := fmt.Sprintf("reasons[%d]", i)
		obj, err := asObject(name, item)
		if err != nil {
			return nil, err
		}
		if err := checkFields(name, obj, "id", "category", "severity", "message", "path"); err != nil {
			return nil, err
		}
		var r Reason
		for _, f := range []struct {
			key string
			dst *string
		}{{"id", &r.ID}, {"category", &r.Category}, {"severity", &r.Severity}, {"message", &r.Message}} {
			if fv, ok := obj[f.key]; ok {
				if *f.dst, err = asString(name+"."+f.key, fv); err != nil {
					return nil, err
				}
			}
		}
		if p, ok := obj["path"]; ok {
			if r.Path, err = parsePath(name+".path", p, false); err != nil {
				return nil, err
			}
		}
		out = append(out, r)
	}
	return out, nil
}

func parseMasks(v any) ([]Mask, error) {
	arr, err := asArray("mask", v)
	if err != nil {
		return nil, err
	}
	out := make([]Mask, 0, len(arr))
	for i, item := range arr {
		name := fmt.Sprintf("mask[%d]", i)
		obj, err := asObject(name, item)
		if err != nil {
			return nil, err
		}
		if err := checkFields(name, obj, "path", "strategy", "pattern", "replacement"); err != nil {
			return nil, err
		}
		m := Mask{Strategy: StrategyFull}
		p, ok := obj["path"]
		if !ok {
			return nil, fmt.Errorf("%s.path is required", name)
		}
		if m.Path, err = parsePath(name+".path", p, true); err != nil {
			return nil, err
		}
		if s, ok := obj["strategy"]; ok {
			if m.Strategy, err = asString(name+".strategy", s); err != nil {
				return nil, err
			}
			switch m.Strategy {
			case StrategyFull, StrategyLast4, StrategyHash:
			default:
				return nil, fmt.Errorf("expected %s.strategy to be one of full, last4, hash but got %q", name, m.Strategy)
			}
		}
		if s, ok := obj["pattern"]; ok {
			if m.Pattern, err = asString(name+".pattern", s); err != nil {
				return nil, err
			}
			if _, err := regexp.Compile(m.Pattern); err != nil {
				return nil, fmt.Errorf("invalid %s.pattern: %w", name, err)
			}
		}
		if s, ok := obj["replacement"]; ok {
			if m.Replacement, err = asString(name+".replacement", s); err != nil {
				return nil, err
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// parsePath checks a path of string keys and non-negative int indexes; ints
// become Go ints.
func parsePath(name string, v any, nonEmpty bool) ([]any, error) {
	arr, err := asArray(name, v)
	if err != nil {
		return nil, err
	}
	if nonEmpty && len(arr) == 0 {
		return nil, fmt.Errorf("%s must not be empty", name)
	}
	out := make([]any, 0, len(arr))
	for i, seg := range arr {
		segName := fmt.Sprintf("%s[%d]", name, i)
		if s, ok := seg.(string); ok {
			out = append(out, s)
			continue
		}
		n, err := asInt(segName, seg)
		if err != nil {
			return nil, fmt.Errorf("expected %s to be of type string or int but got %T", segName, seg)
		}
		if n < 0 {
			return nil, fmt.Errorf("expected %s to be a non-negative index but got %d", segName, n)
		}
		out = append(out, n)
	}
	return out, nil
}

func parseResponse(v any) (*HTTPResponse, error) {
	obj, err := asObject("response", v)
	if err != nil {
		return nil, err
	}
	if err := checkFields("response", obj, "status", "headers", "body"); err != nil {
		return nil, err
	}
	r := &HTTPResponse{}
	if s, ok := obj["status"]; ok {
		if r.Status, err = asInt("response.status", s); err != nil {
			return nil, err
		}
		if r.Status < 100 || r.Status > 599 {
			return nil, fmt.Errorf("expected response.status to be in 100-599 but got %d", r.Status)
		}
	}
	if h, ok := obj["headers"]; ok {
		hobj, err := asObject("response.headers", h)
		if err != nil {
			return nil, err
		}
		r.Headers = make(map[string]string, len(hobj))
		for k, hv := range hobj {
			if r.Headers[k], err = asString(fmt.Sprintf("response.headers[%q]", k), hv); err != nil {
				return nil, err
			}
		}
	}
	if b, ok := obj["body"]; ok {
		r.Body = b
	}
	return r, nil
}

func parseErrorSpec(v any) (*ErrorSpec, error) {
	obj, err := asObject("error", v)
	if err != nil {
		return nil, err
	}
	if err := checkFields("error", obj, "type", "message"); err != nil {
		return nil, err
	}
	e := &ErrorSpec{}
	if t, ok := obj["type"]; ok {
		if e.Type, err = asString("error.type", t); err != nil {
			return nil, err
		}
		if !validErrorType(e.Type) {
			return nil, fmt.Errorf("expected error.type to match %s but got %q", errorTypePattern, e.Type)
		}
	}
	if m, ok := obj["message"]; ok {
		if e.Message, err = asString("error.message", m); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// checkFields rejects keys of obj not in allowed.
func checkFields(name string, obj map[string]any, allowed ...string) error {
outer:
	for k := range obj {
		for _, a := range allowed {
			if k == a {
				continue outer
			}
		}
		return fmt.Errorf("unknown field %q in %s", k, name)
	}
	return nil
}

func asString(name string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("expected %s to be of type string but got %T", name, v)
	}
	return s, nil
}

func asObject(name string, v any) (map[string]any, error) {
	o, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("expected %s to be of type object but got %T", name, v)
	}
	return o, nil
}

func asArray(name string, v any) ([]any, error) {
	a, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("expected %s to be of type array but got %T", name, v)
	}
	return a, nil
}

// maxInt bounds ints taken from decisions (paths and statuses), keeping
// conversions exact on every platform.
const maxInt = 1<<31 - 1

func asInt(name string, v any) (int, error) {
	switch n := v.(type) {
	case json.Number:
		i, err := n.Int64()
		if err != nil || i > maxInt || i < -maxInt {
			return 0, fmt.Errorf("expected %s to be an int but got %s", name, n)
		}
		return int(i), nil
	case float64:
		if n != float64(int64(n)) || n > maxInt || n < -maxInt {
			return 0, fmt.Errorf("expected %s to be an int but got %v", name, n)
		}
		return int(n), nil
	case int:
		return n, nil
	default:
		return 0, fmt.Errorf("expected %s to be of type int but got %T", name, v)
	}
}
