package policy

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/loader"
	"github.com/open-policy-agent/opa/v1/util"
)

// testPolicy is a one-module policy used to build bundles in tests.
const testPolicy = `package lambda_firewall

default decision := {"action": "allow"}

decision := {"action": "block"} if input.payload.bad
`

// mustLoad loads opts or fails the test.
func mustLoad(t testing.TB, opts Options) *Evaluator {
	t.Helper()
	e, err := Load(context.Background(), opts)
	if err != nil {
		t.Fatalf("Load(%+v): %v", opts, err)
	}
	return e
}

// testKeys returns a fresh RSA key pair as PEM (private, public).
func testKeys(t testing.TB) (string, string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	priv := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	pubDER, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	pub := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	return string(priv), string(pub)
}

// testBundle returns an in-memory bundle as `opa build` makes it from a
// directory holding policy.rego and data.json, signed with privPEM unless empty.
func testBundle(t testing.TB, src, privPEM string) bundle.Bundle {
	t.Helper()
	roots := []string{"lambda_firewall"}
	b := bundle.Bundle{
		Manifest: bundle.Manifest{Revision: "tar-rev", Roots: &roots},
		Data:     map[string]any{"lambda_firewall": map[string]any{"limit": json.Number("3")}},
		Modules: []bundle.ModuleFile{{
			URL:    "/policy.rego",
			Path:   "/policy.rego",
			Raw:    []byte(src),
			Parsed: ast.MustParseModule(src),
		}},
	}
	if privPEM != "" {
		if err := b.GenerateSignature(bundle.NewSigningConfig(privPEM, "RS256", ""), "test-key", false); err != nil {
			t.Fatalf("sign bundle: %v", err)
		}
	}
	return b
}

// writeTarball writes b as a .tar.gz in a temp dir and returns its path.
func writeTarball(t testing.TB, b bundle.Bundle) string {
	t.Helper()
	var buf bytes.Buffer
	if err := bundle.NewWriter(&buf).Write(b); err != nil {
		t.Fatalf("write bundle: %v", err)
	}
	path := filepath.Join(t.TempDir(), "bundle.tar.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeDir lays b out as an unsigned bundle directory in a temp dir and
// returns its path.
func writeDir(t testing.TB, b bundle.Bundle) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range b.Modules {
		write(filepath.Base(m.Path), m.Raw)
	}
	mustJSON := func(v any) []byte {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	write("data.json", mustJSON(b.Data))
	write(".manifest", mustJSON(b.Manifest))
	return dir
}

// signDir signs the bundle directory dir as `opa sign --bundle dir` does:
// each file is named by its path as given (leading "/" removed), JSON files
// are hashed by structure. It writes dir/.signatures.json.
func signDir(t testing.TB, dir, privPEM string) {
	t.Helper()
	dl, _, err := loader.GetBundleDirectoryLoader(dir)
	if err != nil {
		t.Fatal(err)
	}
	h, err := bundle.NewSignatureHasher(bundle.SHA256)
	if err != nil {
		t.Fatal(err)
	}
	var files []bundle.FileInfo
	for {
		f, err := dl.NextFile()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if _, err := f.Read(&buf, bundle.DefaultSizeLimitBytes); err != nil && err != io.EOF {
			t.Fatal(err)
		}
		f.Close()
		var v any = buf.Bytes()
		if bundle.IsStructuredDoc(f.URL()) {
			if err := util.Unmarshal(buf.Bytes(), &v); err != nil {
				t.Fatal(err)
			}
		}
		sum, err := h.HashFile(v)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, bundle.NewFile(strings.TrimPrefix(f.URL(), "/"), hex.EncodeToString(sum), string(bundle.SHA256)))
	}
	token, err := bundle.GenerateSignedToken(files, bundle.NewSigningConfig(privPEM, "RS256", ""), "test-key")
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(bundle.SignaturesConfig{Signatures: []string{token}})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".signatures.json"), data, 0o600); err != nil {
		t.Fatal(err)
	}
}
