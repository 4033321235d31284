// Package policy loads Rego policy bundles and evaluates the firewall's
// decision query with an embedded Open Policy Agent. It is the only package
// of lambda-firewall that imports OPA.
//
// # Loading
//
// Load reads the bundles named in Options.Paths — bundle directories, with or
// without a .manifest, or .tar.gz files as `opa build` writes them — or, when
// Paths is empty, the bundle at the root of Options.Embedded (the default
// rule pack). Several bundles are merged; OPA refuses overlapping manifest
// roots. Modules are Rego v1 unless a manifest says "rego_version": 0.
// Files named *_test.rego are left out of the production query (they must
// still lie within the manifest roots, as OPA requires of every module).
//
// When Options.PublicKey is set (a PEM key inline or a path to one), every
// bundle in Paths must carry a .signatures.json that verifies with it, as
// `opa sign` makes: for a tarball the files are named as in the archive, for
// a directory as in `opa sign --bundle <path>`, i.e. prefixed with the path
// as given. An unsigned or tampered bundle is refused with an *Error of code
// CodeSignatureError naming the bundle path. The embedded bundle is part of
// the binary and is not verified.
//
// Load builds one rego query, prepares it once (PrepareForEval) and runs one
// warm-up evaluation on a small representative input, which must produce a
// valid decision: a policy that cannot decide fails at start, not on the
// first invocation.
//
// # Builtins
//
// Every query and test run has these custom builtins, all deterministic:
//
//	lambda_firewall.sqli(string) → bool      libinjection SQL injection detection
//	lambda_firewall.xss(string) → bool       libinjection XSS detection
//	lambda_firewall.normalize(string) → string
//	    URL decoding (two rounds, %uXXXX, + as space, bad escapes kept), overlong
//	    UTF-8 (%c0%ae → .), HTML entities, \uXXXX, NUL removal, lower case,
//	    whitespace runs → one space; linear, never fails (see Normalize)
//	lambda_firewall.luhn(string) → bool      13–19 digits, spaces/dashes ignored
//	lambda_firewall.iban(string) → bool      ISO 13616 mod-97, spaces ignored
//
// A panic inside one of them becomes an evaluation error that halts the
// query (OPA itself does not recover panics in builtins). Note that
// `import data.lambda_firewall` shadows the lambda_firewall.* builtins in the
// importing module; import it under another name (`as lf`).
//
// Builtins that reach the network (DisabledBuiltins: http.send,
// net.lookup_ip_addr) are removed from the compiler's capabilities; a bundle
// calling one fails to load with "builtin http.send is disabled; set
// LAMBDA_FIREWALL_ALLOW_BUILTINS=http.send to enable". Options.AllowBuiltins
// re-enables them by name. opa.runtime() returns the OPA version and an empty
// env, never the process environment.
//
// # Evaluation
//
// Evaluator.Eval parses the input JSON bytes straight into OPA values
// (parseInputValue, astjson.go: one pass, strings sliced from one copy of
// the input, equal to ast.ValueFromReader on every single JSON document), calls
// the prepared query with EvalParsedInput, honouring the context's deadline
// and cancellation, and parses the result strictly (ParseDecision): exactly
// one result of one expression, an object with a valid action
// (allow|mask|block), typed fields, no unknown fields, mask paths of strings
// and non-negative ints, RE2 patterns, statuses 100–599 and error types like
// Function.PolicyViolation. An Evaluator is safe for concurrent use.
//
// Every failure is an *Error whose Code (CodeTimeout, CodeCanceled,
// CodeEvalError, CodeInvalidInput, CodeUndefinedDecision, CodeInvalidDecision,
// CodeLoadError, CodeSignatureError) lets the caller tell timeouts from other
// failures; an error is never an allow nor a block — the caller applies its
// fail mode.
//
// # Tooling
//
// RunTests runs the bundles' Rego tests with the custom builtins, printing
// results as `opa test` does. WriteCapabilities writes an OPA capabilities
// document declaring the custom builtins (and lacking the disabled ones) for
// `opa check --capabilities` and `opa test --capabilities`.
package policy
