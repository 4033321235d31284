// Package integration holds the in-process integration tests of
// lambda-firewall: the proxy, the engine and the embedded default rule pack
// wired together exactly as the extension wires them, in front of an
// httptest fake Runtime API. They check the hardening properties described
// in SECURITY.md: the fault matrix of the policy path (evaluation errors,
// timeouts, panics, fail open and closed), hostile input, concurrency, and
// the exec wrapper (wrapper-script.sh).
//
// The package has no non-test code besides this file.
package integration
