package policy

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/loader"
)

// signingKeyID is the key id under which the configured public key is
// registered; it takes precedence over the key id recorded in signatures.
const signingKeyID = "lambda_firewall"

// testFileSuffix marks Rego test files, left out of the production query.
const testFileSuffix = "_test.rego"

// namedBundle is one loaded bundle and the name it is reported under.
type namedBundle struct {
	name   string
	bundle *bundle.Bundle
}

// bundleLoader reads bundles from the file system or an fs.FS.
type bundleLoader struct {
	caps   *ast.Capabilities
	verify *bundle.VerificationConfig // nil: no signature required
	tests  bool                       // keep *_test.rego modules
}

// loadAll loads every bundle of opts: each of Paths, or Embedded.
func (l bundleLoader) loadAll(opts Options) ([]namedBundle, error) {
	if len(opts.Paths) == 0 {
		if opts.Embedded == nil {
			return nil, newError(CodeLoadError, "no policy: neither Paths nor Embedded is set", nil)
		}
		fsys := opts.Embedded
		if !l.tests {
			fsys = withoutTests{fsys}
		}
		b, err := l.read(loader.NewFileLoader().WithFS(fsys), ".", false)
		if err != nil {
			return nil, newError(CodeLoadError, "failed to load embedded bundle", err)
		}
		return []namedBundle{{name: EmbeddedBundleName, bundle: b}}, nil
	}
	out := make([]namedBundle, 0, len(opts.Paths))
	for _, path := range opts.Paths {
		b, err := l.loadPath(path)
		if err != nil {
			return nil, err
		}
		out = append(out, namedBundle{name: path, bundle: b})
	}
	return out, nil
}

// loadPath loads the bundle directory or tarball at path, verifying its
// signature when a public key is configured.
func (l bundleLoader) loadPath(path string) (*bundle.Bundle, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, newError(CodeLoadError, fmt.Sprintf("failed to load bundle %s", path), err)
	}
	b, err := l.read(loader.NewFileLoader(), path, l.verify != nil)
	if err == nil {
		return b, nil
	}
	if l.verify != nil {
		// Tell a signature failure from a bundle that does not load at all.
		if _, plainErr := l.read(loader.NewFileLoader(), path, false); plainErr == nil {
			return nil, newError(CodeSignatureError, fmt.Sprintf("bundle %s failed signature verification", path), err)
		}
	}
	return nil, newError(CodeLoadError, fmt.Sprintf("failed to load bundle %s", path), err)
}

// read reads one bundle and drops its test modules unless l.tests is set.
func (l bundleLoader) read(fl loader.FileLoader, path string, verify bool) (*bundle.Bundle, error) {
	fl = fl.WithRegoVersion(ast.RegoV1).
		WithCapabilities(l.caps).
		WithProcessAnnotation(true)
	if verify {
		fl = fl.WithBundleVerificationConfig(l.verify)
	} else {
		fl = fl.WithSkipBundleVerification(true)
	}
	b, err := fl.AsBundle(path)
	if err != nil {
		return nil, err
	}
	if !l.tests {
		kept := b.Modules[:0]
		for _, m := range b.Modules {
			if !strings.HasSuffix(m.Path, testFileSuffix) {
				kept = append(kept, m)
			}
		}
		b.Modules = kept
	}
	return b, nil
}

// verificationConfig builds the bundle verification config for a PEM
// public key given inline or as a path. The signing algorithm follows the
// key type: RS256 for RSA, ES256/384/512 for ECDSA by curve.
func verificationConfig(publicKey string) (*bundle.VerificationConfig, error) {
	pemText := publicKey
	if !strings.Contains(publicKey, "-----BEGIN") {
		data, err := os.ReadFile(publicKey)
		if err != nil {
			return nil, fmt.Errorf("failed to read bundle public key: %w", err)
		}
		pemText = string(data)
	}
	alg, err := keyAlgorithm(pemText)
	if err != nil {
		return nil, err
	}
	keys := map[string]*bundle.KeyConfig{signingKeyID: {Key: pemText, Algorithm: alg}}
	return bundle.NewVerificationConfig(keys, signingKeyID, "", nil), nil
}

// keyAlgorithm returns the JWS algorithm matching a PEM public key.
func keyAlgorithm(pemText string) (string, error) {
	block, _ := pem.Decode([]byte(pemText))
	if block == nil {
		return "", fmt.Errorf("invalid bundle public key: no PEM block found")
	}
	var pub any
	var err error
	if block.Type == "RSA PUBLIC KEY" {
		pub, err = x509.ParsePKCS1PublicKey(block.Bytes)
	} else {
		pub, err = x509.ParsePKIXPublicKey(block.Bytes)
	}
	if err != nil {
		return "", fmt.Errorf("invalid bundle public key: %w", err)
	}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return "RS256", nil
	case *ecdsa.PublicKey:
		switch k.Curve.Params().BitSize {
		case 256:
			return "ES256", nil
		case 384:
			return "ES384", nil
		case 521:
			return "ES512", nil
		}
		return "", fmt.Errorf("invalid bundle public key: unsupported curve %s", k.Curve.Params().Name)
	default:
		return "", fmt.Errorf("invalid bundle public key: unsupported key type %T", pub)
	}
}
