package policy

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/rules"
)

func TestLoadSources(t *testing.T) {
	tests := []struct {
		name string
		opts func(t *testing.T) Options
		want map[string]string
	}{
		{
			name: "directory with manifest",
			opts: func(*testing.T) Options { return Options{Paths: []string{"testdata/basic"}} },
			want: map[string]string{"testdata/basic": "basic-rev-1"},
		},
		{
			name: "directory without manifest, test file excluded",
			opts: func(*testing.T) Options { return Options{Paths: []string{"testdata/nomanifest"}} },
			want: map[string]string{"testdata/nomanifest": ""},
		},
		{
			name: "embedded",
			opts: func(*testing.T) Options { return Options{Embedded: os.DirFS("testdata/basic")} },
			want: map[string]string{"default": "basic-rev-1"},
		},
		{
			name: "paths win over embedded",
			opts: func(*testing.T) Options {
				return Options{Paths: []string{"testdata/nomanifest"}, Embedded: os.DirFS("testdata/basic")}
			},
			want: map[string]string{"testdata/nomanifest": ""},
		},
		{
			name: "tarball as opa build writes it",
			opts: func(t *testing.T) Options {
				return Options{Paths: []string{writeTarball(t, testBundle(t, testPolicy, ""))}}
			},
		},
		{
			name: "two bundles merged",
			opts: func(*testing.T) Options { return Options{Paths: []string{"testdata/basic", "testdata/extra"}} },
			want: map[string]string{"testdata/basic": "basic-rev-1", "testdata/extra": "extra-rev-7"},
		},
		{
			name: "rego_version 0 manifest",
			opts: func(*testing.T) Options { return Options{Paths: []string{"testdata/v0"}} },
			want: map[string]string{"testdata/v0": "v0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts(t)
			e := mustLoad(t, opts)
			if e.Query() != DefaultQuery {
				t.Errorf("Query() = %q, want %q", e.Query(), DefaultQuery)
			}
			got := e.Bundles()
			if tt.want == nil {
				tt.want = map[string]string{opts.Paths[0]: "tar-rev"}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("Bundles() = %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("Bundles()[%q] = %q, want %q", k, got[k], v)
				}
			}
			res, err := e.Eval(context.Background(), []byte(`{"payload":{"hello":"world"}}`))
			if err != nil || res.Decision.Action != ActionAllow {
				t.Errorf("Eval benign input: %+v, %v", res, err)
			}
		})
	}
}

func TestLoadRegoV0Evaluates(t *testing.T) {
	e := mustLoad(t, Options{Paths: []string{"testdata/v0"}})
	res, err := e.Eval(context.Background(), []byte(`{"payload":{"bad":true}}`))
	if err != nil || res.Decision.Action != ActionBlock {
		t.Fatalf("got %+v, %v; want block", res, err)
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name     string
		opts     Options
		code     string
		contains string
	}{
		{"nothing to load", Options{}, CodeLoadError, "neither Paths nor Embedded"},
		{"missing path", Options{Paths: []string{"testdata/nope"}}, CodeLoadError, "testdata/nope"},
		{"overlapping roots", Options{Paths: []string{"testdata/basic", "testdata/overlap"}}, CodeLoadError, "overlap"},
		{"invalid query", Options{Paths: []string{"testdata/basic"}, Query: "data.x["}, CodeLoadError, "invalid query"},
		{"undefined decision", Options{Paths: []string{"testdata/basic"}, Query: "data.lambda_firewall.nothing"}, CodeUndefinedDecision, "undefined decision"},
		{"multiple results", Options{Paths: []string{"testdata/basic"}, Query: `x := [{"action":"allow"},{"action":"allow"}][_]`}, CodeInvalidDecision, "multiple evaluation results"},
		{"multiple expressions", Options{Paths: []string{"testdata/basic"}, Query: "data.lambda_firewall.decision; data.lambda_firewall.decision"}, CodeInvalidDecision, "multiple evaluation results"},
		{"invalid decision", Options{Paths: []string{"testdata/basic"}, Query: "data.lambda_firewall.data_version"}, CodeUndefinedDecision, "undefined"},
		{"decision not an object", Options{Paths: []string{"testdata/basic"}, Query: "data.lambda_firewall.version"}, CodeInvalidDecision, "expected decision to be of type object"},
		{"http.send disabled", Options{Paths: []string{"testdata/httpsend"}}, CodeLoadError, "builtin http.send is disabled; set LAMBDA_FIREWALL_ALLOW_BUILTINS=http.send to enable"},
		{"unknown allowed builtin", Options{Paths: []string{"testdata/basic"}, AllowBuiltins: []string{"time.now_ns"}}, CodeLoadError, `"time.now_ns"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(context.Background(), tt.opts)
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if got := ErrorCode(err); got != tt.code {
				t.Errorf("code %q, want %q (err: %v)", got, tt.code, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not contain %q", err, tt.contains)
			}
		})
	}
}

func TestAllowBuiltinsReenablesHTTPSend(t *testing.T) {
	e := mustLoad(t, Options{Paths: []string{"testdata/httpsend"}, AllowBuiltins: []string{"http.send"}})
	if _, err := e.Eval(context.Background(), []byte(`{}`)); err != nil {
		t.Fatalf("Eval: %v", err)
	}
}

func TestDisabledBuiltinCaughtByCompilerToo(t *testing.T) {
	// Reached when a call escapes the pre-check, e.g. in the query itself.
	_, err := Load(context.Background(), Options{
		Paths: []string{"testdata/basic"},
		Query: `x := net.lookup_ip_addr("localhost")`,
	})
	if err == nil || ErrorCode(err) != CodeLoadError || !strings.Contains(err.Error(), "net.lookup_ip_addr") {
		t.Fatalf("got %v, want a compile error naming net.lookup_ip_addr", err)
	}
}

func TestLoadSignedBundles(t *testing.T) {
	priv, pub := testKeys(t)
	_, otherPub := testKeys(t)
	pubPath := filepath.Join(t.TempDir(), "pub.pem")
	if err := os.WriteFile(pubPath, []byte(pub), 0o600); err != nil {
		t.Fatal(err)
	}
	tampered := func(t *testing.T) string {
		dir := writeDir(t, testBundle(t, testPolicy, ""))
		signDir(t, dir, priv)
		evil := strings.Replace(testPolicy, `{"action": "block"}`, `{"action": "allow"}`, 1)
		if err := os.WriteFile(filepath.Join(dir, "policy.rego"), []byte(evil), 0o600); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	tests := []struct {
		name string
		path func(t *testing.T) string
		key  string
		code string // "" means success
	}{
		{"signed tarball", func(t *testing.T) string { return writeTarball(t, testBundle(t, testPolicy, priv)) }, pub, ""},
		{"signed directory", func(t *testing.T) string {
			dir := writeDir(t, testBundle(t, testPolicy, ""))
			signDir(t, dir, priv)
			return dir
		}, pub, ""},
		{"key as path", func(t *testing.T) string { return writeTarball(t, testBundle(t, testPolicy, priv)) }, pubPath, ""},
		{"unsigned tarball", func(t *testing.T) string { return writeTarball(t, testBundle(t, testPolicy, "")) }, pub, CodeSignatureError},
		{"unsigned directory", func(*testing.T) string { return "testdata/basic" }, pub, CodeSignatureError},
		{"tampered directory", tampered, pub, CodeSignatureError},
		{"wrong key", func(t *testing.T) string { return writeTarball(t, testBundle(t, testPolicy, priv)) }, otherPub, CodeSignatureError},
		{"invalid key", func(t *testing.T) string { return writeTarball(t, testBundle(t, testPolicy, priv)) }, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", CodeSignatureError},
		{"missing key file", func(t *testing.T) string { return writeTarball(t, testBundle(t, testPolicy, priv)) }, "/nonexistent/key.pem", CodeSignatureError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path(t)
			e, err := Load(context.Background(), Options{Paths: []string{path}, PublicKey: tt.key})
			if tt.code == "" {
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				res, err := e.Eval(context.Background(), []byte(`{"payload":{"bad":true}}`))
				if err != nil || res.Decision.Action != ActionBlock {
					t.Fatalf("Eval: %+v, %v", res, err)
				}
				return
			}
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if !errors.Is(err, &Error{Code: tt.code}) {
				t.Errorf("code %q, want %q (err: %v)", ErrorCode(err), tt.code, err)
			}
			if strings.HasPrefix(tt.name, "invalid") || strings.HasPrefix(tt.name, "missing") {
				return
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name bundle %s", err, path)
			}
		})
	}
}

// A copy of the default bundle whose rule pack or limits data is broken
// does not load: the warm-up evaluation halts on it, so the extension's init
// fails instead of running with rules that silently never match.
func TestLoadRefusesBrokenRuleData(t *testing.T) {
	tests := []struct {
		name, file, old, new, want string
	}{
		{"bad regex", "lambda_firewall/injection/packs/jndi/data.yaml", "      - '\\bjndi", "      - '(unclosed'\n      - '\\bjndi", "error parsing regexp"},
		{"misspelt option", "lambda_firewall/injection/packs/lfi/data.yaml", "unless:", "unles:", `unknown field "unles"`},
		{"unknown scope", "lambda_firewall/injection/packs/nosql/data.yaml", "scope: keys", "scope: cookies", `unknown scope "cookies"`},
		{"limits of the wrong type", "lambda_firewall/config/data.json", `"max_body_bytes": 6291456`, `"max_body_bytes": "6 MiB"`, "max_body_bytes must be a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, rules.Default); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, tt.file)
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), tt.old) {
				t.Fatalf("%s has no %q", tt.file, tt.old)
			}
			if err := os.WriteFile(path, []byte(strings.Replace(string(src), tt.old, tt.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = Load(context.Background(), Options{Paths: []string{dir}})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Load: %v, want an error mentioning %q", err, tt.want)
			}
		})
	}
}
