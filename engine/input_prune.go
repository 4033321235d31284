package engine

import (
	"github.com/tidwall/gjson"
)

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

// value writes v. The payload's depth has been checked, so the recursion is
// bounded by InputOptions.MaxDepth.
func (p *payloadPruner) value(v gjson.Result) {
	p.nodes--
	switch {
	case v.IsObject():
		p.w.objOpen()
		v.ForEach(func(k, e gjson.Result) bool {
			if p.nodes <= 0 {
				p.truncate = true
				return false
			}
			p.w.key(k.String())
			p.value(e)
			return true
		})
		p.w.objClose()
	case v.IsArray():
		p.w.arrOpen()
		v.ForEach(func(_, e gjson.Result) bool {
			if p.nodes <= 0 {
				p.truncate = true
				return false
			}
			p.value(e)
			return true
		})
		p.w.arrClose()
	case v.Type == gjson.String:
		s := stringPrefix(v, shortString+max(p.short, min(p.budget, p.perLeaf)))
		if len(s) <= shortString && len(s) <= p.short {
			p.short -= len(s)
		} else {
			if n := min(p.budget, p.perLeaf); len(s) > n {
				s = truncateUTF8(s, n)
				p.truncate = true
			}
			p.budget -= len(s)
		}
		p.w.str(s)
	default: // numbers, true, false, null: verbatim
		p.w.rawString(v.Raw)
	}
}

// stringPrefix returns at least the first n bytes of the string v (all of
// it when shorter) without unescaping the rest: a 6 MiB body string costs
// only what is kept. Unescaping never grows a string, so 6n+1 raw bytes
// (the widest escape, \uXXXX, is 6 bytes for at least 1) always hold n.
func stringPrefix(v gjson.Result, n int) string {
	raw := v.Raw
	limit := 6*n + 1
	if len(raw) <= limit+1 {
		return v.String()
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
	return gjson.Parse(raw[:i] + `"`).String()
}
