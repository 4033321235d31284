package engine

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// FuzzMask masks a random path of a random document with the full
// strategy. When masking succeeds the result must be JSON, the leaf must
// read back as "[MASKED]" and, when the path does not go through a JSON
// string, nothing else may differ, byte for byte.
func FuzzMask(f *testing.F) {
	f.Add([]byte(`{"a":{"b":[1,"x",{"c.d":true}]}}`), `["a","b",2,"c.d"]`)
	f.Add([]byte(`{"Records":[{"body":"{\"k\":\"v\"}"}]}`), `["Records",0,"body","k"]`)
	f.Add([]byte(`{"1":{"2":"x"},"*":"y"}`), `["1","2"]`)
	f.Add([]byte(` [ 1 , 18446744073709551617 ] `), `[1]`)
	f.Add([]byte(`{"a\u002eb":"x"}`), `["a.b"]`)
	f.Fuzz(func(t *testing.T, doc []byte, pathJSON string) {
		var segs []any
		dec := json.NewDecoder(bytes.NewReader([]byte(pathJSON)))
		dec.UseNumber()
		if err := dec.Decode(&segs); err != nil {
			return
		}
		for i, s := range segs {
			if n, ok := s.(json.Number); ok {
				v, err := n.Int64()
				if err != nil {
					return
				}
				segs[i] = int(v)
			}
		}
		path := append([]any{"payload"}, segs...)
		out, err := applyMasks(doc, inspectEvent, []policy.Mask{{Path: path}})
		if err != nil {
			return
		}
		if !json.Valid(doc) {
			return // text payloads are masked whole
		}
		if !json.Valid(out) {
			t.Fatalf("masked document is not JSON: %q", out)
		}
		leaf, throughString, ok := walkDecoded(t, out, segs)
		if !ok {
			t.Fatalf("masked leaf not found in %q", out)
		}
		if leaf != "[MASKED]" {
			t.Fatalf("leaf = %#v, want [MASKED]", leaf)
		}
		if throughString || bytes.Equal(out, doc) {
			return
		}
		if !splicedOnce(doc, out, []byte(`"[MASKED]"`)) {
			t.Fatalf("more than the leaf changed:\n doc %q\n out %q", doc, out)
		}
		want := fuzzDecode(t, doc)
		want = setDecoded(want, segs, "[MASKED]")
		if got := fuzzDecode(t, out); !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded documents differ beyond the leaf:\n got %#v\nwant %#v", got, want)
		}
	})
}

func fuzzDecode(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return v
}

// walkDecoded follows segs in doc with encoding/json, entering JSON strings.
func walkDecoded(t *testing.T, doc []byte, segs []any) (leaf any, throughString, ok bool) {
	cur := fuzzDecode(t, doc)
	for i, seg := range segs {
		if s, isStr := cur.(string); isStr && i > 0 {
			cur, throughString = fuzzDecode(t, []byte(s)), true
		}
		switch c := cur.(type) {
		case map[string]any:
			k, _ := seg.(string)
			if cur, ok = c[k]; !ok {
				return nil, false, false
			}
		case []any:
			n, _ := seg.(int)
			if n >= len(c) {
				return nil, false, false
			}
			cur = c[n]
		default:
			return nil, false, false
		}
	}
	return cur, throughString, true
}

func setDecoded(v any, segs []any, leaf any) any {
	if len(segs) == 0 {
		return leaf
	}
	switch c := v.(type) {
	case map[string]any:
		k := segs[0].(string)
		c[k] = setDecoded(c[k], segs[1:], leaf)
	case []any:
		n := segs[0].(int)
		c[n] = setDecoded(c[n], segs[1:], leaf)
	}
	return v
}

// splicedOnce reports whether out is doc with one span replaced by repl.
func splicedOnce(doc, out, repl []byte) bool {
	for i := 0; i+len(repl) <= len(out); i++ {
		if !bytes.Equal(out[:i], doc[:min(i, len(doc))]) {
			return false
		}
		if !bytes.HasPrefix(out[i:], repl) {
			continue
		}
		tail := out[i+len(repl):]
		if len(tail) <= len(doc)-i && bytes.HasSuffix(doc, tail) {
			return true
		}
	}
	return false
}
