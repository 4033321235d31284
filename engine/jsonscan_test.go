package engine

import (
	"errors"
	"testing"

	"github.com/tidwall/gjson"
)

// scanJSON is the scan of s with maxDepth, as the input builder makes it.
func scanJSON(s string, maxDepth int) (jsonScan, error) {
	t := scannedText{text: s, decode: "d"}
	sc, err := t.checked(maxDepth)
	if err != nil {
		return jsonScan{}, err
	}
	return *sc, nil
}

func TestScanJSON(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
		keys  []string
	}{
		{`{"a":1,"b":[1,{"c":2}],"a":"x"}`, true, []string{"a", "b", "a"}},
		{` { "k\u0065y" : "v" } `, true, []string{"key"}},
		{`{}`, true, nil},
		{`[1,2]`, true, nil},
		{`"s"`, true, nil},
		{`-0.5e+7`, true, nil},
		{`{"a":1,}`, false, nil},
		{`[1,]`, false, nil},
		{`{"a" 1}`, false, nil},
		{`01`, false, nil},
		{`1.`, false, nil},
		{`"\x"`, false, nil},
		{"\"a\nb\"", false, nil},
		{`{"a":1} x`, false, nil},
		{``, false, nil},
		{`tru`, false, nil},
	}
	for _, tt := range tests {
		sc, err := scanJSON(tt.in, 64)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if sc.valid != tt.valid || sc.valid != gjson.Valid(tt.in) {
			t.Errorf("%q: valid = %v, want %v", tt.in, sc.valid, tt.valid)
		}
		var keys []string
		for _, m := range sc.members {
			keys = append(keys, m.key)
		}
		if len(keys) != len(tt.keys) {
			t.Errorf("%q: keys %q, want %q", tt.in, keys, tt.keys)
		}
	}
	if _, err := scanJSON(`[[[1]]]`, 2); !errors.Is(err, errTooDeep) {
		t.Errorf("deep valid: %v", err)
	}
	if _, err := scanJSON(`[[[x`, 2); !errors.Is(err, errTooDeep) {
		t.Errorf("deep invalid: %v", err)
	}
}

// FuzzScanJSON checks scanJSON against gjson and checkDepth: the same
// validity, the same depth errors, and the members gjson iterates.
func FuzzScanJSON(f *testing.F) {
	f.Add(`{"a":1,"b":[1,{"c":"\u00e9\ud83d\ude00"}],"a":"x"}`, 3)
	f.Add(`[[["\"\\"]]]`, 2)
	f.Add(` {"k\"":-1.5E-3 , "n":null,"t":true,"f":false} `, 1)
	f.Add(`{"d":{"d":"x","y":["z"]},"e":"d"}`, 4)
	f.Add(`{"d":"a\"b\\c\/\b\f\n\r\t\u00e9\ud83d\ude00\ud800x0123456789abcdef","d":1}`, 2)
	f.Fuzz(func(t *testing.T, s string, maxDepth int) {
		maxDepth = maxDepth%70 + 1
		if maxDepth < 1 {
			maxDepth = -maxDepth + 1
		}
		sc, err := scanJSON(s, maxDepth)
		if derr := checkDepth(s, maxDepth); (err == nil) != (derr == nil) || err != nil && err.Error() != derr.Error() {
			t.Fatalf("depth error %v, checkDepth %v", err, derr)
		}
		if err != nil {
			return
		}
		if sc.valid != gjson.Valid(s) {
			t.Fatalf("valid = %v, gjson %v", sc.valid, !sc.valid)
		}
		if !sc.valid {
			return
		}
		doc := gjson.Parse(s)
		if !doc.IsObject() {
			if sc.members != nil {
				t.Fatalf("members of a non-object")
			}
			return
		}
		i, lastD, lastText := 0, -1, ""
		doc.ForEach(func(k, v gjson.Result) bool {
			if i >= len(sc.members) {
				t.Fatalf("fewer members than gjson")
			}
			m := sc.members[i]
			if m.key != k.Str || s[m.start:m.end] != v.Raw {
				t.Fatalf("member %d = %q %q, gjson %q %q", i, m.key, s[m.start:m.end], k.Str, v.Raw)
			}
			if m.key == "d" && v.Type == gjson.String {
				lastD, lastText = i, v.Str
			}
			i++
			return true
		})
		if i != len(sc.members) {
			t.Fatalf("more members than gjson")
		}
		if sc.textOf != lastD || sc.text != lastText {
			t.Fatalf("decoded member %d %q, gjson %d %q", sc.textOf, sc.text, lastD, lastText)
		}
	})
}
