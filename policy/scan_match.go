package policy

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/open-policy-agent/opa/v1/ast"
)

// ruleMatcher is one entry of the patterns object of lambda_firewall.match.
type ruleMatcher struct {
	id       *ast.Term
	field    *ast.Term // "norm" or "value": the target field matched
	fieldIdx int       // fieldIndex(field)
	detector func(string) bool
	branches []branch
}

// branch is one top-level alternative of a rule's pattern with the literals
// one of which any match must contain (nil: no such set, always run).
type branch struct {
	re   *lazyRegexp
	sets [][]string // every match holds a literal of each set (dropped once numbered in ids)
	// ids are the indexes of sets among the distinct sets of all rules of a
	// matcherSet; ids[0], the most selective, triggers the branch.
	ids []int
	// exact: the branch matches exactly the literals of its one set, so a
	// literal found is a match and the regexp never runs.
	exact bool
}

// matcherSet is a compiled patterns object: its rules and the Aho-Corasick
// automaton over the literals of all their branches, shared with the
// matcherSets compiled with it (compileMatcherSets).
type matcherSet struct {
	rules []ruleMatcher
	ac    *acMachine
	// nsets counts the distinct literal sets of all branches (branches
	// share a set when their literals are the same).
	nsets int
	// fields[0] and fields[1]: some rule matches "norm", "value".
	fields [2]bool
	// first[i] lists the branches triggered by set i (their first set);
	// always lists the branches without literal sets and detectors the
	// rules that are detectors.
	first     [][]branchRef
	always    []branchRef
	detectors []int
	// decisive[i]: set i is the literal set of an exact branch of the first
	// rule, so s holding one of its literals matches that rule (see
	// matchFirst, matchesMarked); nil when no branch is exact.
	decisive []bool
}

// branchRef names branch branch of rule rule of a matcherSet.
type branchRef struct{ rule, branch int }

// matchCache holds what was built from operand values (compiled patterns,
// parsed options and configurations), keyed by the value's hash and checked
// for equality. Bundle data and constant rules are the same ast.Value on
// every evaluation, so the entry last used is kept for a pointer comparison
// first: the common case costs no hashing. It is safe for concurrent use and
// bounded: when full it is emptied.
type matchCache struct {
	last    atomic.Pointer[cacheEntry]
	mu      sync.Mutex
	entries map[int][]cacheEntry
	size    int
}

type cacheEntry struct {
	key ast.Value
	val any
}

// maxCacheEntries bounds each cache of compiled patterns and gates.
const maxCacheEntries = 128

func (c *matchCache) get(key ast.Value, build func() (any, error)) (any, error) {
	byIdentity := isPointerValue(key)
	if e := c.last.Load(); byIdentity && e != nil && e.key == key {
		return e.val, nil
	}
	h := key.Hash()
	c.mu.Lock()
	for _, e := range c.entries[h] {
		if e.key.Compare(key) == 0 {
			c.mu.Unlock()
			if byIdentity {
				c.last.Store(&cacheEntry{key: key, val: e.val})
			}
			return e.val, nil
		}
	}
	c.mu.Unlock()
	v, err := build()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.size >= maxCacheEntries {
		c.entries = map[int][]cacheEntry{}
		c.size = 0
	}
	c.entries[h] = append(c.entries[h], cacheEntry{key: key, val: v})
	c.size++
	if byIdentity {
		c.last.Store(&cacheEntry{key: key, val: v})
	}
	return v, nil
}

// isPointerValue reports whether v compares by identity (objects, arrays,
// sets), so an equality test of the interface is a pointer comparison.
func isPointerValue(v ast.Value) bool {
	switch v.(type) {
	case ast.Object, *ast.Array, ast.Set:
		return true
	}
	return false
}

// Detectors usable as {"detector": name} in a patterns object.
var matchDetectors = map[string]func(string) bool{
	"sqli": IsSQLi,
	"xss":  IsXSS,
}

// compileMatcherSet compiles a patterns object {id: pattern} where pattern is
// an RE2 string, an array of them (matching when one does), {"pattern": re
// or [re...], "field": "norm"|"value"} or {"detector": "sqli"|"xss", "field": ...}.
func compileMatcherSet(v ast.Value) (*matcherSet, error) {
	sets, err := compileMatcherSets(v)
	if err != nil {
		return nil, err
	}
	return sets[0], nil
}

// compileMatcherSets compiles patterns objects (see compileMatcherSet) into
// matcherSets that share one automaton over all their literals: one scan of
// a string (ruleset.markLiterals) serves them all (evaluate).
func compileMatcherSets(vs ...ast.Value) ([]*matcherSet, error) {
	var idx literalIndex
	out := make([]*matcherSet, len(vs))
	for i, v := range vs {
		ms, err := idx.compile(v)
		if err != nil {
			return nil, err
		}
		out[i] = ms
	}
	var ac *acMachine
	if len(idx.lits) > 0 {
		ac = newACMachine(idx.lits)
		ac.bindSets(idx.refs)
	}
	for _, ms := range out {
		ms.finish(&idx, ac)
	}
	return out, nil
}

// compile reads one patterns object, numbering its literal sets in x.
func (x *literalIndex) compile(v ast.Value) (*matcherSet, error) {
	idx := x
	obj, ok := v.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("operand 2 must be object but got %s", ast.ValueName(v))
	}
	ms := &matcherSet{}
	var err error
	obj.Foreach(func(k, p *ast.Term) {
		if err != nil {
			return
		}
		r := ruleMatcher{id: k, field: termNorm}
		var pattern []string
		switch x := p.Value.(type) {
		case ast.String:
			pattern = []string{string(x)}
		case *ast.Array:
			ss, lerr := stringList(x, fmt.Sprintf("%v", k))
			if lerr != nil {
				err = lerr
				return
			}
			pattern = ss
		case ast.Object:
			if f, ok := stringOf(x.Get(ast.StringTerm("field"))); ok {
				if f != "norm" && f != "value" {
					err = fmt.Errorf("%v: field must be \"norm\" or \"value\"", k)
					return
				}
				r.field = ast.StringTerm(f)
			}
			if d, ok := stringOf(x.Get(ast.StringTerm("detector"))); ok {
				if r.detector = matchDetectors[d]; r.detector == nil {
					err = fmt.Errorf("%v: unknown detector %q", k, d)
					return
				}
			} else if pt := x.Get(ast.StringTerm("pattern")); pt != nil {
				if ps, ok := pt.Value.(ast.String); ok {
					pattern = []string{string(ps)}
				} else if pattern, err = stringList(pt.Value, fmt.Sprintf("%v", k)); err != nil {
					return
				}
			} else {
				err = fmt.Errorf("%v: want a pattern or a detector", k)
				return
			}
		default:
			err = fmt.Errorf("%v: pattern must be a string or an object", k)
			return
		}
		if r.detector == nil {
			var parts []branch
			for _, pat := range pattern {
				ps, perr := splitPattern(pat)
				if perr != nil {
					err = fmt.Errorf("%v: %w", k, perr)
					return
				}
				parts = append(parts, ps...)
			}
			for _, part := range parts {
				for _, set := range part.sets {
					part.ids = append(part.ids, idx.set(set))
				}
				// Compiled matchers live as long as the policy: what the
				// collector must trace at every cycle is kept small.
				part.sets = nil
				r.branches = append(r.branches, part)
			}
		}
		r.fieldIdx = fieldIndex(r.field)
		ms.fields[r.fieldIdx] = true
		ms.rules = append(ms.rules, r)
	})
	if err != nil {
		return nil, err
	}
	return ms, nil
}

// finish sets up ms to run on the automaton ac of the literals of idx.
func (ms *matcherSet) finish(idx *literalIndex, ac *acMachine) {
	ms.nsets = len(idx.sets)
	ms.first = make([][]branchRef, ms.nsets)
	for ri, r := range ms.rules {
		if r.detector != nil {
			ms.detectors = append(ms.detectors, ri)
		}
		for bi, b := range r.branches {
			if len(b.ids) == 0 {
				ms.always = append(ms.always, branchRef{ri, bi})
			} else {
				ms.first[b.ids[0]] = append(ms.first[b.ids[0]], branchRef{ri, bi})
			}
		}
	}
	ms.ac = ac
	if len(ms.rules) > 0 {
		for _, b := range ms.rules[0].branches {
			if b.exact {
				if ms.decisive == nil {
					ms.decisive = make([]bool, ms.nsets)
				}
				ms.decisive[b.ids[0]] = true
			}
		}
	}
}

// literalIndex numbers the distinct literal sets of a matcherSet and the
// distinct literals of its automaton.
type literalIndex struct {
	sets  map[string]int // set (its literals joined by NUL) → id
	lits  []string
	byLit map[string]int // literal → index in lits
	refs  [][]int        // literal index → ids of the sets holding it
}

// set returns the id of set, numbering it on first sight.
func (x *literalIndex) set(set []string) int {
	key := strings.Join(set, "\x00")
	if id, ok := x.sets[key]; ok {
		return id
	}
	if x.sets == nil {
		x.sets, x.byLit = map[string]int{}, map[string]int{}
	}
	id := len(x.sets)
	x.sets[key] = id
	for _, l := range set {
		li, ok := x.byLit[l]
		if !ok {
			li = len(x.lits)
			x.byLit[l] = li
			x.lits = append(x.lits, l)
			x.refs = append(x.refs, nil)
		}
		if !slices.Contains(x.refs[li], id) {
			x.refs[li] = append(x.refs[li], id)
		}
	}
	return id
}

// matchString returns, for each rule, whether s matches it.
// cand is scratch space of ms.nsets booleans, all false on entry and on
// return. Only the branches all of whose literal sets occur in s (and those
// without literals) run their regexp.
func (ms *matcherSet) matchString(s string, field int, hit []bool, cand []bool) {
	ms.match(s, field, hit, cand, nil)
}

// match is matchString, stopping as soon as s holds a literal of a set i
// with stop[i] (stop nil: never), which it then reports.
func (ms *matcherSet) match(s string, field int, hit, cand, stop []bool) (stopped bool) {
	var buf [64]int
	marked := buf[:0]
	if ms.ac != nil {
		marked, stopped = ms.ac.scan(s, cand, marked, stop)
	}
	if !stopped {
		ms.evaluate(s, field, hit, cand, marked)
	}
	for _, set := range marked {
		cand[set] = false
	}
	return stopped
}

// matchesMarked reports whether s, whose literal sets are marked (see
// ruleset.markLiterals), matches the first rule of ms: at once when a
// marked set is that of an exact branch of the rule.
func (ms *matcherSet) matchesMarked(s string, cand []bool, marked []int) bool {
	if ms.decisive != nil {
		for _, set := range marked {
			if ms.decisive[set] {
				return true
			}
		}
	}
	var hitBuf [1]bool
	hit := hitBuf[:]
	if len(ms.rules) > 1 {
		hit = make([]bool, len(ms.rules))
	}
	ms.evaluate(s, ms.rules[0].fieldIdx, hit, cand, marked)
	return hit[0]
}

// evaluate sets hit for the rules of field whose match s is, given the
// literal sets marked in cand (marked lists them) by a scan of the
// automaton.
func (ms *matcherSet) evaluate(s string, field int, hit, cand []bool, marked []int) {
	clear(hit)
	for _, ri := range ms.detectors {
		if r := &ms.rules[ri]; r.fieldIdx == field {
			hit[ri] = r.detector(s)
		}
	}
	for _, br := range ms.always {
		ms.try(br, s, field, hit, cand)
	}
	for _, set := range marked {
		for _, br := range ms.first[set] {
			ms.try(br, s, field, hit, cand)
		}
	}
}

// try runs one candidate branch unless its rule already matched.
func (ms *matcherSet) try(br branchRef, s string, field int, hit, cand []bool) {
	r := &ms.rules[br.rule]
	if hit[br.rule] || r.fieldIdx != field {
		return
	}
	if b := r.branches[br.branch]; b.candidate(cand) && (b.exact || b.re.MatchString(s)) {
		hit[br.rule] = true
	}
}

// matchAny reports whether s matches the first rule of ms (a regex rule).
func (ms *matcherSet) matchAny(s string) bool { return ms.matchFirst(s, 0) }

// matchFirst reports whether field f of a target (0: the normalised form,
// 1: the raw value), s, matches the first rule of ms.
func (ms *matcherSet) matchFirst(s string, f int) bool {
	var hitBuf [1]bool
	var candBuf [64]bool
	cand := candBuf[:]
	if ms.nsets > len(candBuf) {
		cand = make([]bool, ms.nsets)
	}
	hit := hitBuf[:]
	if len(ms.rules) > len(hitBuf) {
		hit = make([]bool, len(ms.rules))
	}
	// A literal of an exact branch of the first rule settles it: the scan
	// stops at the first one (the gate passes most strings on an early "(",
	// "=" or "/x").
	var stop []bool
	if ms.decisive != nil && ms.rules[0].fieldIdx == f {
		stop = ms.decisive
	}
	return ms.match(s, f, hit, cand[:ms.nsets], stop) || hit[0]
}

// candidate reports whether a literal of each of b's sets was found.
func (b branch) candidate(cand []bool) bool {
	for _, id := range b.ids {
		if !cand[id] {
			return false
		}
	}
	return true
}

func fieldIndex(f *ast.Term) int {
	if s, _ := f.Value.(ast.String); s == "value" {
		return 1
	}
	return 0
}

// matchTargets returns {id: [target, ...]} for the targets (objects with
// "norm" and "value", or strings standing for both) matching each rule;
// rules without hits are absent.
func matchTargets(targets ast.Value, ms *matcherSet) (ast.Value, error) {
	arr, ok := targets.(*ast.Array)
	if !ok {
		if set, ok := targets.(ast.Set); ok {
			arr = ast.NewArray(set.Slice()...)
		} else {
			return nil, fmt.Errorf("operand 1 must be array but got %s", ast.ValueName(targets))
		}
	}
	n := len(ms.rules)
	memo := [2]map[string][]bool{{}, {}}
	hits := make([][]*ast.Term, n)
	cand := make([]bool, ms.nsets)
	fieldTerms := [2]*ast.Term{termNorm, ast.StringTerm("value")}
	for i := range arr.Len() {
		t := arr.Elem(i)
		obj, isObj := t.Value.(ast.Object)
		str, isStr := t.Value.(ast.String)
		if !isObj && !isStr {
			continue
		}
		for f := range 2 {
			if !ms.fields[f] {
				continue
			}
			s := string(str)
			if isObj {
				var ok bool
				if s, ok = stringOf(obj.Get(fieldTerms[f])); !ok {
					continue
				}
			}
			h, done := memo[f][s]
			if !done {
				h = make([]bool, n)
				ms.matchString(s, f, h, cand)
				memo[f][s] = h
			}
			for r, ok := range h {
				if ok {
					hits[r] = append(hits[r], t)
				}
			}
		}
	}
	out := ast.NewObject()
	for r, ts := range hits {
		if len(ts) > 0 {
			out.Insert(ms.rules[r].id, ast.ArrayTerm(ts...))
		}
	}
	return out, nil
}

// acMachine is an Aho-Corasick automaton over byte strings. Bytes that
// occur in no literal share class 0, so the transition table has one row of
// nclass entries per state.
type acMachine struct {
	class  [256]uint8
	nclass int
	next   []int32 // next[state*nclass+class]
	out    [][]int // literal indexes ending at each state (after fail links); building only
	// sets[setsAt[st]:setsAt[st+1]] are the literal sets of the literals
	// ending at state st, each once (see bindSets): what a scan marks on
	// reaching st. Flat, without pointers: the automaton lives as long as
	// the policy, and the collector does not trace it at every cycle.
	sets   []int32
	setsAt []int32
}

// bindSets computes sets from refs, the literal sets of each literal, and
// drops out.
func (m *acMachine) bindSets(refs [][]int) {
	m.setsAt = make([]int32, len(m.out)+1)
	for st, lits := range m.out {
		from := len(m.sets)
		for _, l := range lits {
			for _, set := range refs[l] {
				if !slices.Contains(m.sets[from:], int32(set)) {
					m.sets = append(m.sets, int32(set))
				}
			}
		}
		m.setsAt[st+1] = int32(len(m.sets))
	}
	m.sets = slices.Clip(m.sets)
	m.out = nil // only the sets of each state are scanned
}

func newACMachine(lits []string) *acMachine {
	m := &acMachine{nclass: 1}
	for _, l := range lits {
		for i := 0; i < len(l); i++ {
			if c := l[i]; m.class[c] == 0 && m.nclass < 256 {
				m.class[c] = uint8(m.nclass)
				m.nclass++
			}
		}
	}
	// Distinct bytes number at most 256; with 255 classes in use the last
	// bytes fall into class 0 with the bytes of no literal, which only adds
	// candidates (the regexps decide).
	total := trieNodes(lits)
	m.next = make([]int32, 0, total*m.nclass)
	m.out = make([][]int, 0, total)
	empty := make([]int32, m.nclass)
	for i := range empty {
		empty[i] = -1
	}
	newState := func() int32 {
		m.next = append(m.next, empty...)
		m.out = append(m.out, nil)
		return int32(len(m.out) - 1)
	}
	newState()
	for li, l := range lits {
		st := int32(0)
		for k := 0; k < len(l); k++ {
			c := int32(m.class[l[k]])
			if m.next[st*int32(m.nclass)+c] < 0 {
				ns := newState()
				m.next[st*int32(m.nclass)+c] = ns
			}
			st = m.next[st*int32(m.nclass)+c]
		}
		m.out[st] = append(m.out[st], li)
	}
	nc := int32(m.nclass)
	fail := make([]int32, len(m.out))
	queue := make([]int32, 0, len(m.out))
	for c := range nc {
		if s := m.next[c]; s >= 0 {
			fail[s] = 0
			queue = append(queue, s)
		} else {
			m.next[c] = 0
		}
	}
	for len(queue) > 0 {
		st := queue[0]
		queue = queue[1:]
		m.out[st] = append(m.out[st], m.out[fail[st]]...)
		for c := range nc {
			s := m.next[st*nc+c]
			if s >= 0 {
				fail[s] = m.next[fail[st]*nc+c]
				queue = append(queue, s)
			} else {
				m.next[st*nc+c] = m.next[fail[st]*nc+c]
			}
		}
	}
	return m
}

// trieNodes returns the number of nodes of the trie of lits, its root
// included: the distinct non-empty prefixes of lits, plus one.
func trieNodes(lits []string) int {
	sorted := slices.Clone(lits)
	slices.Sort(sorted)
	n, prev := 1, ""
	for _, l := range sorted {
		common := 0
		for common < len(l) && common < len(prev) && l[common] == prev[common] {
			common++
		}
		n += len(l) - common
		prev = l
	}
	return n
}

// scan marks in cand the literal sets of every literal occurring in s and
// appends the newly marked sets to marked. It stops at the first literal
// of a set i with stop[i] (stop nil: never) and reports it.
func (m *acMachine) scan(s string, cand []bool, marked []int, stop []bool) ([]int, bool) {
	st := int32(0)
	nc := int32(m.nclass)
	for i := 0; i < len(s); i++ {
		st = m.next[st*nc+int32(m.class[s[i]])]
		if from, to := m.setsAt[st], m.setsAt[st+1]; from < to {
			for _, set := range m.sets[from:to] {
				if stop != nil && stop[set] {
					return marked, true
				}
				if !cand[set] {
					cand[set] = true
					marked = append(marked, int(set))
				}
			}
		}
	}
	return marked, false
}
