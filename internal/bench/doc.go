// Package bench measures what lambda-firewall costs a function: the round
// trip of invokes through the proxy compared with a direct runtime and with
// OPA run as a separate server, the decision alone, the extension's cold
// start, its peak memory and the size of what it ships.
//
// The load generator plays both sides of the proxy: a fake Runtime API
// (FakeRuntimeAPI) that hands out events and receives responses, and a
// runtime (Runtime) that calls /next and posts /response the way
// aws-lambda-go does. Every setup is run in the same process, interleaved
// in round-robin blocks so that machine drift hits all of them alike.
// Results are meant to be read as ratios against the baselines of the same
// run, never as absolute budgets asserted by tests.
//
// cmd/bench prints the results as one markdown table.
package bench
