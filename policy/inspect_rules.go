package policy

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Scopes of an inspection rule: which strings of the input it matches.
const (
	scopeGated   = iota // targets passing the gate (the default for patterns)
	scopeAll            // every target (the default for detectors)
	scopeKeys           // object keys and parameter names
	scopeBody           // the raw text or multipart body
	scopePath           // input.http.path only
	scopeHeaders        // the headers named by the rule
	numScopes
)

var scopeNames = map[string]int{
	"gated": scopeGated, "all": scopeAll, "keys": scopeKeys,
	"body": scopeBody, "path": scopePath, "headers": scopeHeaders,
}

// ruleFields are the fields of a rule spec; any other is an error, so that a
// misspelt option (unles, scopes) is not silently ignored.
var ruleFields = map[string]bool{
	"category": true, "severity": true, "paranoia": true, "message": true, "pattern": true, "detector": true,
	"field": true, "scope": true, "kinds": true, "under": true, "param": true, "headers": true, "unless": true,
}

// inspectRule is one compiled rule of a rule pack.
type inspectRule struct {
	id       string
	meta     []*ast.Term // id, category, severity, paranoia, message: the finding's fixed items
	paranoia int
	scopes   []int
	kinds    map[string]bool // located target kinds kept (nil: all)
	under    [][]string      // path prefixes kept (nil: all)
	param    *regexp.Regexp  // some string path segment, lower-cased, must match
	headers  map[string]bool // scopeHeaders: the header names inspected
	unless   *regexp.Regexp  // no finding when the target's norm matches
	one      *matcherSet     // scopePath and scopeHeaders: the rule's own matcher
	field    int             // 0: the rule matches the normalised form, 1: the raw value
}

// has reports whether the rule inspects scope sc.
func (r *inspectRule) has(sc int) bool { return slices.Contains(r.scopes, sc) }

// matches reports whether a path or header rule matches the string raw
// (normalised: norm).
func (r *inspectRule) matches(raw, norm string) bool {
	s := norm
	if r.field == 1 {
		s = raw
	}
	return r.one.matchFirst(s, r.field) && (r.unless == nil || !r.unless.MatchString(norm))
}

// ruleset is a compiled set of rule packs (the second operand of
// lambda_firewall.inspect) for one paranoia level.
type ruleset struct {
	gate  *gate
	rules []inspectRule
	// scopes[s] runs the pattern and detector rules of scope s (gated, all,
	// keys, body) in one matcher; ids[s][i] is the index in rules of rule i
	// of that matcher.
	scopes [scopeBody + 1]*matcherSet
	// ac is the automaton the gate's chars and the scopes share, nsets
	// the number of its literal sets (see matcherSet); valueRules: some rule of a
	// scope matches the raw value rather than the normalised form.
	ac         *acMachine
	nsets      int
	valueRules bool
	ids        [scopeBody + 1][]int
	direct     []int // the rules of scopePath and scopeHeaders
}

// compileRuleset compiles {"gate": {...}, "packs": {name: {"rules": {id:
// spec}}}} keeping the rules of paranoia level ≤ level. A spec is
//
//	{"category", "severity", "paranoia", "message",
//	 "pattern": RE2 | [RE2...] | "detector": "sqli"|"xss",
//	 "field": "norm"|"value", "scope": "gated"|"all"|"keys"|"body"|"path"|"headers",
//	 "kinds": [...], "under": [[...]...], "param": RE2, "headers": [...], "unless": RE2}
func compileRuleset(v ast.Value, level int) (*ruleset, error) {
	obj, ok := v.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("operand 2 must be object but got %s", ast.ValueName(v))
	}
	rs := &ruleset{}
	var gateChars ast.Value
	if g := obj.Get(ast.StringTerm("gate")); g != nil {
		var err error
		if rs.gate, gateChars, err = parseGateSpec(g.Value); err != nil {
			return nil, err
		}
	}
	var packs ast.Object
	if t := obj.Get(ast.StringTerm("packs")); t != nil {
		if packs, ok = t.Value.(ast.Object); !ok {
			return nil, fmt.Errorf("packs must be an object")
		}
	}
	var specs [scopeBody + 1]ast.Object // per scope: id → matcher spec
	byID := map[string]int{}
	seen := map[string]bool{}
	if packs != nil {
		for _, name := range sortedKeys(packs) {
			pack, ok := objectOf(packs.Get(ast.StringTerm(name)))
			if !ok {
				return nil, fmt.Errorf("pack %s must be an object", name)
			}
			rules, ok := objectOf(pack.Get(ast.StringTerm("rules")))
			if !ok {
				return nil, fmt.Errorf("pack %s: rules must be an object", name)
			}
			for _, id := range sortedKeys(rules) {
				spec, ok := objectOf(rules.Get(ast.StringTerm(id)))
				if !ok {
					return nil, fmt.Errorf("rule %s must be an object", id)
				}
				r, matcher, rerr := compileRule(id, spec)
				if rerr != nil {
					return nil, fmt.Errorf("rule %s: %w", id, rerr)
				}
				if seen[id] {
					return nil, fmt.Errorf("rule %s is defined in more than one pack", id)
				}
				seen[id] = true
				if r.paranoia > level {
					continue
				}
				byID[id] = len(rs.rules)
				rs.rules = append(rs.rules, r)
				if r.one != nil {
					rs.direct = append(rs.direct, byID[id])
				}
				for _, sc := range r.scopes {
					if sc >= scopePath {
						continue
					}
					if specs[sc] == nil {
						specs[sc] = ast.NewObject()
					}
					specs[sc].Insert(ast.StringTerm(id), matcher)
				}
			}
		}
	}
	// The gate's chars and the scopes' patterns share one automaton: inspect
	// scans each string once for all of them.
	var all []ast.Value
	var scopeOf []int // scope of all[i]; -1: the gate's chars
	if gateChars != nil {
		all, scopeOf = append(all, gateChars), append(scopeOf, -1)
	}
	for s, spec := range specs {
		if spec != nil {
			all, scopeOf = append(all, spec), append(scopeOf, s)
		}
	}
	sets, err := compileMatcherSets(all...)
	if err != nil {
		if gateChars != nil {
			// Tell a broken gate from a broken rule.
			if _, gerr := compileMatcherSet(gateChars); gerr != nil {
				return nil, fmt.Errorf("gate.chars: %w", gerr)
			}
		}
		return nil, err
	}
	for i, ms := range sets {
		rs.ac, rs.nsets = ms.ac, ms.nsets
		s := scopeOf[i]
		if s < 0 {
			rs.gate.chars = ms
			continue
		}
		rs.scopes[s] = ms
		rs.valueRules = rs.valueRules || ms.fields[1]
		for _, m := range ms.rules {
			rs.ids[s] = append(rs.ids[s], byID[string(m.id.Value.(ast.String))])
		}
	}
	return rs, nil
}

// markLiterals marks in cand the literal sets of the shared automaton found
// in s, and appends them to marked.
func (rs *ruleset) markLiterals(s string, cand []bool, marked []int) []int {
	if rs.ac == nil {
		return marked
	}
	marked, _ = rs.ac.scan(s, cand, marked, nil)
	return marked
}

// compileRule reads one rule spec; matcher is its entry for a patterns
// object of compileMatcherSet ({pattern, field} or {detector, field}).
func compileRule(id string, spec ast.Object) (inspectRule, *ast.Term, error) {
	r := inspectRule{id: id, paranoia: 1}
	for _, k := range sortedKeys(spec) {
		if !ruleFields[k] {
			return r, nil, fmt.Errorf("unknown field %q", k)
		}
	}
	meta := []*ast.Term{ast.StringTerm("id"), ast.StringTerm(id)}
	for _, k := range []string{"category", "severity", "message"} {
		v, ok := stringOf(spec.Get(ast.StringTerm(k)))
		if !ok {
			return r, nil, fmt.Errorf("%s must be a string", k)
		}
		meta = append(meta, ast.StringTerm(k), ast.StringTerm(v))
	}
	if t := spec.Get(ast.StringTerm("paranoia")); t != nil {
		n, ok := t.Value.(ast.Number)
		i, iok := n.Int()
		if !ok || !iok || i < 1 {
			return r, nil, fmt.Errorf("paranoia must be a positive integer")
		}
		r.paranoia = i
	}
	meta = append(meta, ast.StringTerm("paranoia"), ast.InternedTerm(r.paranoia))
	r.meta = meta

	detector, hasDetector := stringOf(spec.Get(ast.StringTerm("detector")))
	pattern := spec.Get(ast.StringTerm("pattern"))
	if hasDetector == (pattern != nil) {
		return r, nil, fmt.Errorf("want exactly one of pattern and detector")
	}
	r.scopes = []int{scopeGated}
	if hasDetector {
		r.scopes = []int{scopeAll}
	}
	if t := spec.Get(ast.StringTerm("scope")); t != nil {
		names := []string{}
		if s, ok := t.Value.(ast.String); ok {
			names = append(names, string(s))
		} else if ss, err := stringList(t.Value, "scope"); err == nil && len(ss) > 0 {
			names = ss
		} else {
			return r, nil, fmt.Errorf("scope must be a name or a list of names")
		}
		r.scopes = r.scopes[:0]
		for _, n := range names {
			sc, ok := scopeNames[n]
			if !ok {
				return r, nil, fmt.Errorf("unknown scope %q", n)
			}
			r.scopes = append(r.scopes, sc)
		}
	}
	matcher := ast.NewObject()
	if hasDetector {
		matcher.Insert(ast.StringTerm("detector"), ast.StringTerm(detector))
	} else {
		matcher.Insert(ast.StringTerm("pattern"), pattern)
	}
	if f := spec.Get(ast.StringTerm("field")); f != nil {
		matcher.Insert(ast.StringTerm("field"), f)
	}
	var err error
	if r.has(scopePath) || r.has(scopeHeaders) {
		// One string per rule: compile a matcher of its own.
		ms, merr := compileMatcherSet(ast.NewObject(ast.Item(ast.StringTerm(id), ast.NewTerm(matcher))))
		if merr != nil {
			return r, nil, merr
		}
		r.one = ms
		r.field = fieldIndex(ms.rules[0].field)
	}
	if r.kinds, err = optionalSet(spec, "kinds", identity); err != nil {
		return r, nil, err
	}
	if t := spec.Get(ast.StringTerm("under")); t != nil {
		a, ok := t.Value.(*ast.Array)
		if !ok {
			return r, nil, fmt.Errorf("under must be an array of paths")
		}
		for i := range a.Len() {
			p, perr := stringList(a.Elem(i).Value, "under")
			if perr != nil {
				return r, nil, perr
			}
			r.under = append(r.under, p)
		}
	}
	if r.headers, err = optionalSet(spec, "headers", strings.ToLower); err != nil {
		return r, nil, err
	}
	if r.has(scopeHeaders) && len(r.headers) == 0 {
		return r, nil, fmt.Errorf("scope headers needs headers")
	}
	if r.param, err = optionalRegexp(spec, "param"); err != nil {
		return r, nil, err
	}
	if r.unless, err = optionalRegexp(spec, "unless"); err != nil {
		return r, nil, err
	}
	return r, ast.NewTerm(matcher), nil
}

func optionalRegexp(spec ast.Object, key string) (*regexp.Regexp, error) {
	t := spec.Get(ast.StringTerm(key))
	if t == nil {
		return nil, nil
	}
	s, ok := t.Value.(ast.String)
	if !ok {
		return nil, fmt.Errorf("%s must be a string", key)
	}
	re, err := regexp.Compile(string(s))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	return re, nil
}

// sortedKeys returns the string keys of obj in order.
func sortedKeys(obj ast.Object) []string {
	var out []string
	obj.Foreach(func(k, _ *ast.Term) {
		if s, ok := k.Value.(ast.String); ok {
			out = append(out, string(s))
		}
	})
	slices.Sort(out)
	return out
}

func identity(s string) string { return s }
