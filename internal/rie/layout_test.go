package rie

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLayout(t *testing.T) {
	src := t.TempDir()
	for _, name := range []string{"fn", "ext", "wrap.sh"} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name      string
		cfg       Config
		files     []string // paths inside the namespaces that must exist
		absent    []string
		bootstrap string // which bootstrap, and a line it must contain
		contains  string
	}{
		{
			name:      "direct",
			cfg:       Config{Function: filepath.Join(src, "fn")},
			files:     []string{functionPath, "/opt/bootstrap"},
			absent:    []string{extensionPath, wrapperPath, "/var/task/bootstrap"},
			bootstrap: "/opt/bootstrap", contains: "AWS_LAMBDA_EXEC_WRAPPER",
		},
		{
			name:      "os-only",
			cfg:       Config{Function: filepath.Join(src, "fn"), Extension: filepath.Join(src, "ext"), Wrapper: filepath.Join(src, "wrap.sh"), Bootstrap: BootstrapOSOnly},
			files:     []string{functionPath, extensionPath, wrapperPath, "/var/task/bootstrap"},
			absent:    []string{"/opt/bootstrap"},
			bootstrap: "/var/task/bootstrap", contains: "exec /opt/wrapper-script.sh /var/task/function",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := newLayout(&tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(l.root)
			for _, p := range tc.files {
				st, err := os.Stat(l.host(p))
				if err != nil {
					t.Errorf("%s: %v", p, err)
				} else if st.Mode()&0o111 == 0 {
					t.Errorf("%s is not executable", p)
				}
			}
			for _, p := range tc.absent {
				if _, err := os.Stat(l.host(p)); err == nil {
					t.Errorf("%s exists", p)
				}
			}
			b, err := os.ReadFile(l.host(tc.bootstrap))
			if err != nil || !strings.Contains(string(b), tc.contains) {
				t.Errorf("%s = %q (%v), want it to contain %q", tc.bootstrap, b, err, tc.contains)
			}
		})
	}
}
