package engine

import "strings"

// multiMap is an insertion-ordered map from a name to its values; it keeps
// the order in which names first appear so the input document is
// deterministic for a given event.
type multiMap struct {
	names []string
	vals  map[string][]string
}

func newMultiMap() *multiMap {
	return &multiMap{vals: make(map[string][]string)}
}

func (m *multiMap) add(name, value string) {
	vs, ok := m.vals[name]
	if !ok {
		m.names = append(m.names, name)
	}
	m.vals[name] = append(vs, value)
}

func (m *multiMap) has(name string) bool {
	_, ok := m.vals[name]
	return ok
}

// joined returns the values of name joined with "," ("" when absent).
func (m *multiMap) joined(name string) string {
	return strings.Join(m.vals[name], ",")
}

// first returns the first value of name ("" when absent).
func (m *multiMap) first(name string) string {
	if vs := m.vals[name]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// writeJoined writes {"name": "v1,v2", ...}.
func (m *multiMap) writeJoined(w *jsonw) {
	w.objOpen()
	for _, n := range m.names {
		w.key(n)
		w.str(m.joined(n))
	}
	w.objClose()
}

// writeLists writes {"name": ["v1", "v2"], ...}.
func (m *multiMap) writeLists(w *jsonw) {
	w.objOpen()
	for _, n := range m.names {
		w.key(n)
		w.strings(m.vals[n])
	}
	w.objClose()
}
