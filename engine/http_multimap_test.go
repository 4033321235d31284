package engine

import (
	"fmt"
	"testing"
)

func TestMultiMap(t *testing.T) {
	for _, n := range []int{1, multiMapIndexAt, multiMapIndexAt + 1, 3 * multiMapIndexAt} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			m := newMultiMap()
			for i := range n {
				m.add(fmt.Sprint("k", i), "a")
			}
			for i := range n {
				m.add(fmt.Sprint("k", i), fmt.Sprint("b", i))
			}
			if len(m.entries) != n {
				t.Fatalf("%d entries, want %d", len(m.entries), n)
			}
			for i := range n {
				name := fmt.Sprint("k", i)
				if m.entries[i].name != name {
					t.Errorf("entry %d is %q, want %q (insertion order)", i, m.entries[i].name, name)
				}
				if got, want := m.joined(name), fmt.Sprint("a,b", i); got != want {
					t.Errorf("joined(%s) = %q, want %q", name, got, want)
				}
			}
			if m.first("absent") != "" || m.values("absent") != nil || m.joined("absent") != "" {
				t.Errorf("absent name has values")
			}
		})
	}
}

func TestMultiMapWrite(t *testing.T) {
	m := newMultiMap()
	m.add("a", "1")
	m.add("b", "2")
	m.add("a", "3")
	w := &jsonw{}
	m.writeJoined(w)
	m.writeLists(w)
	if got, want := string(w.buf), `{"a":"1,3","b":"2"},{"a":["1","3"],"b":["2"]}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
