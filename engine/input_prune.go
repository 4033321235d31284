package engine

// payloadPruner writes a bounded copy of a large JSON payload into the input
// document: the same structure (keys, array indexes, numbers, booleans) with
// string leaves cut: short strings whole while their allowance lasts, long
// ones to a quarter of the budget each until the budget is spent, and at
// most budget/16 values in all (at least 4096). All strings together hold at
// most twice the budget. Because indexes and keys keep their
// places, every path into the pruned copy is a path into the original, so
// masks computed on it apply to the real payload.
type payloadPruner struct {
	w        *jsonw
	budget   int // string bytes left for long strings
	short    int // string bytes left for short strings
	perLeaf  int // most bytes one long string gets
	nodes    int // values left
	truncate bool
}

// shortString is the length up to which a string is kept whole from its own
// allowance, so that one long body cannot starve the ids, names and types
// beside it.
const shortString = 256

func newPayloadPruner(w *jsonw, budget int) *payloadPruner {
	return &payloadPruner{w: w, budget: budget, short: budget, perLeaf: max(budget/4, shortString),
		nodes: max(budget/pruneNodesPerByte, 4096)}
}

// pruneNodesPerByte bounds the structure: one value per 16 budget bytes
// (at least 4096), enough for every field of real events.
const pruneNodesPerByte = 16

// document writes the valid JSON text s, whose scan is sc: a top-level
// object's members are taken from the scan rather than found again.
func (p *payloadPruner) document(s string, sc *jsonScan) {
	if sc.members == nil {
		start := skipJSONSpace(s, 0)
		p.value(s, start, valueEnd(s, start))
		return
	}
	p.nodes--
	p.w.objOpen()
	for _, m := range sc.members {
		if !p.member(s, m.key, m.start, m.end) {
			break
		}
	}
	p.w.objClose()
}

// value writes the valid JSON value s[start:end]. The payload's depth has
// been checked, so the recursion is bounded by InputOptions.MaxDepth.
func (p *payloadPruner) value(s string, start, end int) {
	p.nodes--
	switch s[start] {
	case '{':
		p.w.objOpen()
		eachMember(s, start, func(key string, vs, ve int) bool { return p.member(s, key, vs, ve) })
		p.w.objClose()
	case '[':
		p.w.arrOpen()
		eachElement(s, start, func(vs, ve int) bool {
			if p.nodes <= 0 {
				p.truncate = true
				return false
			}
			p.value(s, vs, ve)
			return true
		})
		p.w.arrClose()
	case '"':
		str := stringPrefix(s[start:end], shortString+max(p.short, min(p.budget, p.perLeaf)))
		if len(str) <= shortString && len(str) <= p.short {
			p.short -= len(str)
		} else {
			if n := min(p.budget, p.perLeaf); len(str) > n {
				str = truncateUTF8(str, n)
				p.truncate = true
			}
			p.budget -= len(str)
		}
		p.w.str(str)
	default: // numbers, true, false, null: verbatim
		p.w.rawString(s[start:end])
	}
}

// member writes one object member, unless the value budget is spent.
func (p *payloadPruner) member(s, key string, start, end int) bool {
	if p.nodes <= 0 {
		p.truncate = true
		return false
	}
	p.w.key(key)
	p.value(s, start, end)
	return true
}

// stringPrefix returns at least the first n bytes of the text of the JSON
// string literal raw (all of it when shorter) without unescaping the rest:
// a 6 MiB body string costs only what is kept. Unescaping never grows a
// string, so 6n+1 raw bytes (the widest escape, \uXXXX, is 6 bytes for at
// least 1) always hold n.
func stringPrefix(raw string, n int) string {
	limit := 6*n + 1
	if len(raw) <= limit+1 {
		return unescapeLiteral(raw)
	}
	i := 1 // past the opening quote
	for i < limit {
		if raw[i] != '\\' {
			i++
			continue
		}
		step := 2
		if raw[i+1] == 'u' {
			step = 6
		}
		if i+step > limit {
			break
		}
		i += step
	}
	return unescapeKey(raw[1:i])
}
