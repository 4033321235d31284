package policy

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// lambda_firewall.pii(input, pii_config) finds the values of an input
// document to mask as PII: the mask candidates of the PII pack.
//
// Where: the documents whose leaves may be masked are, by phase,
// input.http.body_json (phase "event"), input.response.body_json (phase
// "response"), or, when input has neither an http nor a response object,
// input.payload and the JSON held in its strings (strings that, once leading
// whitespace is trimmed, start with { or [ and are valid JSON; paths continue
// inside them). The raw body is a text site: input.http.body in the event
// phase when body_format is form, text or multipart, input.response.body in
// the response phase unless body_format is json.
//
// What: the scalar (string or number) leaves whose key (their object key,
// or the key of the array holding them) is a sensitive field name of the
// phase, compared lower-cased with "-" read as "_" (pii-field, no pattern,
// strategy last4 for last4_fields, else full); and in the other string
// leaves and text sites, except the strings holding embedded JSON, the
// values found by the value detectors enabled for the phase (see
// pii_detect.go).
//
// The phase is input.phase: "event", or else the response settings apply.

// piiSettings is a parsed pii config.
type piiSettings struct {
	phases [2]piiPhaseSettings // phaseEvent, phaseResponse
	last4  map[string]bool     // normalised field names
}

// piiPhaseSettings are the settings of one phase.
type piiPhaseSettings struct {
	detectors piiDetector
	fields    map[string]bool // normalised field names
}

const (
	phaseEvent    = 0
	phaseResponse = 1
)

// piiConfigKeys are the keys of the pii config, per phase.
var piiConfigKeys = [2]struct{ detectors, fields string }{
	{"event_detectors", "event_fields"},
	{"response_detectors", "response_fields"},
}

// normalKey is how field names are compared: lower-cased, "-" read as "_".
func normalKey(k string) string {
	for i := 0; i < len(k); i++ {
		if c := k[i]; c >= 'A' && c <= 'Z' || c == '-' || c >= 0x80 {
			return strings.ReplaceAll(strings.ToLower(k), "-", "_")
		}
	}
	return k
}

// parsePIISettings reads {"event_detectors", "response_detectors",
// "event_fields", "response_fields", "last4_fields"}: every key is optional,
// each an array or a set (an object stands for its values); entries of the
// wrong type are ignored, as the Rego pack did.
func parsePIISettings(v ast.Value) (*piiSettings, error) {
	obj, ok := v.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("operand 2 must be object but got %s", ast.ValueName(v))
	}
	strs := func(key string) []string {
		var out []string
		add := func(t *ast.Term) {
			if s, ok := t.Value.(ast.String); ok {
				out = append(out, string(s))
			}
		}
		t := obj.Get(ast.StringTerm(key))
		if t == nil {
			return nil
		}
		switch c := t.Value.(type) {
		case *ast.Array:
			c.Foreach(add)
		case ast.Set:
			c.Foreach(add)
		case ast.Object:
			c.Foreach(func(_, e *ast.Term) { add(e) })
		}
		return out
	}
	names := func(key string) map[string]bool {
		m := map[string]bool{}
		for _, s := range strs(key) {
			m[normalKey(s)] = true
		}
		return m
	}
	ps := &piiSettings{last4: names("last4_fields")}
	for i, keys := range piiConfigKeys {
		ps.phases[i].fields = names(keys.fields)
		for _, d := range strs(keys.detectors) {
			ps.phases[i].detectors |= piiDetectorNames[d]
		}
	}
	return ps, nil
}

// piiCandidateType is the type of one candidate of lambda_firewall.pii.
var piiCandidateType = types.NewObject(
	[]*types.StaticProperty{
		types.NewStaticProperty("id", types.S),
		types.NewStaticProperty("path", types.NewArray(nil, types.A)),
		types.NewStaticProperty("mask", types.NewObject(
			[]*types.StaticProperty{
				types.NewStaticProperty("path", types.NewArray(nil, types.A)),
				types.NewStaticProperty("strategy", types.S),
			},
			types.NewDynamicProperty(types.S, types.S))),
	}, nil)

// piiBuiltin is lambda_firewall.pii with its cache of parsed configs.
type piiBuiltin struct {
	settings matchCache
}

func (pb *piiBuiltin) builtin() customBuiltin {
	decl := &rego.Function{
		Name: BuiltinPII,
		Description: "Returns the PII mask candidates of an input document, sorted by path, id and pattern: " +
			"[{id, path, mask: {path, strategy, pattern?}}], by field name and by value detector, " +
			"as configured by pii_config (data.lambda_firewall.config.pii).",
		Decl: types.NewFunction(
			types.Args(
				types.Named("input", types.A).Description("the input document"),
				types.Named("pii_config", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).
					Description("event_detectors, response_detectors, event_fields, response_fields, last4_fields"),
			),
			types.Named("result", types.NewArray(nil, piiCandidateType)).Description("the mask candidates"),
		),
	}
	return customBuiltin{decl: decl, impl2: guard2(valueBuiltin2(pb.candidates))}
}

// candidates is what lambda_firewall.pii returns, once per evaluation
// (lambda_firewall.quiet shares it).
func (pb *piiBuiltin) candidates(bctx rego.BuiltinContext, input, config ast.Value) (ast.Value, error) {
	return memoized(bctx, evalMemo{name: BuiltinPII, a: input, b: config}, func() (ast.Value, error) {
		ps, err := pb.parse(config)
		if err != nil {
			// A broken configuration halts the evaluation (fail closed at
			// load time), it never reads as "nothing to mask".
			return nil, rego.NewHaltError(err)
		}
		return piiCandidatesValue(input, ps), nil
	})
}

// parse returns the parsed config v, from the cache when possible.
func (pb *piiBuiltin) parse(v ast.Value) (*piiSettings, error) {
	ps, err := pb.settings.get(v, func() (any, error) { return parsePIISettings(v) })
	if err != nil {
		return nil, err
	}
	return ps.(*piiSettings), nil
}

// piiCandidate is one mask candidate.
type piiCandidate struct {
	id, strategy, pattern string
	hasPattern            bool
	path                  []*ast.Term
	// emptyKey: a pii-field candidate of a site whose key is "", which the
	// Rego pack reported only when some object of the documents has the key "".
	emptyKey bool
}

// Ids of the candidates found by field name and of AWS secret keys by key name.
const (
	piiFieldID     = "pii-field"
	piiAWSSecretID = "pii-aws-secret-key"
)

// Terms of the prefixes of the documents and of the output.
var (
	termID           = ast.StringTerm("id")
	termMask         = ast.StringTerm("mask")
	termStrategy     = ast.StringTerm("strategy")
	termPattern      = ast.StringTerm("pattern")
	piiTextFormats   = map[string]bool{"form": true, "text": true, "multipart": true}
	piiStrategyTerms = map[string]*ast.Term{strategyFull: ast.StringTerm(strategyFull), strategyLast4: ast.StringTerm(strategyLast4)}
)

// piiWalker walks the documents of one input.
type piiWalker struct {
	ph    *piiPhaseSettings
	last4 map[string]bool
	// path is the path of the current node; the document's own path starts
	// at base (before it is the document's prefix).
	path []*ast.Term
	base int
	// sitePath is the copy of path shared by the candidates of one site.
	sitePath []*ast.Term
	// embedded are the payload strings holding JSON, whose documents are
	// walked once the payload has been (pending); a string leaf equal to one
	// of them is not a value site.
	embedded    map[string]bool
	collect     bool // collect embedded documents (walking the payload)
	pending     []piiDoc
	hasEmptyKey bool // some object of the documents has the key ""
	out         []piiCandidate
	member      func(k, e *ast.Term) // walkMember, made once
	buf         []byte               // normalised key (field)
	bufArray    [64]byte
	pathArray   [16]*ast.Term
}

// piiDoc is an embedded JSON document and its path.
type piiDoc struct {
	prefix []*ast.Term
	doc    ast.Value
}

// piiCandidates returns the sorted, distinct mask candidates of input.
func piiCandidates(input ast.Value, ps *piiSettings) []piiCandidate {
	doc, ok := input.(ast.Object)
	if !ok {
		return nil
	}
	phase, _ := stringOf(doc.Get(termPhase))
	w := &piiWalker{ph: &ps.phases[phaseResponse], last4: ps.last4}
	w.path = w.pathArray[:0]
	w.buf = w.bufArray[:0]
	if phase == "event" {
		w.ph = &ps.phases[phaseEvent]
	}
	http, isHTTP := objectOf(doc.Get(termHTTP))
	resp, hasResp := objectOf(doc.Get(termResponse))
	switch {
	case phase == "event" && isHTTP:
		if b := http.Get(termBodyJSON); b != nil {
			w.walkDoc([]*ast.Term{termHTTP, termBodyJSON}, b.Value)
		}
		if f, _ := stringOf(http.Get(termBodyFormat)); piiTextFormats[f] {
			if b, ok := stringOf(http.Get(termBody)); ok {
				w.text([]*ast.Term{termHTTP, termBody}, b)
			}
		}
	case phase == "response" && hasResp:
		if b := resp.Get(termBodyJSON); b != nil {
			w.walkDoc([]*ast.Term{termResponse, termBodyJSON}, b.Value)
		}
		if f, _ := stringOf(resp.Get(termBodyFormat)); f != "json" {
			if b, ok := stringOf(resp.Get(termBody)); ok {
				w.text([]*ast.Term{termResponse, termBody}, b)
			}
		}
	}
	if !isHTTP && !hasResp {
		if p := doc.Get(termPayload); p != nil {
			w.collect = true
			w.walkDoc([]*ast.Term{termPayload}, p.Value)
			w.collect = false
			for _, d := range w.pending {
				w.walkDoc(d.prefix, d.doc)
			}
		}
	}
	return w.result()
}

// walkDoc walks the document doc whose path is prefix.
func (w *piiWalker) walkDoc(prefix []*ast.Term, doc ast.Value) {
	w.path = append(w.path[:0], prefix...)
	w.base = len(prefix)
	w.walk(doc)
}

func (w *piiWalker) walk(v ast.Value) {
	switch x := v.(type) {
	case ast.String:
		w.site(string(x), true)
	case ast.Number:
		w.site("", false)
	case ast.Object:
		if w.member == nil {
			w.member = w.walkMember
		}
		x.Foreach(w.member)
	case *ast.Array:
		for i := range x.Len() {
			w.path = append(w.path, ast.InternedTerm(i))
			w.walk(x.Elem(i).Value)
			w.path = w.path[:len(w.path)-1]
		}
	case ast.Set:
		x.Foreach(func(e *ast.Term) {
			w.path = append(w.path, e)
			w.walk(e.Value)
			w.path = w.path[:len(w.path)-1]
		})
	}
}

// walkMember walks the member k: e of an object.
func (w *piiWalker) walkMember(k, e *ast.Term) {
	if ks, ok := k.Value.(ast.String); ok && ks == "" {
		w.hasEmptyKey = true
	}
	w.path = append(w.path, k)
	w.walk(e.Value)
	w.path = w.path[:len(w.path)-1]
}

// key returns the key of the current site: the last segment of its path in
// its document if a string, else the one before it if a string, else "".
func (w *piiWalker) key() string {
	rel := w.path[w.base:]
	for i := len(rel) - 1; i >= 0 && i >= len(rel)-2; i-- {
		if s, ok := rel[i].Value.(ast.String); ok {
			return string(s)
		}
	}
	return ""
}

// site handles a scalar leaf of a document (s is its value if a string).
func (w *piiWalker) site(s string, isString bool) {
	w.sitePath = nil
	embedded := false
	if isString {
		if w.collect {
			if doc, ok := embeddedJSON(s); ok {
				if w.embedded == nil {
					w.embedded = map[string]bool{}
				}
				w.embedded[s] = true
				w.pending = append(w.pending, piiDoc{prefix: slices.Clone(w.path), doc: doc})
				embedded = true
			}
		} else {
			embedded = w.embedded[s]
		}
	}
	key := w.key()
	if field, last4 := w.field(key); field {
		// Masked by name, whole, even when it holds embedded JSON; no
		// value detector runs.
		strategy := strategyFull
		if last4 {
			strategy = strategyLast4
		}
		w.emit(piiCandidate{id: piiFieldID, strategy: strategy, emptyKey: key == ""})
		return
	}
	if !isString || embedded {
		return
	}
	detectValues(s, w.ph.detectors, w.emitValue)
	if w.ph.detectors&detAWSSecretKey != 0 && isSecretValue(s) && awsSecretKeyRe.MatchString(key) {
		w.emit(piiCandidate{id: piiAWSSecretID, strategy: strategyFull})
	}
}

// field reports whether key, normalised, is a field name of the phase and
// one of the last4 fields.
func (w *piiWalker) field(key string) (field, last4 bool) {
	if len(w.ph.fields) == 0 {
		return false, false
	}
	convert := false
	for i := 0; i < len(key); i++ {
		c := key[i]
		if c >= 0x80 {
			nk := normalKey(key)
			return w.ph.fields[nk], w.ph.fields[nk] && w.last4[nk]
		}
		convert = convert || c >= 'A' && c <= 'Z' || c == '-'
	}
	if !convert {
		return w.ph.fields[key], w.ph.fields[key] && w.last4[key]
	}
	// ASCII: normalise in a buffer (map lookups of string(bytes) do not
	// allocate).
	w.buf = append(w.buf[:0], key...)
	for i, c := range w.buf {
		switch {
		case c >= 'A' && c <= 'Z':
			w.buf[i] = c + 'a' - 'A'
		case c == '-':
			w.buf[i] = '_'
		}
	}
	return w.ph.fields[string(w.buf)], w.ph.fields[string(w.buf)] && w.last4[string(w.buf)]
}

// text handles a text site (a raw body) at path.
func (w *piiWalker) text(path []*ast.Term, s string) {
	if w.ph.fields[""] { // its key is ""
		return
	}
	w.path = append(w.path[:0], path...)
	w.base = len(path)
	w.sitePath = nil
	detectValues(s, w.ph.detectors, w.emitValue)
}

func (w *piiWalker) emitValue(id, strategy, pattern string) {
	w.emit(piiCandidate{id: id, strategy: strategy, pattern: pattern, hasPattern: true})
}

// emit records c at the current site.
func (w *piiWalker) emit(c piiCandidate) {
	if w.sitePath == nil {
		w.sitePath = slices.Clone(w.path)
	}
	c.path = w.sitePath
	w.out = append(w.out, c)
}

// result sorts the candidates and removes duplicates.
func (w *piiWalker) result() []piiCandidate {
	out := w.out[:0]
	for _, c := range w.out {
		if c.emptyKey && !w.hasEmptyKey {
			continue
		}
		out = append(out, c)
	}
	slices.SortFunc(out, comparePIICandidates)
	return slices.CompactFunc(out, func(a, b piiCandidate) bool { return comparePIICandidates(a, b) == 0 })
}

// comparePIICandidates orders candidates by path, id, pattern (none first)
// and strategy.
func comparePIICandidates(a, b piiCandidate) int {
	if c := comparePaths(a.path, b.path); c != 0 {
		return c
	}
	if c := cmp.Compare(a.id, b.id); c != 0 {
		return c
	}
	if a.hasPattern != b.hasPattern {
		if a.hasPattern {
			return 1
		}
		return -1
	}
	if c := cmp.Compare(a.pattern, b.pattern); c != 0 {
		return c
	}
	return cmp.Compare(a.strategy, b.strategy)
}

// comparePaths orders paths as Rego orders arrays.
func comparePaths(a, b []*ast.Term) int {
	for i := range min(len(a), len(b)) {
		if c := a[i].Value.Compare(b[i].Value); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(a), len(b))
}

// piiCandidatesValue computes what lambda_firewall.pii returns.
func piiCandidatesValue(input ast.Value, ps *piiSettings) ast.Value {
	cs := piiCandidates(input, ps)
	out := make([]*ast.Term, len(cs))
	var prev []*ast.Term
	var path *ast.Term
	for i, c := range cs {
		if i == 0 || comparePaths(c.path, prev) != 0 {
			path = ast.ArrayTerm(c.path...)
			prev = c.path
		}
		mask := []*ast.Term{termPath, path, termStrategy, piiStrategyTerms[c.strategy]}
		if c.hasPattern {
			mask = append(mask, termPattern, ast.StringTerm(c.pattern))
		}
		out[i] = ast.ObjectTerm(
			ast.Item(termID, ast.StringTerm(c.id)),
			ast.Item(termPath, path),
			ast.Item(termMask, ast.ObjectTerm(piiItems(mask)...)),
		)
	}
	return ast.NewArray(out...)
}

func piiItems(kv []*ast.Term) [][2]*ast.Term {
	items := make([][2]*ast.Term, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		items = append(items, ast.Item(kv[i], kv[i+1]))
	}
	return items
}
