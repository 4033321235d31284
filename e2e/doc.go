// Package e2e runs the lambda-firewall extension end to end under AWS's
// Runtime Interface Emulator (see internal/rie) with the aws-lambda-go test
// function in e2e/testfunction.
//
// Run with plain `go test ./e2e/` as root: the emulator needs private mount
// and PID namespaces. Without root every test skips and says why. Set
// LAMBDA_FIREWALL_RIE to use a given aws-lambda-rie binary, and
// E2E_LOGS=1 to stream the emulator, extension and function logs to stderr.
package e2e
