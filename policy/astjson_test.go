package policy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/open-policy-agent/opa/v1/ast"
)

// firstValueEnd returns where encoding/json's Decoder, which
// ast.ValueFromReader uses, stops after decoding the first value of data,
// and whether it decoded one.
func firstValueEnd(data []byte) (int, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return 0, false
	}
	return int(dec.InputOffset()), true
}

// trailingContent returns where the first value of data ends if
// ValueFromReader would ignore non-whitespace content after it: the one
// place where parseInputValue deliberately differs (it errors).
func trailingContent(data []byte) (int, bool) {
	end, ok := firstValueEnd(data)
	return end, ok && len(bytes.TrimLeft(data[end:], " \t\r\n")) > 0
}

// checkLikeValueFromReader checks parseInputValue(data) against
// ast.ValueFromReader: both fail, or both succeed with identical values;
// with trailing content after the first value, parseInputValue fails, and
// is checked on the first value alone.
func checkLikeValueFromReader(t testing.TB, name string, data []byte) {
	t.Helper()
	got, gotErr := parseInputValue(data)
	if _, ok := gotErr.(*inputSyntaxError); gotErr != nil && !ok {
		t.Fatalf("%s: error %T %v, want *inputSyntaxError", name, gotErr, gotErr)
	}
	want, wantErr := ast.ValueFromReader(bytes.NewReader(data))
	end, trailing := trailingContent(data)
	switch {
	case wantErr != nil:
		if gotErr == nil {
			t.Fatalf("%s: ValueFromReader error %v, parseInputValue succeeded with %v\ninput %q", name, wantErr, got, data)
		}
	case trailing:
		if gotErr == nil {
			t.Fatalf("%s: trailing content accepted: %v\ninput %q", name, got, data)
		}
		checkLikeValueFromReader(t, name+" (first value)", data[:end])
	case gotErr != nil:
		t.Fatalf("%s: parseInputValue error %v, ValueFromReader gives %v\ninput %q", name, gotErr, want, data)
	default:
		if diff := valueDiff(got, want, "$"); diff != "" {
			t.Fatalf("%s: %s\ninput %q", name, diff, data)
		}
	}
}

// valueDiff returns "" if got and want are identical, term for term (the
// same types, number texts, object sizes and hashes), else the difference.
func valueDiff(got, want ast.Value, path string) string {
	// Compare covers the whole tree: done once, at the root.
	if path == "$" && ast.Compare(got, want) != 0 {
		return fmt.Sprintf("%s: got %v, want %v (Compare)", path, got, want)
	}
	if got.Hash() != want.Hash() {
		return fmt.Sprintf("%s: hash %d, want %d", path, got.Hash(), want.Hash())
	}
	switch w := want.(type) {
	case ast.Null, ast.Boolean, ast.String:
		if got != want {
			return fmt.Sprintf("%s: got %T %v, want %T %v", path, got, got, want, want)
		}
	case ast.Number:
		if g, ok := got.(ast.Number); !ok || string(g) != string(w) {
			return fmt.Sprintf("%s: got %T %q, want number %q", path, got, got, string(w))
		}
	case *ast.Array:
		g, ok := got.(*ast.Array)
		if !ok || g.Len() != w.Len() {
			return fmt.Sprintf("%s: got %T %v, want array %v", path, got, got, w)
		}
		for i := range w.Len() {
			if d := valueDiff(g.Elem(i).Value, w.Elem(i).Value, fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	case ast.Object:
		g, ok := got.(ast.Object)
		if !ok || g.Len() != w.Len() || len(g.Keys()) != w.Len() {
			return fmt.Sprintf("%s: got %T of %d members, want object of %d", path, got, len(g.Keys()), w.Len())
		}
		for _, k := range w.Keys() {
			gv := g.Get(k)
			if gv == nil {
				return fmt.Sprintf("%s: key %v missing", path, k)
			}
			if d := valueDiff(gv.Value, w.Get(k).Value, fmt.Sprintf("%s[%v]", path, k)); d != "" {
				return d
			}
		}
	default:
		return fmt.Sprintf("%s: unexpected type %T", path, want)
	}
	return ""
}

// Expected outcomes of parseInputValueCases.
const (
	same     = iota // both succeed with the same value
	bothFail        // both error
	trailing        // ValueFromReader ignores trailing content, parseInputValue errors
)

var parseInputValueCases = []struct {
	name    string
	input   string
	outcome int
	want    string // if set, the expected value as Rego (and JSON) text
}{
	// Scalars and nesting.
	{"null", `null`, same, `null`},
	{"true", `true`, same, `true`},
	{"false", `false`, same, `false`},
	{"empty object", `{}`, same, `{}`},
	{"empty array", `[]`, same, `[]`},
	{"empty string", `""`, same, `""`},
	{"empty containers", `{"a":{},"b":[],"c":[{}],"d":[[]]}`, same, ""},
	{"nested", `{"a":{"b":[1,"x",{"c":null,"d":[true,false]}]}}`, same, ""},
	{"string root", `"hello"`, same, `"hello"`},
	{"interned strings", `{"method":"body","headers":""}`, same, ""},

	// Whitespace.
	{"whitespace", " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" :\n\"c\" } \r\n\t ", same, `{"a":[1,2],"b":"c"}`},
	{"whitespace only", " \n\t", bothFail, ""},
	{"empty", ``, bothFail, ""},
	{"form feed is not whitespace", "\f1", bothFail, ""},
	{"nbsp is not whitespace", "\u00a01", bothFail, ""},
	{"BOM", "\ufeff{}", bothFail, ""},

	// Numbers keep their literal text.
	{"zero", `0`, same, `0`},
	{"minus zero", `-0`, same, ""},
	{"minus one", `-1`, same, `-1`},
	{"interned int", `512`, same, `512`},
	{"uninterned int", `513`, same, `513`},
	{"float text", `1.0`, same, ""},
	{"float", `[3.14159, -0.5, 0.0, 10.250]`, same, ""},
	{"exponent", `1e3`, same, ""},
	{"exponent forms", `[1E3, 1e+3, 1e-3, 1.5E-07, -0e0, 0E+0]`, same, ""},
	{"big int", `18446744073709551617`, same, ""},
	{"very big int", `-123456789012345678901234567890123456789012345678901234567890`, same, ""},
	{"big exponent in range", `1e400`, same, ""},
	{"exponent out of range", `1e999999`, bothFail, ""},
	{"tiny exponent out of range", `[0.1e-99999]`, bothFail, ""},
	{"exponent out of range nested", `{"a":[1,2,{"b":1E100000}]}`, bothFail, ""},
	{"leading zero", `01`, trailing, ""},
	{"leading zero in array", `[01]`, bothFail, ""},
	{"minus alone", `-`, bothFail, ""},
	{"minus letter", `-a`, bothFail, ""},
	{"plus", `+1`, bothFail, ""},
	{"dot first", `.5`, bothFail, ""},
	{"trailing dot", `1.`, bothFail, ""},
	{"dot letter", `[1.e3]`, bothFail, ""},
	{"exponent without digits", `1e`, bothFail, ""},
	{"exponent sign without digits", `[1e+]`, bothFail, ""},
	{"hex", `0x10`, trailing, ""},
	{"NaN", `NaN`, bothFail, ""},
	{"Infinity", `[Infinity]`, bothFail, ""},

	// Strings and escapes.
	{"simple escapes", `"\"\\\/\b\f\n\r\t"`, same, ""},
	{"unicode escapes", `"\u0041\u00e9\u20AC\uFFFF\u0000"`, same, ""},
	{"surrogate pair", `"\ud83d\ude00"`, same, `"😀"`},
	{"surrogate pair upper", `"\uD83D\uDE00x"`, same, `"😀x"`},
	{"lone high surrogate", `"\ud800"`, same, `"\ufffd"`},
	{"lone high surrogate then char", `"\ud800\u0041"`, same, `"\ufffdA"`},
	{"lone high surrogate then text", `"a\ud800bc"`, same, `"a\ufffdbc"`},
	{"two high surrogates", `"\ud800\ud800\udc00"`, same, `"\ufffd𐀀"`},
	{"lone low surrogate", `"\udc00"`, same, `"\ufffd"`},
	{"reversed pair", `"\ude00\ud83d"`, same, `"\ufffd\ufffd"`},
	{"high surrogate then escape", `"\ud800\n"`, same, `"\ufffd\n"`},
	{"raw UTF-8", `"héllo €𝄞"`, same, ""},
	{"escaped and raw UTF-8", `"h\u00e9llo é"`, same, ""},
	{"invalid UTF-8 byte", "\"a\xffb\"", same, `"a\ufffdb"`},
	{"invalid UTF-8 with escape", "\"\\n\xff\xfe\"", same, `"\n\ufffd\ufffd"`},
	{"truncated UTF-8", "\"\xe2\x82x\"", same, `"\ufffd\ufffdx"`},
	{"UTF-8 surrogate", "\"\xed\xa0\x80\"", same, `"\ufffd\ufffd\ufffd"`},
	{"overlong UTF-8", "\"\xc0\xaf\"", same, `"\ufffd\ufffd"`},
	{"UTF-8 beyond U+10FFFF", "\"\xf4\x90\x80\x80\"", same, ""},
	{"invalid UTF-8 key", "{\"\xff\":1,\"\xfe\":2}", same, ""},
	{"invalid UTF-8 at end", "\"abc\xf0\x9f\x98\"", same, ""},
	{"DEL", "\"\x7f\"", same, ""},
	{"U+FFFD raw", `"�"`, same, ""},
	{"control char", "\"a\x01b\"", bothFail, ""},
	{"newline in string", "\"a\nb\"", bothFail, ""},
	{"tab in string", "\"a\tb\"", bothFail, ""},
	{"NUL in string", "\"\x00\"", bothFail, ""},
	{"invalid escape", `"\x41"`, bothFail, ""},
	{"single quote escape", `"\'"`, bothFail, ""},
	{"short unicode escape", `"\u41"`, bothFail, ""},
	{"bad hex", `"\u00g1"`, bothFail, ""},
	{"unterminated escape", `"\`, bothFail, ""},
	{"unterminated unicode", `"\u00`, bothFail, ""},
	{"unterminated string", `"abc`, bothFail, ""},
	{"unterminated string with escape", `"a\nb`, bothFail, ""},
	{"single quotes", `'a'`, bothFail, ""},

	// Objects.
	{"duplicate key", `{"a":1,"a":2}`, same, `{"a":2}`},
	{"duplicate key kinds", `{"a":[1],"b":0,"a":{"x":1}}`, same, `{"a":{"x":1},"b":0}`},
	{"duplicate key thrice", `{"a":1,"b":2,"a":3,"c":4,"a":5}`, same, `{"a":5,"b":2,"c":4}`},
	{"duplicate key by escape", `{"a":1,"\u0061":2}`, same, `{"a":2}`},
	{"duplicate invalid UTF-8 keys", "{\"\xff\":1,\"\xfe\":2,\"\ufffd\":3}", same, `{"\ufffd":3}`},
	{"duplicate nested", `{"a":{"b":1,"b":2},"a":{"c":3,"c":4}}`, same, `{"a":{"c":4}}`},
	{"duplicate in large object", largeObject(40, true), same, ""},
	{"large object", largeObject(40, false), same, ""},
	{"numeric keys", `{"1":1,"01":2,"1.0":3}`, same, ""},
	{"missing colon", `{"a" 1}`, bothFail, ""},
	{"missing value", `{"a":}`, bothFail, ""},
	{"trailing comma object", `{"a":1,}`, bothFail, ""},
	{"trailing comma array", `[1,]`, bothFail, ""},
	{"leading comma", `[,1]`, bothFail, ""},
	{"missing comma", `[1 2]`, bothFail, ""},
	{"unquoted key", `{a:1}`, bothFail, ""},
	{"number key", `{1:1}`, bothFail, ""},
	{"unterminated object", `{"a":1`, bothFail, ""},
	{"unterminated array", `[1,2`, bothFail, ""},
	{"mismatched close", `[1}`, bothFail, ""},
	{"colon in array", `[1:2]`, bothFail, ""},
	{"unterminated key", `{"a`, bothFail, ""},

	// Literals.
	{"truncated true", `tru`, bothFail, ""},
	{"bad literal", `[trUe]`, bothFail, ""},
	{"capitalised", `True`, bothFail, ""},
	{"nul", `nul`, bothFail, ""},

	// Trailing content: ValueFromReader decodes the first value only.
	{"two values", `1 2`, trailing, ""},
	{"trailing garbage", `{"a":1}xyz`, trailing, ""},
	{"trailing close", `{"a":1}}`, trailing, ""},
	{"trailing literal", `truex`, trailing, ""},
	{"trailing NUL", "{}\x00", trailing, ""},
	{"trailing string", `"a""b"`, trailing, ""},
	{"trailing invalid", `[] ]`, trailing, ""},
	{"two objects", `{}{}`, trailing, ""},

	// Depth: encoding/json allows 10000 levels.
	{"max depth arrays", strings.Repeat("[", 10000) + strings.Repeat("]", 10000), same, ""},
	{"max depth objects", strings.Repeat(`{"a":`, 9999) + `[1]` + strings.Repeat("}", 9999), same, ""},
	{"too deep", strings.Repeat("[", 10001) + strings.Repeat("]", 10001), bothFail, ""},
	{"too deep objects", strings.Repeat(`{"a":`, 10001) + `1` + strings.Repeat("}", 10001), bothFail, ""},
	{"too deep unterminated", strings.Repeat("[", 100000), bothFail, ""},
}

// largeObject returns an object of n members, with a repeated key if dup.
func largeObject(n int, dup bool) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		k := i
		if dup && i%7 == 6 {
			k = i / 3
		}
		fmt.Fprintf(&b, `"k%d":%d`, k, i)
	}
	b.WriteByte('}')
	return b.String()
}

func TestParseInputValue(t *testing.T) {
	for _, tc := range parseInputValueCases {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.input)
			got, err := parseInputValue(data)
			_, vfrErr := ast.ValueFromReader(bytes.NewReader(data))
			switch tc.outcome {
			case same:
				if err != nil || vfrErr != nil {
					t.Fatalf("parseInputValue error %v, ValueFromReader error %v", err, vfrErr)
				}
			case bothFail:
				if err == nil || vfrErr == nil {
					t.Fatalf("parseInputValue error %v, ValueFromReader error %v, want both", err, vfrErr)
				}
			case trailing:
				if err == nil || vfrErr != nil {
					t.Fatalf("parseInputValue error %v, ValueFromReader error %v, want only the first", err, vfrErr)
				}
				if !strings.Contains(err.Error(), "after top-level value") {
					t.Errorf("error %q, want one about trailing content", err)
				}
			}
			checkLikeValueFromReader(t, tc.name, data)
			if tc.want != "" {
				if d := valueDiff(got, ast.MustParseTerm(tc.want).Value, "$"); d != "" {
					t.Errorf("%s", d)
				}
			}
		})
	}
}

// TestInternedInt checks internedInt against the map lookup it replaces.
func TestInternedInt(t *testing.T) {
	texts := []string{"-0", "-2", "-10", "1e2", "1.0", "-1.0", "1000", "-512"}
	for i := -1; i <= 1000; i++ {
		texts = append(texts, strconv.Itoa(i))
	}
	for _, s := range texts {
		got, want := internedInt(s), ast.InternedIntNumberTermFromString(s)
		if (got == nil) != (want == nil) || want != nil && got != want.Value {
			t.Errorf("internedInt(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestParseInputValueLeavesInputAlone checks that parsing does not modify
// data, and that plain strings share its bytes rather than copying them
// (the contract of Evaluator.Eval: the caller must not modify its input).
func TestParseInputValueLeavesInputAlone(t *testing.T) {
	const text = `{"key":"value","n":12345,"arr":["abc","d\u00e9f"]}`
	data := []byte(text)
	v, err := parseInputValue(data)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != text {
		t.Fatalf("input modified: %s", data)
	}
	s := v.(ast.Object).Get(ast.StringTerm("key")).Value.(ast.String)
	at := strings.Index(text, `"value"`) + 1
	if unsafe.StringData(string(s)) != &data[at] {
		t.Error(`"value" was copied, want a substring of the input`)
	}
}

func TestParseInputValueFiles(t *testing.T) {
	var files []string
	for _, root := range []string{"../rules/testdata", "../engine/testdata", "testdata"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".jsonl")) {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 50 {
		t.Fatalf("found only %d JSON files in testdata", len(files))
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-lambda-go").Output()
	if dir := strings.TrimSpace(string(out)); err == nil && dir != "" {
		samples, _ := filepath.Glob(filepath.Join(dir, "events", "testdata", "*.json"))
		if len(samples) == 0 {
			t.Errorf("no aws-lambda-go samples in %s", dir)
		}
		files = append(files, samples...)
	} else {
		t.Logf("aws-lambda-go samples skipped: go list: %v", err)
	}
	lines := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		checkLikeValueFromReader(t, path, data)
		if strings.HasSuffix(path, ".jsonl") {
			sc := bufio.NewScanner(bytes.NewReader(data))
			sc.Buffer(nil, 16<<20)
			for n := 1; sc.Scan(); n++ {
				checkLikeValueFromReader(t, fmt.Sprintf("%s:%d", path, n), sc.Bytes())
				lines++
			}
		}
	}
	t.Logf("%d files, %d JSON lines", len(files), lines)
}

func FuzzParseInputValue(f *testing.F) {
	for _, tc := range parseInputValueCases {
		if len(tc.input) < 1000 {
			f.Add([]byte(tc.input))
		}
	}
	f.Add([]byte(warmUpInput))
	f.Add(apigwFixture(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkLikeValueFromReader(t, "fuzz", data)
	})
}

// apigwFixture returns the input document the engine builds for
// rules/testdata/events/apigw_http-benign-order.allow.json (2.8 KB),
// written by TestASTJSONFixture (astjson_fixture_test.go, package
// policy_test and build tag astjsonfixture: engine imports policy, so this
// package cannot call it).
func apigwFixture(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(apigwFixturePath)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

const apigwFixturePath = "testdata/astjson/apigw_http_input.json"

// jsonBodyInput returns an input document of about size bytes for an HTTP
// event with a JSON body, as the engine builds it: the body both as a
// string (escaped) and parsed (body_json).
func jsonBodyInput(size int) []byte {
	item := `{"sku":"ABC-12345","name":"Widget <deluxe> é","qty":3,"price":19.99,"tags":["a","b","c"],"ok":true}`
	var body strings.Builder
	body.WriteString(`{"items":[`)
	for body.Len() < size*10/22-len(item)-4 { // the body appears twice, once escaped
		if body.Len() > len(`{"items":[`) {
			body.WriteByte(',')
		}
		body.WriteString(item)
	}
	body.WriteString(`]}`)
	quoted, _ := json.Marshal(body.String())
	var doc bytes.Buffer
	doc.WriteString(`{"phase":"event","source":"apigw_http","payload_format":"json","size":`)
	fmt.Fprintf(&doc, "%d", size)
	doc.WriteString(`,"function":{"name":"api","version":"$LATEST","memory_mb":128,"region":"us-east-1"},`)
	doc.WriteString(`"http":{"method":"POST","path":"/orders","headers":{"content-type":"application/json"},"body":`)
	doc.Write(quoted)
	doc.WriteString(`,"body_format":"json","body_json":`)
	doc.WriteString(body.String())
	doc.WriteString(`}}`)
	return doc.Bytes()
}

// nestedInput returns a document nested depth levels deep, alternating
// objects and arrays, with a few scalars at each level.
func nestedInput(depth int) []byte {
	var b bytes.Buffer
	for i := range depth {
		if i%2 == 0 {
			fmt.Fprintf(&b, `{"name":"level-%d","n":%d,"child":`, i, i)
		} else {
			fmt.Fprintf(&b, `[%d,"x",true,`, i)
		}
	}
	b.WriteString(`null`)
	for i := depth - 1; i >= 0; i-- {
		if i%2 == 0 {
			b.WriteByte('}')
		} else {
			b.WriteByte(']')
		}
	}
	return b.Bytes()
}

func TestParseInputValueBenchmarkInputs(t *testing.T) {
	inputs := parseInputBenchmarks(t)
	for _, in := range inputs {
		if !json.Valid(in.data) {
			t.Fatalf("%s: invalid JSON", in.name)
		}
		checkLikeValueFromReader(t, in.name, in.data)
	}
	if n := len(inputs[0].data); n < 2000 || n > 3500 {
		t.Errorf("apigw fixture is %d bytes, want about 2.8 KB", n)
	}
	if n := len(inputs[1].data); n < 60<<10 || n > 72<<10 {
		t.Errorf("JSON body document is %d bytes, want about 64 KB", n)
	}
}

type benchInput struct {
	name string
	data []byte
}

func parseInputBenchmarks(tb testing.TB) []benchInput {
	return []benchInput{
		{"apigw_2.8KB", apigwFixture(tb)},
		{"json_body_64KB", jsonBodyInput(64 << 10)},
		{"nested_64", nestedInput(64)},
		{"nested_10000", nestedInput(10000)},
	}
}

// BenchmarkParseInput compares ast.ValueFromReader, which Eval used, with
// parseInputValue.
func BenchmarkParseInput(b *testing.B) {
	for _, in := range parseInputBenchmarks(b) {
		b.Run(in.name+"/ValueFromReader", func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ast.ValueFromReader(bytes.NewReader(in.data)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(in.name+"/parseInputValue", func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := parseInputValue(in.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
