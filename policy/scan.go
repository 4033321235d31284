package policy

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Kinds of inspection targets (the "kind" field of a target).
const (
	kindPath   = "path"
	kindKey    = "key"
	kindValue  = "value"
	kindHeader = "header"
	kindBody   = "body"
)

// scanOptions are the options of lambda_firewall.targets, read from its
// second operand.
type scanOptions struct {
	skipHeaders map[string]bool
	gate        *gate
	maxBytes    int
}

// gate is the cheap pre-filter deciding which normalised strings are worth
// the regex rules: one character-class regex, then whole words, word
// prefixes and word suffixes (words are runs of [a-z0-9_-]).
type gate struct {
	chars *matcherSet
	words map[string]bool
	// prefixes and suffixes, indexed by their first and last byte: a word
	// is compared with the few sharing its first or last byte.
	prefixes [256][]string
	suffixes [256][]string
}

// pass reports whether the normalised string n passes the gate.
func (g *gate) pass(n string) bool {
	if g == nil {
		return true
	}
	return g.chars != nil && g.chars.matchAny(n) || g.hasWord(n)
}

// passMarked is pass for a gate whose chars share the automaton that
// marked the literal sets of n in cand (marked lists them).
func (g *gate) passMarked(n string, cand []bool, marked []int) bool {
	if g == nil {
		return true
	}
	if g.chars != nil && g.chars.matchesMarked(n, cand, marked) {
		return true
	}
	return g.hasWord(n)
}

// hasWord reports whether n holds a word (a run of [a-z0-9_-]) of the
// gate's words, or starting or ending like one of its prefixes or suffixes.
func (g *gate) hasWord(n string) bool {
	for i := 0; i < len(n); {
		for i < len(n) && !isWordByte(n[i]) {
			i++
		}
		j := i
		for j < len(n) && isWordByte(n[j]) {
			j++
		}
		if j > i && g.word(n[i:j]) {
			return true
		}
		i = j
	}
	return false
}

func (g *gate) word(w string) bool {
	if g.words[w] {
		return true
	}
	for _, p := range g.prefixes[w[0]] {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	for _, s := range g.suffixes[w[len(w)-1]] {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// parseScanOptions reads {"skip_headers": [...], "gate": {"chars": re,
// "words": [...], "prefixes": [...], "suffixes": [...]}, "max_bytes": n}.
// Sets and arrays are both accepted for lists; every key is optional.
func parseScanOptions(v ast.Value) (*scanOptions, error) {
	obj, ok := v.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("operand 2 must be object but got %s", ast.ValueName(v))
	}
	o := &scanOptions{}
	var err error
	if o.skipHeaders, err = optionalSet(obj, "skip_headers", strings.ToLower); err != nil {
		return nil, err
	}
	if t := obj.Get(ast.StringTerm("max_bytes")); t != nil {
		n, ok := t.Value.(ast.Number)
		if !ok {
			return nil, fmt.Errorf("max_bytes must be a number")
		}
		i, ok := n.Int()
		if !ok || i < 0 {
			return nil, fmt.Errorf("max_bytes must be a non-negative integer")
		}
		o.maxBytes = i
	}
	if t := obj.Get(ast.StringTerm("gate")); t != nil {
		g, err := parseGate(t.Value)
		if err != nil {
			return nil, err
		}
		o.gate = g
	}
	return o, nil
}

// parseGate reads a gate {"chars": RE2, "words", "prefixes", "suffixes"}.
func parseGate(v ast.Value) (*gate, error) {
	g, chars, err := parseGateSpec(v)
	if err != nil || chars == nil {
		return g, err
	}
	if g.chars, err = compileMatcherSet(chars); err != nil {
		return nil, fmt.Errorf("gate.chars: %w", err)
	}
	return g, nil
}

// parseGateSpec reads a gate but for compiling its chars: it returns them
// as a patterns object (nil when there are none), for the caller to compile.
func parseGateSpec(v ast.Value) (*gate, ast.Value, error) {
	obj, ok := v.(ast.Object)
	if !ok {
		return nil, nil, fmt.Errorf("gate must be an object")
	}
	g := &gate{words: map[string]bool{}}
	var chars ast.Value
	if t := obj.Get(ast.StringTerm("chars")); t != nil {
		s, ok := t.Value.(ast.String)
		if !ok {
			return nil, nil, fmt.Errorf("gate.chars must be a string")
		}
		chars = ast.NewObject(ast.Item(ast.StringTerm("chars"), ast.StringTerm(string(s))))
	}
	for _, f := range []struct {
		name string
		dst  func(string)
	}{
		{"words", func(s string) { g.words[s] = true }},
		{"prefixes", func(s string) { g.prefixes[s[0]] = append(g.prefixes[s[0]], s) }},
		{"suffixes", func(s string) { g.suffixes[s[len(s)-1]] = append(g.suffixes[s[len(s)-1]], s) }},
	} {
		t := obj.Get(ast.StringTerm(f.name))
		if t == nil {
			continue
		}
		ss, err := stringList(t.Value, "gate."+f.name)
		if err != nil {
			return nil, nil, err
		}
		for _, s := range ss {
			if s == "" {
				// An empty prefix or suffix would pass every word.
				return nil, nil, fmt.Errorf("gate.%s: empty string", f.name)
			}
			f.dst(s)
		}
	}
	return g, chars, nil
}

// stringList reads an array or set of strings.
func stringList(v ast.Value, what string) ([]string, error) {
	var out []string
	var err error
	add := func(t *ast.Term) {
		if s, ok := t.Value.(ast.String); ok {
			out = append(out, string(s))
		} else if err == nil {
			err = fmt.Errorf("%s must hold strings only", what)
		}
	}
	switch c := v.(type) {
	case *ast.Array:
		c.Foreach(add)
	case ast.Set:
		c.Foreach(add)
	default:
		return nil, fmt.Errorf("%s must be an array or a set", what)
	}
	return out, err
}

// scanner collects the inspection targets of one input document. Without
// only, it collects the distinct strings (entries), building no paths; with
// only, it locates the targets holding one of those strings (located).
type scanner struct {
	opts      *scanOptions
	only      map[string]bool
	index     map[string]int // value → its entry
	entries   []entry
	located   []target
	norms     map[string]string
	budget    int
	truncated bool
}

// entry is one distinct inspected string: its value, normalised form,
// whether it passes the gate, and whether it occurs as a key and as a raw body.
type entry struct {
	value, norm     string
	pass, key, body bool
}

// target is one located inspection target.
type target struct {
	path              []*ast.Term
	value, norm, kind string
}

var (
	termValue = ast.StringTerm("value")
	termNorm  = ast.StringTerm("norm")
	termKind  = ast.StringTerm("kind")
)

func newScanner(opts *scanOptions, only map[string]bool) *scanner {
	s := &scanner{opts: opts, only: only, budget: opts.maxBytes}
	if only == nil {
		s.index = map[string]int{}
	} else {
		s.norms = map[string]string{} // locating: each string normalised once
	}
	return s
}

// run walks input (see lambda_firewall.targets for what is inspected).
func (s *scanner) run(input ast.Value) {
	doc, _ := input.(ast.Object)
	if doc == nil {
		return
	}
	if h, ok := objectOf(doc.Get(termHTTP)); ok {
		s.http(h)
	} else if p := doc.Get(termPayload); p != nil {
		s.payload(doc, p)
	}
}

// scanTargets computes what lambda_firewall.targets returns for input.
func scanTargets(input ast.Value, opts *scanOptions) ast.Value {
	s := newScanner(opts, nil)
	s.run(input)
	var all, pass, keys, body []*ast.Term
	for _, e := range s.entries {
		t := ast.ObjectTerm(ast.Item(termValue, ast.StringTerm(e.value)), ast.Item(termNorm, ast.StringTerm(e.norm)))
		all = append(all, t)
		if e.pass {
			pass = append(pass, t)
		}
		if e.key {
			keys = append(keys, t)
		}
		if e.body {
			body = append(body, t)
		}
	}
	arr := func(ts []*ast.Term) *ast.Term { return ast.NewTerm(ast.NewArray(ts...)) }
	return ast.NewObject(
		ast.Item(ast.StringTerm("all"), arr(all)),
		ast.Item(ast.StringTerm("gated"), arr(pass)),
		ast.Item(ast.StringTerm("keys"), arr(keys)),
		ast.Item(ast.StringTerm("body"), arr(body)),
		ast.Item(ast.StringTerm("truncated"), ast.BooleanTerm(s.truncated)),
	)
}

// locate returns the targets of input holding one of the strings in only.
func locate(input ast.Value, opts *scanOptions, only map[string]bool) []target {
	s := newScanner(opts, only)
	s.run(input)
	return s.located
}

// locateTargets computes what lambda_firewall.locate returns.
func locateTargets(input ast.Value, opts *scanOptions, values []string) ast.Value {
	only := make(map[string]bool, len(values))
	for _, v := range values {
		only[v] = true
	}
	located := locate(input, opts, only)
	out := make([]*ast.Term, len(located))
	for i, t := range located {
		out[i] = ast.ObjectTerm(
			ast.Item(termPath, ast.ArrayTerm(t.path...)),
			ast.Item(termValue, ast.StringTerm(t.value)),
			ast.Item(termNorm, ast.StringTerm(t.norm)),
			ast.Item(termKind, ast.StringTerm(t.kind)),
		)
	}
	return ast.NewArray(out...)
}

// add records one target. Empty strings are skipped.
func (s *scanner) add(path []*ast.Term, value string, kind string) {
	if value == "" {
		return
	}
	if s.opts.maxBytes > 0 {
		if s.budget <= 0 {
			s.truncated = true
			return
		}
		if len(value) > s.budget {
			value = value[:s.budget]
			s.truncated = true
		}
		s.budget -= len(value)
	}
	if s.only != nil {
		if !s.only[value] {
			return
		}
		n, ok := s.norms[value]
		if !ok {
			n = Normalize(value)
			s.norms[value] = n
		}
		s.located = append(s.located, target{path: append([]*ast.Term(nil), path...), value: value, norm: n, kind: kind})
		return
	}
	i, ok := s.index[value]
	if !ok {
		n := Normalize(value)
		i = len(s.entries)
		s.index[value] = i
		s.entries = append(s.entries, entry{value: value, norm: n, pass: s.opts.gate.pass(n)})
	}
	e := &s.entries[i]
	switch kind {
	case kindKey:
		e.key = true
	case kindBody:
		e.body = true
	}
}

// path returns a path of string segments, nil when paths are not needed.
func (s *scanner) path(segs ...string) []*ast.Term {
	if s.only == nil {
		return nil
	}
	out := make([]*ast.Term, len(segs))
	for i, seg := range segs {
		out[i] = ast.StringTerm(seg)
	}
	return out
}

// with returns p extended by t, nil when paths are not needed.
func (s *scanner) with(p []*ast.Term, t ...*ast.Term) []*ast.Term {
	if s.only == nil {
		return nil
	}
	return append(p[:len(p):len(p)], t...)
}

// http collects the targets of an HTTP trigger (input.http).
func (s *scanner) http(h ast.Object) {
	if p, ok := stringOf(h.Get(termPath)); ok {
		s.add(s.path("http", "path"), p, kindPath)
	}
	if q, ok := objectOf(h.Get(termQuery)); ok {
		s.multiMap(s.path("http", "query"), q)
	}
	cookies := arrayOf(h.Get(termCookies))
	if hs, ok := objectOf(h.Get(termHeaders)); ok {
		hs.Foreach(func(k, v *ast.Term) {
			name, ok := k.Value.(ast.String)
			val, ok2 := v.Value.(ast.String)
			if !ok || !ok2 || s.opts.skipHeaders[string(name)] || name == "cookie" && cookies != nil && cookies.Len() > 0 {
				return
			}
			s.add(s.path("http", "headers", string(name)), string(val), kindHeader)
		})
	}
	if cookies != nil {
		for i := range cookies.Len() {
			c, ok := cookies.Elem(i).Value.(ast.String)
			if !ok {
				continue
			}
			name, value, _ := strings.Cut(string(c), "=")
			p := s.path("http", "cookies")
			p = s.with(p, ast.InternedTerm(i))
			s.add(p, strings.TrimSpace(name), kindKey)
			s.add(p, value, kindValue)
		}
	}
	if b := h.Get(termBodyJSON); b != nil {
		s.walk(s.path("http", "body_json"), b.Value, false)
	}
	if f, ok := objectOf(h.Get(termBodyForm)); ok {
		s.multiMap(s.path("http", "body_form"), f)
	}
	if bf, _ := stringOf(h.Get(termBodyFormat)); bf == "text" || bf == "multipart" {
		if b, ok := stringOf(h.Get(termBody)); ok {
			s.add(s.path("http", "body"), b, kindBody)
		}
	}
}

// multiMap collects {name: [values]} (query, form): names as keys, values.
func (s *scanner) multiMap(prefix []*ast.Term, m ast.Object) {
	m.Foreach(func(k, vs *ast.Term) {
		name, ok := k.Value.(ast.String)
		if !ok {
			return
		}
		p := s.with(prefix, k)
		s.add(p, string(name), kindKey)
		arr, ok := vs.Value.(*ast.Array)
		if !ok {
			return
		}
		for i := range arr.Len() {
			if v, ok := arr.Elem(i).Value.(ast.String); ok {
				s.add(s.with(p, ast.InternedTerm(i)), string(v), kindValue)
			}
		}
	})
}

// walk collects the string leaves (kind value) and object keys (kind key)
// of v at prefix. With embedded, strings holding a JSON object or array are
// parsed and their leaves collected instead, with paths continuing inside.
func (s *scanner) walk(prefix []*ast.Term, v ast.Value, embedded bool) {
	switch x := v.(type) {
	case ast.String:
		if embedded {
			if doc, ok := embeddedJSON(string(x)); ok {
				s.walk(prefix, doc, false)
				return
			}
		}
		s.add(prefix, string(x), kindValue)
	case ast.Object:
		x.Foreach(func(k, e *ast.Term) {
			p := s.with(prefix, k)
			if ks, ok := k.Value.(ast.String); ok {
				s.add(p, string(ks), kindKey)
			}
			s.walk(p, e.Value, embedded)
		})
	case *ast.Array:
		for i := range x.Len() {
			s.walk(s.with(prefix, ast.InternedTerm(i)), x.Elem(i).Value, embedded)
		}
	case ast.Set:
		x.Foreach(func(e *ast.Term) { s.walk(s.with(prefix, e), e.Value, embedded) })
	}
}

// embeddedJSON parses s when it holds a JSON object or array.
func embeddedJSON(s string) (ast.Value, bool) {
	t := strings.TrimLeft(s, " \t\r\n")
	if t == "" || t[0] != '{' && t[0] != '[' || !json.Valid([]byte(s)) {
		return nil, false
	}
	v, err := ast.ValueFromReader(strings.NewReader(s))
	if err != nil {
		return nil, false
	}
	return v, true
}

// payload collects the targets of a non-HTTP trigger: every string leaf and
// key of the payload, inside embedded JSON strings too, and the decoded
// data of Kinesis records.
func (s *scanner) payload(doc ast.Object, p *ast.Term) {
	s.walk(s.path("payload"), p.Value, true)
	if src, _ := stringOf(doc.Get(ast.StringTerm("source"))); src != "kinesis" {
		return
	}
	recs, ok := p.Value.(ast.Object)
	if !ok {
		return
	}
	arr := arrayOf(recs.Get(ast.StringTerm("Records")))
	if arr == nil {
		return
	}
	for i := range arr.Len() {
		rec, ok := arr.Elem(i).Value.(ast.Object)
		if !ok {
			continue
		}
		k, ok := objectOf(rec.Get(ast.StringTerm("kinesis")))
		if !ok {
			continue
		}
		data, ok := stringOf(k.Get(ast.StringTerm("data")))
		if !ok {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			continue
		}
		at := s.path("payload", "Records")
		at = s.with(at, ast.InternedTerm(i), ast.StringTerm("kinesis"), ast.StringTerm("data"))
		if json.Valid(raw) {
			v, err := ast.ValueFromReader(strings.NewReader(string(raw)))
			if err != nil {
				continue
			}
			s.leaves(at, v)
		} else {
			s.add(at, string(raw), kindValue)
		}
	}
}

// leaves collects every string leaf of v, all reported at path at.
func (s *scanner) leaves(at []*ast.Term, v ast.Value) {
	switch x := v.(type) {
	case ast.String:
		s.add(at, string(x), kindValue)
	case ast.Object:
		x.Foreach(func(_, e *ast.Term) { s.leaves(at, e.Value) })
	case *ast.Array:
		x.Foreach(func(e *ast.Term) { s.leaves(at, e.Value) })
	}
}

// objectOf returns t's value when t is an object.
func objectOf(t *ast.Term) (ast.Object, bool) {
	if t == nil {
		return nil, false
	}
	o, ok := t.Value.(ast.Object)
	return o, ok
}

// stringOf returns t's value when t is a string.
func stringOf(t *ast.Term) (string, bool) {
	if t == nil {
		return "", false
	}
	s, ok := t.Value.(ast.String)
	return string(s), ok
}

// arrayOf returns t's value when t is an array, else nil.
func arrayOf(t *ast.Term) *ast.Array {
	if t == nil {
		return nil
	}
	a, _ := t.Value.(*ast.Array)
	return a
}

// docStrings returns the sets of the string leaves and of the object keys
// of v (what lambda_firewall.strings returns).
func docStrings(v ast.Value) ast.Value {
	seenV, seenK := map[string]bool{}, map[string]bool{}
	var values, keys []*ast.Term
	var walk func(t *ast.Term)
	walk = func(t *ast.Term) {
		switch x := t.Value.(type) {
		case ast.String:
			if !seenV[string(x)] {
				seenV[string(x)] = true
				values = append(values, t)
			}
		case ast.Object:
			x.Foreach(func(k, e *ast.Term) {
				if ks, ok := k.Value.(ast.String); ok && !seenK[string(ks)] {
					seenK[string(ks)] = true
					keys = append(keys, k)
				}
				walk(e)
			})
		case *ast.Array:
			x.Foreach(walk)
		case ast.Set:
			x.Foreach(walk)
		}
	}
	walk(ast.NewTerm(v))
	return ast.NewObject(
		ast.Item(ast.StringTerm("values"), ast.SetTerm(values...)),
		ast.Item(ast.StringTerm("keys"), ast.SetTerm(keys...)),
	)
}
