package policy

import (
	"bytes"
	"os"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

func BenchmarkZZScan(b *testing.B) {
	raw, _ := os.ReadFile("/tmp/rulesperf/input-1k5.json")
	v, _ := ast.ValueFromReader(bytes.NewReader(raw))
	opts, err := parseScanOptions(ast.MustParseTerm(`{"skip_headers": ["accept","host"], "gate": {"chars": "[<>\"\\x60;|&$(){}\\[\\]\\\\#*!~^=%?\\x{ff1c}\\x{ff1e}\\x00]|\\.\\.|__|--|::|@@|@(java|ognl)|[a-z]\\s*:|/[a-z._~-]|\\d\\.e|0x[0-9a-f]|\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}|\\d{10}|e-308", "words": ["union"], "prefixes": ["pg_"], "suffixes": ["schema"]}}`).Value)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		scanTargets(v, opts)
	}
}
