// Package rules holds the Rego rule packs shipped with lambda-firewall.
//
// Default is the default bundle (rules/default): the decision entrypoint
// data.lambda_firewall.decision, the injection packs (data.lambda_firewall.injection.*),
// PII masking (data.lambda_firewall.pii), request limits (data.lambda_firewall.limits)
// and the configuration data (data.lambda_firewall.config, from
// lambda_firewall/config/data.json). See rules/README.md for how to configure,
// extend or replace the packs.
//
// The Go tests of this package run the Rego unit tests of the bundle with the
// custom builtins (policy.RunTests) and check the sample events of
// testdata/events against their expected decisions.
package rules
