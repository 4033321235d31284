package policy

import "io/fs"

// DefaultQuery is the decision query used when Options.Query is empty.
const DefaultQuery = "data.lambda_firewall.decision"

// EmbeddedBundleName is the name under which Bundles reports the embedded bundle.
const EmbeddedBundleName = "default"

// Options configures Load.
type Options struct {
	// Paths are bundle directories (with or without a .manifest) or bundle
	// .tar.gz files as `opa build` writes them. Several bundles are merged;
	// their roots must not overlap. Empty means use Embedded.
	Paths []string
	// Embedded holds one bundle directory at its root (.rego files, data.json
	// files, optional .manifest). It is used only when Paths is empty. It is
	// part of the binary and is not subject to signature verification.
	Embedded fs.FS
	// Query is the decision query; empty means DefaultQuery.
	Query string
	// PublicKey is a PEM-encoded public key, inline or as a path to a PEM
	// file. When set, every bundle in Paths must carry a valid
	// .signatures.json made with the matching private key (`opa sign`).
	PublicKey string
	// AllowBuiltins re-enables builtins that are disabled by default
	// (see DisabledBuiltins). Unknown names are an error.
	AllowBuiltins []string
	// RegoOnly evaluates every decision with the Rego evaluator, turning
	// off the fast path of a decision rule shaped like the default pack's
	// (see Evaluator.FastPath). The decisions are the same; it is there to
	// compare the two.
	RegoOnly bool
}
