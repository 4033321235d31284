package policy

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Bounds of the literal analysis of patterns.
const (
	maxExactSet   = 64  // strings in a set of exact matches
	maxClassRunes = 32  // runes of a character class expanded to literals
	maxLiteralSet = 400 // literals pre-filtering one branch
)

// splitPattern compiles pattern into its top-level alternatives, each with
// the literals one of which every match of the alternative contains (nil
// when no such set is known). A string matches pattern iff it matches one of
// the branches; a branch can only match a string holding one of its
// literals.
//
// The branches' regexps are compiled on first use (lazyRegexp): most never
// run, since their literals are rare, and compiling them all would cost the
// extension's cold start. The syntax is checked here.
func splitPattern(pattern string) ([]branch, error) {
	parts := splitTopLevel(pattern)
	out := make([]branch, 0, len(parts))
	for _, src := range parts {
		// Valid top-level alternatives make a valid alternation.
		re, err := syntaxParse(src)
		if err != nil {
			if len(parts) == 1 {
				return nil, err
			}
			return nil, fmt.Errorf("branch %q of %q: %w", src, pattern, err)
		}
		out = append(out, distribute(src, re)...)
	}
	return out, nil
}

// newBranch makes the branch of source src, parsed as re (memo: see litMemo).
func newBranch(src string, re *syntax.Regexp, memo litMemo) branch {
	in := memo.analyze(re)
	b := branch{re: &lazyRegexp{src: src, fast: classRun(re)}, sets: literalSets(in)}
	// A branch that matches exactly a known set of literals, with no
	// assertion (\b, ^, $) around them, matches wherever one occurs: its
	// literal set decides alone (the gate's [<>;|…], "..", "__").
	// (A literal holding U+FFFD is left to the regexp, which also reads
	// invalid UTF-8 as U+FFFD.)
	if in.exact != nil && len(b.sets) == 1 && slices.Equal(b.sets[0], in.exact) && !hasAssertion(re) &&
		!slices.ContainsFunc(in.exact, func(l string) bool { return strings.ContainsRune(l, utf8.RuneError) }) {
		b.exact = true
	}
	return b
}

// hasAssertion reports whether re holds an empty-width assertion.
func hasAssertion(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	return slices.ContainsFunc(re.Sub, hasAssertion)
}

// minDistribute is the number of alternatives from which a branch's
// alternation is distributed into branches of their own.
const minDistribute = 8

// distribute returns the branches of src, parsed as re: one, or, for a
// branch P(a|b|…)S whose group is at the top level, not repeated, and holds
// an alternation of minDistribute alternatives or more, the branches P(a)S,
// P(b)S, …: the same language, when the branch whole would be slow or run
// too often. A branch too large for the regexp package's backtracker
// (php-002's list of a hundred function names) runs as an NFA at ~0.5 µs
// per byte on any string holding one of its literals (chrome/… holds
// "chr"); a branch with a one- or two-letter alternative (w, nl) runs on
// most ordinary text: its weak alternatives get branches of their own and
// the others stay together. Split, only the alternatives whose literals
// occur run, each a small, quick program. Every branch split out costs the
// cold start its analysis, so other branches stay whole. The rewriting is
// textual, on the group the source spells out.
func distribute(src string, re *syntax.Regexp) []branch {
	whole := func() []branch { return []branch{newBranch(src, re, nil)} }
	open, body, end := largestGroup(src)
	if open < 0 {
		return whole()
	}
	alts := splitTopLevel(src[body:end])
	if !tooLargeToBacktrack(re) {
		// Only the weak alternatives go into branches of their own; the
		// others stay together, selective and quick enough.
		weak, strong := splitWeak(alts)
		if len(weak) == 0 {
			return whole()
		}
		alts = append(weak, strings.Join(strong, "|"))
	}
	// What comes before and after the group is parsed once, and each
	// alternative alone: parsing every rewritten branch whole cost the
	// cold start several milliseconds. A flag group ((?i), (?s:…)) could
	// reach across the pieces, so such a source is parsed whole per branch.
	var prefix, suffix []*syntax.Regexp
	piecewise := !strings.Contains(strings.ReplaceAll(src, "(?:", ""), "(?")
	if piecewise {
		var ok bool
		if prefix, ok = concatParts(src[:open]); ok {
			suffix, ok = concatParts(src[end+1:])
		}
		piecewise = ok
	}
	out := make([]branch, 0, len(alts))
	var memo litMemo
	if piecewise {
		memo = litMemo{}
	}
	for _, alt := range alts {
		d := src[:body] + alt + src[end:]
		var parsed *syntax.Regexp
		if piecewise {
			a, err := syntaxParse(src[open:body] + alt + ")")
			if err != nil {
				return whole()
			}
			subs := append(append(slices.Clip(prefix), a), suffix...)
			parsed = &syntax.Regexp{Op: syntax.OpConcat, Flags: re.Flags, Sub: subs}
		} else {
			var err error
			if parsed, err = syntaxParse(d); err != nil {
				return whole()
			}
		}
		b := newBranch(d, parsed, memo)
		if len(b.sets) == 0 {
			return whole() // an alternative without literals would always run
		}
		out = append(out, b)
	}
	return out
}

// maxBacktrackProg is the size of program above which the regexp package
// leaves its backtracker for the NFA (regexp's own maxBacktrackProg).
const maxBacktrackProg = 500

// tooLargeToBacktrack reports whether re compiles to a program the regexp
// package runs with its NFA.
func tooLargeToBacktrack(re *syntax.Regexp) bool {
	prog, err := syntax.Compile(re.Simplify())
	return err == nil && len(prog.Inst) > maxBacktrackProg
}

// maxWeakLiteral is the length up to which an alternative's literal is weak:
// one- and two-letter commands (w, nl, id) occur in ordinary text, so the
// branch whole would run on most strings that have its other literals.
const maxWeakLiteral = 2

// splitWeak parts alts into those recognised only by a weak literal and the
// others: split out, a weak one is the only branch that runs on ordinary
// text, and the others keep selective literals. (None are weak when one
// does not parse alone.)
func splitWeak(alts []string) (weak, strong []string) {
	for _, a := range alts {
		re, err := syntaxParse(a)
		if err != nil {
			return nil, alts
		}
		if set := bestSet(reqOf(analyze(re))); set != nil && slices.ContainsFunc(set, func(l string) bool { return len(l) <= maxWeakLiteral }) {
			weak = append(weak, a)
		} else {
			strong = append(strong, a)
		}
	}
	if len(strong) == 0 {
		return nil, alts // all weak: nothing to keep apart
	}
	return weak, strong
}

// concatParts parses src, a sequence of top-level items, into the parts of
// a concatenation (none for an empty src).
func concatParts(src string) ([]*syntax.Regexp, bool) {
	if src == "" {
		return nil, true
	}
	re, err := syntaxParse(src)
	if err != nil {
		return nil, false
	}
	if re.Op == syntax.OpConcat {
		return re.Sub, true
	}
	return []*syntax.Regexp{re}, true
}

// largestGroup finds, among the groups of src at the top level that are
// plain or non-capturing ("(" or "(?:") and not followed by a quantifier,
// the one whose content splits into the most alternatives, at least
// minDistribute: it returns the index of its "(", of its content and of its
// ")". open is -1 when there is none.
func largestGroup(src string) (open, body, end int) {
	open, most := -1, minDistribute-1
	depth, start := 0, 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\\':
			i++
		case '[':
			i = classEnd(src, i)
		case '(':
			if depth == 0 {
				start = i
			}
			depth++
		case ')':
			depth--
			if depth != 0 {
				continue
			}
			b := start + 1
			if strings.HasPrefix(src[b:], "?:") {
				b += 2
			} else if strings.HasPrefix(src[b:], "?") {
				continue
			}
			if i+1 < len(src) && strings.IndexByte("*+?{", src[i+1]) >= 0 {
				continue
			}
			if n := len(splitTopLevel(src[b:i])); n > most {
				open, body, end, most = start, b, i, n
			}
		}
	}
	return open, body, end
}

// lazyRegexp is a regexp compiled on its first use. Its source has been
// parsed successfully, so compiling it cannot fail.
type lazyRegexp struct {
	src  string
	fast func(string) bool // when set, matches s without the regexp
	once sync.Once
	re   *regexp.Regexp
}

// MatchString reports whether s matches the regexp.
func (l *lazyRegexp) MatchString(s string) bool {
	if l.fast != nil {
		return l.fast(s)
	}
	l.once.Do(func() { l.re = regexp.MustCompile(l.src) })
	return l.re.MatchString(s)
}

// classRun returns a matcher for a regexp that is one character class, or a
// class repeated at least n times (`[<>;|]`, `\d{10}`): a run of n runes of
// the class. Other regexps get nil. Such branches (the inspection gate has
// several) are hit often and cost a regexp run each.
func classRun(re *syntax.Regexp) func(string) bool {
	re = re.Simplify()
	min := 1
	switch {
	case re.Op == syntax.OpCharClass:
	case (re.Op == syntax.OpRepeat || re.Op == syntax.OpPlus) && len(re.Sub) == 1 && re.Sub[0].Op == syntax.OpCharClass:
		if re.Op == syntax.OpRepeat {
			min = re.Min
		}
		re = re.Sub[0]
	case re.Op == syntax.OpConcat && len(re.Sub) > 0 && allSameClass(re.Sub):
		min = len(re.Sub)
		re = re.Sub[0]
	default:
		return nil
	}
	if min < 1 {
		return nil
	}
	ranges := re.Rune
	in := func(r rune) bool {
		for i := 0; i+1 < len(ranges); i += 2 {
			if r >= ranges[i] && r <= ranges[i+1] {
				return true
			}
		}
		return false
	}
	return func(s string) bool {
		run := 0
		for _, r := range s {
			if in(r) {
				if run++; run >= min {
					return true
				}
			} else {
				run = 0
			}
		}
		return false
	}
}

// allSameClass reports whether subs are equal character classes (how
// Simplify writes \d{3}).
func allSameClass(subs []*syntax.Regexp) bool {
	for _, s := range subs {
		if s.Op != syntax.OpCharClass || !s.Equal(subs[0]) {
			return false
		}
	}
	return true
}

// splitTopLevel splits an RE2 pattern at its top-level "|" (outside groups
// and character classes). A pattern holding \Q or a flag group without a
// colon, whose flags would carry over to later alternatives, is not split.
func splitTopLevel(p string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\\':
			if i+1 < len(p) && p[i+1] == 'Q' {
				return []string{p}
			}
			i++
		case '[':
			i = classEnd(p, i)
		case '(':
			if depth == 0 && strings.HasPrefix(p[i:], "(?") && !flagGroupHasColon(p[i+2:]) {
				return []string{p}
			}
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				parts = append(parts, p[start:i])
				start = i + 1
			}
		}
	}
	return append(parts, p[start:])
}

// classEnd returns the index of the "]" closing the class opening at i.
func classEnd(p string, i int) int {
	j := i + 1
	if j < len(p) && p[j] == '^' {
		j++
	}
	if j < len(p) && p[j] == ']' {
		j++
	}
	for ; j < len(p); j++ {
		switch {
		case p[j] == '\\':
			j++
		case p[j] == '[' && j+1 < len(p) && p[j+1] == ':':
			if k := strings.Index(p[j+2:], ":]"); k >= 0 {
				j += k + 3
			}
		case p[j] == ']':
			return j
		}
	}
	return len(p)
}

// flagGroupHasColon reports whether the group after "(?" is (?flags:...)
// rather than (?flags), or a named group (?P<name>...).
func flagGroupHasColon(rest string) bool {
	for i := 0; i < len(rest); i++ {
		switch c := rest[i]; {
		case c == ':' || c == 'P' || c == '<':
			return true
		case c == ')':
			return false
		}
	}
	return false
}

// litInfo describes what a regexp node matches: exact is the finite set of
// strings it matches (when known and small), req literal sets such that
// every match contains a literal of each set (empty when unknown).
type litInfo struct {
	exact []string
	req   [][]string
}

// maxRequiredSets is how many literal sets a branch must all hit.
const maxRequiredSets = 3

// requiredLiterals returns literal sets such that every match of re holds
// one literal of each set (nil when no useful set is known).
func requiredLiterals(re *syntax.Regexp) [][]string { return literalSets(analyze(re)) }

// literalSets are the literal sets of requiredLiterals for a node with info
// in.
func literalSets(in litInfo) [][]string {
	var out [][]string
	for _, set := range reqOf(in) {
		if len(set) <= maxLiteralSet {
			out = append(out, set)
		}
	}
	return out
}

// usable reports whether every literal is non-empty (an empty literal is in
// every string, so the set would filter nothing).
func usable(lits []string) bool {
	if len(lits) == 0 {
		return false
	}
	for _, l := range lits {
		if l == "" {
			return false
		}
	}
	return true
}

func analyze(re *syntax.Regexp) litInfo { return litMemo(nil).analyze(re) }

// litMemo keeps the analyses of syntax nodes that several branches share
// (the parts before and after a distributed group); nil keeps none.
type litMemo map[*syntax.Regexp]litInfo

func (m litMemo) analyze(re *syntax.Regexp) litInfo {
	if m == nil {
		return m.analyzeNode(re)
	}
	if in, ok := m[re]; ok {
		return in
	}
	in := m.analyzeNode(re)
	m[re] = in
	return in
}

func (m litMemo) analyzeNode(re *syntax.Regexp) litInfo {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return litInfo{}
		}
		return litInfo{exact: []string{string(re.Rune)}}
	case syntax.OpCharClass:
		if re.Flags&syntax.FoldCase != 0 {
			return litInfo{}
		}
		n := 0
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n += int(re.Rune[i+1]-re.Rune[i]) + 1
			if n > maxClassRunes {
				return litInfo{}
			}
		}
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if !utf8.ValidRune(r) {
					return litInfo{}
				}
				out = append(out, string(r))
			}
		}
		return litInfo{exact: out}
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return litInfo{exact: []string{""}}
	case syntax.OpCapture:
		return m.analyze(re.Sub[0])
	case syntax.OpQuest:
		sub := m.analyze(re.Sub[0])
		if sub.exact != nil && len(sub.exact) < maxExactSet {
			return litInfo{exact: append([]string{""}, sub.exact...)}
		}
		return litInfo{}
	case syntax.OpPlus:
		return litInfo{req: reqOf(m.analyze(re.Sub[0]))}
	case syntax.OpRepeat:
		if re.Min < 1 {
			return litInfo{}
		}
		sub := m.analyze(re.Sub[0])
		if re.Min == 1 && re.Max == 1 {
			return sub
		}
		// Every match holds Min consecutive matches of the sub-expression:
		// \.{2,3} needs "..", not only ".".
		if rep := power(sub.exact, re.Min); rep != nil {
			if re.Max == re.Min {
				return litInfo{exact: rep}
			}
			return litInfo{req: [][]string{rep}}
		}
		return litInfo{req: reqOf(sub)}
	case syntax.OpConcat:
		return m.analyzeConcat(re.Sub)
	case syntax.OpAlternate:
		infos := make([]litInfo, len(re.Sub))
		allExact := true
		total := 0
		for i, s := range re.Sub {
			infos[i] = m.analyze(s)
			if infos[i].exact == nil {
				allExact = false
			}
			total += len(infos[i].exact)
		}
		if allExact && total <= maxExactSet {
			var out []string
			for _, in := range infos {
				out = append(out, in.exact...)
			}
			return litInfo{exact: out}
		}
		var union []string
		for _, in := range infos {
			best := bestSet(reqOf(in))
			if best == nil {
				return litInfo{}
			}
			union = append(union, best...)
		}
		return litInfo{req: [][]string{union}}
	}
	return litInfo{}
}

// reqOf returns the literal sets of a node with info in.
func reqOf(in litInfo) [][]string {
	if in.exact != nil && usable(in.exact) {
		return [][]string{in.exact}
	}
	return in.req
}

// bestSet returns the most selective of sets, nil when there is none.
func bestSet(sets [][]string) []string {
	var best []string
	for _, set := range sets {
		if usable(set) && (best == nil || score(set) > score(best)) {
			best = set
		}
	}
	return best
}

// analyzeConcat multiplies runs of exact children and keeps the most
// selective of the resulting literal sets.
func (m litMemo) analyzeConcat(subs []*syntax.Regexp) litInfo {
	cur := []string{""}
	allExact := true
	var cands [][]string
	consider := func(set []string) {
		if usable(set) && !slices.ContainsFunc(cands, func(c []string) bool { return slices.Equal(c, set) }) {
			cands = append(cands, set)
		}
	}
	// core is the product of the current run of children that match no
	// empty string: when cur overflows through optional parts
	// (["']?(/usr|/bin)?n(c|cat)), the run still gives a tight set (nc, ncat).
	core := []string{""}
	for _, s := range subs {
		in := m.analyze(s)
		if in.exact != nil && !slices.Contains(in.exact, "") && len(core)*len(in.exact) <= maxExactSet {
			core = product(core, in.exact)
		} else {
			consider(core)
			core = []string{""}
			if in.exact != nil && !slices.Contains(in.exact, "") {
				core = in.exact
			}
		}
		if in.exact != nil {
			if len(cur)*len(in.exact) <= maxExactSet {
				cur = product(cur, in.exact)
				continue
			}
			allExact = false
			consider(cur)
			cur = in.exact
			continue
		}
		allExact = false
		consider(cur)
		for _, set := range in.req {
			consider(set)
		}
		cur = []string{""}
	}
	if allExact {
		return litInfo{exact: cur}
	}
	consider(cur)
	consider(core)
	sort.SliceStable(cands, func(i, j int) bool { return score(cands[i]) > score(cands[j]) })
	var kept [][]string
	for _, c := range cands {
		if len(kept) < maxRequiredSets && !slices.ContainsFunc(kept, func(k []string) bool { return implies(k, c) }) {
			kept = append(kept, c)
		}
	}
	return litInfo{req: kept}
}

// power returns the concatenations of n strings of set, nil when set is
// unknown or there would be more than maxExactSet of them.
func power(set []string, n int) []string {
	if set == nil {
		return nil
	}
	out := []string{""}
	for range n {
		if len(out)*len(set) > maxExactSet {
			return nil
		}
		out = product(out, set)
	}
	return out
}

// implies reports whether every string holding a literal of a holds one of
// b: each literal of a contains a literal of b. Checking b after a filters
// nothing more.
func implies(a, b []string) bool {
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return strings.Contains(x, y) }) {
			return false
		}
	}
	return true
}

func product(a, b []string) []string {
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = append(out, x+y)
		}
	}
	return out
}

// score estimates how selective a literal set is: the weakest literal
// decides (letters, digits and spaces are common, punctuation rarer),
// slightly penalised by the size of the set.
func score(set []string) float64 {
	weakest := 1e9
	for _, l := range set {
		w := 0.0
		for i := 0; i < len(l); i++ {
			c := l[i]
			switch {
			case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == ' ':
				w++
			default:
				w += 2.5
			}
		}
		weakest = min(weakest, min(w, 8))
	}
	return weakest - float64(len(set))/1000
}

// syntaxParse parses pattern as regexp.Compile does.
func syntaxParse(pattern string) (*syntax.Regexp, error) {
	return syntax.Parse(pattern, syntax.Perl)
}
