package engine

import "strings"

// multiMap is an insertion-ordered map from a name to its values; it keeps
// the order in which names first appear so the input document is
// deterministic for a given event. Lookups scan the entries until there
// are more than multiMapIndexAt, then use an index.
type multiMap struct {
	entries []multiEntry
	index   map[string]int
	// firsts backs the first value of every entry, so that adding a name
	// does not allocate a slice of its own.
	firsts []string
}

type multiEntry struct {
	name string
	vals []string
}

const (
	multiMapIndexAt = 16
	multiMapInitial = 8 // entries allocated on the first add
)

func newMultiMap() *multiMap {
	return &multiMap{}
}

func (m *multiMap) find(name string) int {
	if m.index != nil {
		if i, ok := m.index[name]; ok {
			return i
		}
		return -1
	}
	for i := range m.entries {
		if m.entries[i].name == name {
			return i
		}
	}
	return -1
}

func (m *multiMap) add(name, value string) {
	if i := m.find(name); i >= 0 {
		m.entries[i].vals = append(m.entries[i].vals, value)
		return
	}
	if m.entries == nil {
		m.entries = make([]multiEntry, 0, multiMapInitial)
		m.firsts = make([]string, 0, multiMapInitial)
	}
	m.firsts = append(m.firsts, value)
	end := len(m.firsts)
	// The full slice expression caps the entry's slice at its one value:
	// a second value reallocates instead of overwriting the next entry's.
	m.entries = append(m.entries, multiEntry{name: name, vals: m.firsts[end-1 : end : end]})
	switch n := len(m.entries); {
	case n == multiMapIndexAt+1:
		m.index = make(map[string]int, 2*n)
		for i, e := range m.entries {
			m.index[e.name] = i
		}
	case n > multiMapIndexAt+1:
		m.index[name] = n - 1
	}
}

// values returns the values of name (nil when absent).
func (m *multiMap) values(name string) []string {
	if i := m.find(name); i >= 0 {
		return m.entries[i].vals
	}
	return nil
}

// joined returns the values of name joined with "," ("" when absent).
func (m *multiMap) joined(name string) string {
	return strings.Join(m.values(name), ",")
}

// first returns the first value of name ("" when absent).
func (m *multiMap) first(name string) string {
	if vs := m.values(name); len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// writeJoined writes {"name": "v1,v2", ...}.
func (m *multiMap) writeJoined(w *jsonw) {
	w.objOpen()
	for _, e := range m.entries {
		w.key(e.name)
		if len(e.vals) == 1 {
			w.str(e.vals[0])
			continue
		}
		w.str(strings.Join(e.vals, ","))
	}
	w.objClose()
}

// writeLists writes {"name": ["v1", "v2"], ...}.
func (m *multiMap) writeLists(w *jsonw) {
	w.objOpen()
	for _, e := range m.entries {
		w.key(e.name)
		w.strings(e.vals)
	}
	w.objClose()
}
