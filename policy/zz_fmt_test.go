package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"
)

func TestZZFmt(t *testing.T) {
	if os.Getenv("ZZFMT") == "" {
		t.Skip()
	}
	filepath.Walk("../rules/default", func(p string, info os.FileInfo, err error) error {
		if !strings.HasSuffix(p, ".rego") {
			return nil
		}
		src, _ := os.ReadFile(p)
		out, err := format.SourceWithOpts(p, src, format.Opts{RegoVersion: ast.RegoV1})
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if string(out) != string(src) {
			t.Logf("reformatted %s", p)
			if os.Getenv("ZZFMT") == "write" {
				os.WriteFile(p, out, 0o644)
			}
		}
		return nil
	})
}
