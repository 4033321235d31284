// Package e2e runs the lambda-firewall extension end to end under AWS's
// Runtime Interface Emulator (see internal/rie) with the aws-lambda-go test
// function in e2e/testfunction.
//
// Run with plain `go test ./e2e/` as root: the emulator needs private mount
// and PID namespaces. Without root every test skips and says why. TestMain
// builds the extension and the function once; a test needing the extension
// fails if it does not build. The emulator is taken from
// LAMBDA_FIREWALL_RIE, PATH or $GOPATH/bin, else `go install`ed (pinned).
//
// Unless a test says otherwise the extension runs the small policy in
// testdata/policies/e2e, which allows everything except events that ask to
// be blocked or masked. E2E_LOGS=1 streams the emulator, extension and
// function logs to stderr; E2E_LATENCY_N sets the invokes of TestLatency.
package e2e
