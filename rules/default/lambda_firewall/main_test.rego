package lambda_firewall

import data.lambda_firewall.testing as t

test_allow_by_default if {
	d := decision with input as t.query("q", "red shoes")
	d == {"action": "allow"}
}

test_block_on_injection if {
	d := decision with input as t.query("id", "1' or '1'='1")
	d.action == "block"
	some r in d.reasons
	r.id == "sqli-001"
	r.path == ["http", "query", "id", 0]
	not r.paranoia
}

test_block_reasons_sorted_and_deduplicated if {
	d := decision with input as t.http({"query": {"a": ["<script>alert(1)</script>"], "b": ["' or 1=1--"]}})
	d.reasons == sort(d.reasons)
	count({r | some r in d.reasons}) == count(d.reasons)
}

test_block_wins_over_mask if {
	d := decision with input as t.json_body({"card_number": "4111111111111111", "q": "<script>alert(1)</script>"})
	d.action == "block"
	not d.mask
}

test_mask_when_no_block if {
	d := decision with input as t.json_body({"card_number": "4111111111111111"})
	d.action == "mask"
	d.mask == [{"path": ["http", "body_json", "card_number"], "strategy": "last4"}]
	d.reasons[0].id == "pii-field"
}

test_message_has_no_value if {
	d := decision with input as t.query("id", "1' or '1'='1")
	every r in d.reasons {
		not contains(r.message, "1=1")
	}
}

test_disabled_rule if {
	d := decision with input as t.query("id", "1' or '1'='1")
		with data.lambda_firewall.config.disabled_rules as ["sqli-001", "sqli-002"]
	d.action == "allow"
}

test_disabled_category if {
	d := decision with input as t.query("q", "<script>alert(1)</script>")
		with data.lambda_firewall.config.disabled_categories as ["xss"]
	d.action == "allow"
}

test_paranoia_level_2_enables_more_rules if {
	inp := t.query("q", "select name from users")
	d1 := decision with input as inp
	d1.action == "allow"
	d2 := decision with input as inp with data.lambda_firewall.config.paranoia_level as 2
	d2.action == "block"
}

test_ignore_field_with_wildcard if {
	inp := t.json_body({"posts": [{"html": "<script>alert(1)</script>"}]})
	d := decision with input as inp
		with data.lambda_firewall.config.ignore_fields as [{"path": ["http", "body_json", "posts", "*", "html"], "rules": ["xss-001", "xss-002"]}]
	d.action == "allow"
}

test_ignore_field_other_rules_still_apply if {
	inp := t.json_body({"html": "<script>alert(1)</script>"})
	d := decision with input as inp
		with data.lambda_firewall.config.ignore_fields as [{"path": ["http", "body_json", "html"], "rules": ["sqli-001"]}]
	d.action == "block"
}

test_allow_route if {
	inp := object.union(t.query("q", "<script>alert(1)</script>"), {"http": {"path": "/cms/preview", "method": "POST"}})
	d := decision with input as inp
		with data.lambda_firewall.config.allow_routes as [{"path_prefix": "/cms/", "methods": ["POST"]}]
	d.action == "allow"
}

test_allow_route_wrong_method_still_blocks if {
	inp := object.union(t.query("q", "<script>alert(1)</script>"), {"http": {"path": "/cms/preview", "method": "GET"}})
	d := decision with input as inp
		with data.lambda_firewall.config.allow_routes as [{"path_prefix": "/cms/", "methods": ["POST"]}]
	d.action == "block"
}

test_non_http_event_inspected if {
	d := decision with input as t.sqs(`{"comment": "<script>alert(1)</script>"}`)
	d.action == "block"
	some r in d.reasons
	r.path == ["payload", "Records", 0, "body", "comment"]
}

test_response_phase_not_blocked_by_injection if {
	d := decision with input as t.response_json({"html": "<script>alert(1)</script>"})
	d.action == "allow"
}

# The allow fast path must not swallow a custom pack's findings, nor keep a
# custom pack without findings from allowing.
test_custom_pack_findings_block if {
	f := {"id": "custom-001", "category": "custom", "severity": "high", "paranoia": 1, "message": "m", "path": ["http", "path"]}
	d := decision with input as t.query("q", "red shoes") with data.lambda_firewall.custom as {"mine": {"findings": {f}}}
	d.action == "block"
	d.reasons == [object.remove(f, ["paranoia"])]
}

test_custom_pack_without_findings_allows if {
	d := decision with input as t.query("q", "red shoes") with data.lambda_firewall.custom as {"mine": {"findings": set()}}
	d == {"action": "allow"}
}

# Findings that are all disabled reach the last branch: allow.
test_all_findings_disabled_allows if {
	d := decision with input as t.query("id", "1' or '1'='1")
		with data.lambda_firewall.config.disabled_categories as ["sqli"]
	d == {"action": "allow"}
}

# An empty configuration falls back to the defaults on both paths.
test_empty_config_still_decides if {
	decision == {"action": "allow"} with input as t.query("q", "red shoes") with data.lambda_firewall.config as {}
	d := decision with input as t.query("id", "1' or '1'='1") with data.lambda_firewall.config as {}
	d.action == "block"
}
