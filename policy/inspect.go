package policy

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// inspector is the state of lambda_firewall.inspect shared by the
// evaluations of one loaded policy: the configurations read (paranoia level,
// skip_headers) and the compiled rulesets by ruleset value and paranoia
// level.
type inspector struct {
	configs  matchCache // config value → *inspectConfig
	compiled matchCache // ruleset value → *levels
}

// inspectConfig is what lambda_firewall.inspect reads of the configuration.
type inspectConfig struct {
	level       int
	skipHeaders map[string]bool
}

// levels holds the compilations of one ruleset value per paranoia level.
type levels struct {
	mu sync.Mutex
	by map[int]*ruleset
}

func (in *inspector) builtin() customBuiltin {
	decl := &rego.Function{
		Name: BuiltinInspect,
		Description: "Runs rule packs over the strings of an input document in one pass and returns the findings " +
			"{id, category, severity, paranoia, message, path} of the rules at or below the configured paranoia level.",
		Decl: types.NewFunction(
			inspectArgs("the bundle configuration: paranoia_level, skip_headers"),
			types.Named("findings", types.NewArray(nil, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A)))).
				Description("the findings, sorted by id and path"),
		),
	}
	return customBuiltin{decl: decl, impl3: guard3(valueBuiltin3(in.findings))}
}

// inspectArgs are the operands of lambda_firewall.inspect and quiet: the
// input document, the rule packs and the configuration (described by
// config).
func inspectArgs(config string) []types.Type {
	return types.Args(
		types.Named("input", types.A).Description("the input document"),
		types.Named("rules", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).
			Description("{gate, packs: {name: {rules: {id: spec}}}}"),
		types.Named("config", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).
			Description(config),
	)
}

// findings is what lambda_firewall.inspect returns, once per evaluation
// (lambda_firewall.quiet shares it).
func (in *inspector) findings(bctx rego.BuiltinContext, input, rules, config ast.Value) (ast.Value, error) {
	return memoized(bctx, evalMemo{BuiltinInspect, input, rules, config}, func() (ast.Value, error) {
		rs, opts, err := in.compile(rules, config)
		if err != nil {
			// A broken rule pack halts the evaluation: it fails the load-time
			// warm-up, and never reads as "no findings".
			return nil, rego.NewHaltError(err)
		}
		return inspect(input, rs, opts), nil
	})
}

// compile returns the compiled ruleset for rules under config, and the scan
// options they make.
func (in *inspector) compile(rules, config ast.Value) (*ruleset, *scanOptions, error) {
	c, err := in.configs.get(config, func() (any, error) { return readInspectConfig(config) })
	if err != nil {
		return nil, nil, err
	}
	cfg := c.(*inspectConfig)
	lv, err := in.compiled.get(rules, func() (any, error) { return &levels{by: map[int]*ruleset{}}, nil })
	if err != nil {
		return nil, nil, err
	}
	l := lv.(*levels)
	l.mu.Lock()
	defer l.mu.Unlock()
	rs := l.by[cfg.level]
	if rs == nil {
		if rs, err = compileRuleset(rules, cfg.level); err != nil {
			return nil, nil, err
		}
		l.by[cfg.level] = rs
	}
	return rs, &scanOptions{skipHeaders: cfg.skipHeaders, gate: rs.gate}, nil
}

// readInspectConfig reads paranoia_level (default 1) and skip_headers.
func readInspectConfig(config ast.Value) (*inspectConfig, error) {
	obj, ok := config.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("operand 3 must be object but got %s", ast.ValueName(config))
	}
	c := &inspectConfig{level: 1}
	if t := obj.Get(ast.StringTerm("paranoia_level")); t != nil {
		n, _ := t.Value.(ast.Number)
		if i, ok := n.Int(); ok {
			c.level = i
		}
	}
	var err error
	c.skipHeaders, err = optionalSet(obj, "skip_headers", strings.ToLower)
	return c, err
}

// finding is one rule firing at one path.
type finding struct {
	rule int
	path []*ast.Term
}

// inspect runs rs over input and returns the findings array.
func inspect(input ast.Value, rs *ruleset, opts *scanOptions) ast.Value {
	doc, _ := input.(ast.Object)
	if doc == nil || len(rs.rules) == 0 {
		return ast.NewArray()
	}
	if phase, _ := stringOf(doc.Get(termPhase)); phase != "event" {
		return ast.NewArray()
	}
	// The gate runs below, on the scan the rules share.
	sopts := *opts
	sopts.gate = nil
	scratch := inspectScratchPool.Get().(*inspectScratch)
	defer scratch.release()
	s := &scanner{opts: &sopts, budget: sopts.maxBytes, index: scratch.index, entries: scratch.entries[:0]}
	defer func() { scratch.entries = s.entries }()
	s.run(input)

	// hits maps each matching raw string to the rules it fired, by scope.
	var hits map[string][]hitRef
	var hitBuf [64]bool
	var markBuf [64]int
	cand := scratch.candidates(rs.nsets)
	// run evaluates the rules of field f of the scopes of e on str, whose
	// literal sets are marked.
	run := func(e *entry, str string, f int, marked []int) {
		for sc, ms := range rs.scopes {
			if ms == nil || !ms.fields[f] || !inScope(sc, e) {
				continue
			}
			hit := hitBuf[:0]
			if len(ms.rules) > len(hitBuf) {
				hit = make([]bool, 0, len(ms.rules))
			}
			hit = hit[:len(ms.rules)]
			ms.evaluate(str, f, hit, cand, marked)
			for i, h := range hit {
				if h {
					if hits == nil {
						hits = map[string][]hitRef{}
					}
					hits[e.value] = appendUnique(hits[e.value], hitRef{rule: rs.ids[sc][i], scope: sc})
				}
			}
		}
	}
	unmark := func(marked []int) {
		for _, set := range marked {
			cand[set] = false
		}
	}
	for i := range s.entries {
		e := &s.entries[i]
		marked := rs.markLiterals(e.norm, cand, markBuf[:0])
		e.pass = rs.gate.passMarked(e.norm, cand, marked)
		run(e, e.norm, 0, marked)
		same := e.value == e.norm
		if rs.valueRules && same {
			run(e, e.value, 1, marked)
		}
		unmark(marked)
		if rs.valueRules && !same {
			// The raw value is scanned again only when normalising changed it.
			marked = rs.markLiterals(e.value, cand, markBuf[:0])
			run(e, e.value, 1, marked)
			unmark(marked)
		}
	}

	var out []finding
	if len(hits) > 0 {
		only := make(map[string]bool, len(hits))
		for v := range hits {
			only[v] = true
		}
		for _, t := range locate(input, opts, only) {
			for _, h := range hits[t.value] {
				if rs.rules[h.rule].keeps(t, h.scope) {
					out = append(out, finding{rule: h.rule, path: t.path})
				}
			}
		}
	}
	if len(rs.direct) > 0 {
		out = appendDirect(out, doc, rs, opts)
	}
	return findingsValue(out, rs)
}

// inspectScratch is the working memory of an inspection, reused from one to
// the next: the scanner's index and entries, and the literal-set marks.
type inspectScratch struct {
	index   map[string]int
	entries []entry
	cand    []bool
}

var inspectScratchPool = sync.Pool{New: func() any { return &inspectScratch{index: map[string]int{}} }}

// maxScratchEntries is the number of entries above which the scratch is
// dropped rather than kept (an unusually large event).
const maxScratchEntries = 1024

// candidates returns n marks, all false.
func (sc *inspectScratch) candidates(n int) []bool {
	if len(sc.cand) < n {
		sc.cand = make([]bool, n)
	}
	return sc.cand[:n]
}

// release empties sc, which must not keep the input's strings alive, and
// puts it back in the pool.
func (sc *inspectScratch) release() {
	if len(sc.entries) > maxScratchEntries {
		return
	}
	clear(sc.index)
	clear(sc.entries)
	sc.entries = sc.entries[:0]
	clear(sc.cand) // false already, unless a panic cut the inspection short
	inspectScratchPool.Put(sc)
}

// inScope reports whether entry e is inspected by the rules of scope sc.
func inScope(sc int, e *entry) bool {
	switch sc {
	case scopeGated:
		return e.pass
	case scopeKeys:
		return e.key
	case scopeBody:
		return e.body
	}
	return true
}

// hitRef is a rule that matched a string when run in scope.
type hitRef struct{ rule, scope int }

// keeps reports whether a rule that matched t's value in scope fires at t:
// key and body scopes fire only at keys and at the raw body.
func (r *inspectRule) keeps(t target, scope int) bool {
	if r.kinds != nil && !r.kinds[t.kind] {
		return false
	}
	if scope == scopeKeys && t.kind != kindKey || scope == scopeBody && t.kind != kindBody {
		return false
	}
	if r.under != nil && !slices.ContainsFunc(r.under, func(p []string) bool { return hasPrefix(t.path, p) }) {
		return false
	}
	if r.param != nil && !slices.ContainsFunc(t.path, func(seg *ast.Term) bool {
		s, ok := seg.Value.(ast.String)
		return ok && r.param.MatchString(strings.ToLower(string(s)))
	}) {
		return false
	}
	return r.unless == nil || !r.unless.MatchString(t.norm)
}

// hasPrefix reports whether path starts with the string segments prefix.
func hasPrefix(path []*ast.Term, prefix []string) bool {
	if len(path) < len(prefix) {
		return false
	}
	for i, seg := range prefix {
		if s, ok := path[i].Value.(ast.String); !ok || string(s) != seg {
			return false
		}
	}
	return true
}

// appendDirect runs the path and header rules.
func appendDirect(out []finding, doc ast.Object, rs *ruleset, opts *scanOptions) []finding {
	h, ok := objectOf(doc.Get(termHTTP))
	if !ok {
		return out
	}
	path, hasPath := stringOf(h.Get(termPath))
	headers, _ := objectOf(h.Get(termHeaders))
	var pathNorm string
	if hasPath {
		pathNorm = Normalize(path)
	}
	for _, ri := range rs.direct {
		r := &rs.rules[ri]
		if r.has(scopePath) {
			if hasPath && path != "" && r.matches(path, pathNorm) {
				out = append(out, finding{rule: ri, path: []*ast.Term{termHTTP, termPath}})
			}
		}
		if r.has(scopeHeaders) && headers != nil {
			headers.Foreach(func(k, v *ast.Term) {
				name, ok := k.Value.(ast.String)
				val, ok2 := v.Value.(ast.String)
				if !ok || !ok2 || !r.headers[string(name)] || opts.skipHeaders[string(name)] || val == "" {
					return
				}
				if r.matches(string(val), Normalize(string(val))) {
					out = append(out, finding{rule: ri, path: []*ast.Term{termHTTP, termHeaders, k}})
				}
			})
		}
	}
	return out
}

// findingsValue returns the findings as an array of objects sorted by id and
// path, without duplicates.
func findingsValue(fs []finding, rs *ruleset) ast.Value {
	slices.SortFunc(fs, func(a, b finding) int {
		if c := strings.Compare(rs.rules[a.rule].id, rs.rules[b.rule].id); c != 0 {
			return c
		}
		return ast.NewArray(a.path...).Compare(ast.NewArray(b.path...))
	})
	terms := make([]*ast.Term, 0, len(fs))
	for i, f := range fs {
		if i > 0 && fs[i-1].rule == f.rule && slices.EqualFunc(fs[i-1].path, f.path, func(a, b *ast.Term) bool { return a.Equal(b) }) {
			continue
		}
		meta := rs.rules[f.rule].meta
		items := make([][2]*ast.Term, 0, len(meta)/2+1)
		for j := 0; j < len(meta); j += 2 {
			items = append(items, [2]*ast.Term{meta[j], meta[j+1]})
		}
		items = append(items, [2]*ast.Term{termPath, ast.ArrayTerm(f.path...)})
		terms = append(terms, ast.NewTerm(ast.NewObject(items...)))
	}
	return ast.NewArray(terms...)
}

func appendUnique[T comparable](xs []T, x T) []T {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
