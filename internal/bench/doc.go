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
// The setups (SetupNames): direct (no proxy), passthrough (proxy.AllowAll),
// default and masked (the embedded default pack; masked runs an event with
// card numbers that must reach the runtime masked), rego-only (the default
// pack with every decision made by the Rego evaluator, no fast path: what
// the fast path saves), passthrough-ext and default-ext (the extension
// binary in its own process, as Lambda runs it, with policy none and with
// the default pack: the other proxies run inside the bench's process and
// share its collector and scheduler), regopack (our engine in
// process with RegoPack, an all-Rego snapshot of the default pack) and
// opa-server (a stock `opa run --server` evaluating the same RegoPack over
// its REST API, our custom builtins replaced by the Rego stand-ins of
// testdata/opashim). On allow the event must reach the runtime byte-exact
// and the response the Runtime API byte-exact; any deviation fails the run.
//
// cmd/bench prints the results as markdown tables.
package bench
