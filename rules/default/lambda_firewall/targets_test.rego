package lambda_firewall.targets_test

import data.lambda_firewall.targets
import data.lambda_firewall.testing as t

test_inspected_has_paths_kinds_and_norms if {
	ins := targets.inspected with input as t.query("q", "A%3Cb")
	{"path": ["http", "query", "q", 0], "value": "A%3Cb", "norm": "a<b", "kind": "value"} in ins
	{"path": ["http", "query", "q"], "value": "q", "norm": "q", "kind": "key"} in ins
	{"path": ["http", "path"], "value": "/", "norm": "/", "kind": "path"} in ins
}

test_gate_skips_plain_words if {
	s := targets.scan with input as t.query("q", "hello")
	values := {e.value | some e in s.gated}
	not "hello" in values
	"hello" in {e.value | some e in s.all}
}

test_custom_rule_with_matches_and_hit_findings if {
	rules := {"custom-001": {"category": "custom", "severity": "low", "paranoia": 1, "message": "m"}}
	fs := targets.hit_findings(rules, targets.matches({"custom-001": `a<b`})) with input as t.query("q", "a<b")
	fs == {{"id": "custom-001", "category": "custom", "severity": "low", "paranoia": 1, "message": "m", "path": ["http", "query", "q", 0]}}
}

test_embedded_json_paths if {
	located := targets.located_in({"<b>"}) with input as t.sqs(`{"note": "<b>"}`)
	located == {{"path": ["payload", "Records", 0, "body", "note"], "value": "<b>", "norm": "<b>", "kind": "value"}}
}

test_response_phase_has_no_targets if {
	s := targets.scan with input as t.response_json({"html": "<script>"})
	count(s.all) == 0
}
