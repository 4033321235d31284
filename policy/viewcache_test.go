package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// httpMember returns the "http" member of a parsed document.
func httpMember(t *testing.T, v ast.Value) ast.Value {
	t.Helper()
	h := v.(ast.Object).Get(ast.StringTerm("http"))
	if h == nil {
		t.Fatalf("no http member in %v", v)
	}
	return h.Value
}

// A response document whose "http" member has the bytes of a recent
// event's gets that event's parsed value; anything else is parsed. Either
// way the document equals the one parsed without the cache.
func TestParseInputSharesHTTPView(t *testing.T) {
	view := `{"method":"POST","path":"/orders","headers":{"x-a":"1"},"query":{"q":["a\u00e9"]},"body_json":{"n":[1,2.5,true,null]}}`
	event := `{"phase":"event","payload":{},"http":` + view + `}`
	response := `{"phase":"response","payload":{},"http":` + view + `,"response":{"status":200}}`
	other := `{"phase":"response","payload":{},"http":{"method":"GET"},"response":{"status":200}}`
	late := `{"http":` + view + `,"phase":"response"}` // phase after http: not looked up

	views := &viewCache{}
	parse := func(doc string) ast.Value {
		t.Helper()
		got, err := parseInput([]byte(doc), true, views)
		if err != nil {
			t.Fatal(err)
		}
		want, err := parseInput([]byte(doc), true, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got.Compare(want) != 0 {
			t.Fatalf("%s: with the cache %v, without %v", doc, got, want)
		}
		return got
	}
	ev := httpMember(t, parse(event))
	if got := httpMember(t, parse(response)); got != ev {
		t.Error("the response's http member was parsed again, want the event's value")
	}
	if got := httpMember(t, parse(other)); got == ev {
		t.Error("different bytes got the event's value")
	}
	if got := httpMember(t, parse(late)); got == ev {
		t.Error("a document whose phase comes after http was looked up")
	}
	// Eight more events push the first one out.
	for i := range viewCacheSize {
		parse(fmt.Sprintf(`{"phase":"event","http":{"path":"/%d"}}`, i))
	}
	if got := httpMember(t, parse(response)); got == ev {
		t.Error("an evicted view was found")
	}
}

// Documents larger than viewCacheMaxInput are neither recorded nor looked
// up: an entry keeps its whole document alive.
func TestParseInputCachesSmallDocumentsOnly(t *testing.T) {
	views := &viewCache{}
	pad := `"` + strings.Repeat("a", viewCacheMaxInput) + `"`
	doc := `{"phase":"event","pad":` + pad + `,"http":{"path":"/"}}`
	if _, err := parseInput([]byte(doc), false, views); err != nil {
		t.Fatal(err)
	}
	for _, e := range views.entries {
		if e.raw != nil {
			t.Fatalf("a %d-byte document was cached", len(doc))
		}
	}
}

// FuzzParseInputSharingViews checks that the view cache never changes a
// parse: each input is parsed with a cache that previous inputs filled and
// without one, and the results must be equal (or the same error).
func FuzzParseInputSharingViews(f *testing.F) {
	view := `{"method":"GET","path":"/a","headers":{"h":"v"}}`
	f.Add([]byte(`{"phase":"event","http":` + view + `}`))
	f.Add([]byte(`{"phase":"response","http":` + view + `,"response":{}}`))
	f.Add([]byte(`{"phase":"response","http":{"method":"GET","path":"/a","headers":{"h":"v"}},"response":{}}`))
	f.Add([]byte(`{"phase":"response","http":{"method":"GET","path":"/a","headers":{"h":"v"}}`))
	f.Add([]byte(warmUpInput))
	views := &viewCache{}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, errGot := parseInput(data, false, views)
		want, errWant := parseInput(data, false, nil)
		if (errGot == nil) != (errWant == nil) || errGot != nil && errGot.Error() != errWant.Error() {
			t.Fatalf("with the cache err %v, without %v", errGot, errWant)
		}
		if errGot == nil && got.Compare(want) != 0 {
			t.Fatalf("with the cache %v, without %v", got, want)
		}
	})
}
