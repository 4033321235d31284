package lambda_firewall.pii

import data.lambda_firewall.testing as t

mask_set(inp) := m if {
	m := masks with input as inp
}

test_card_in_event_text_masked_last4 if {
	m := mask_set(t.json_body({"note": "pay with 4111 1111 1111 1111 please"}))
	m == {{"path": ["http", "body_json", "note"], "strategy": "last4", "pattern": "4111 1111 1111 1111"}}
}

test_card_needs_luhn if {
	count(mask_set(t.json_body({"note": "4111 1111 1111 1112"}))) == 0
}

test_timestamps_and_order_ids_not_masked if {
	count(mask_set(t.json_body({"ts": "1732550400123", "order": "1700000012345678", "id": 4111111111111111}))) == 0
}

test_field_by_name if {
	m := mask_set(t.json_body({"payment": {"cvv": "123", "card_number": "4111111111111111"}}))
	{"path": ["http", "body_json", "payment", "cvv"], "strategy": "full"} in m
	{"path": ["http", "body_json", "payment", "card_number"], "strategy": "last4"} in m
	count(m) == 2
}

test_email_not_masked_in_events if {
	count(mask_set(t.json_body({"email": "liam@example.com"}))) == 0
}

test_response_masks_email_ssn_iban_password if {
	m := mask_set(t.response_json({
		"email": "liam@example.com", "ssn": "123-45-6789", "note": "SSN 123-45-6789",
		"iban": "GB82 WEST 1234 5698 7654 32", "password": "hunter2",
	}))
	{"path": ["response", "body_json", "ssn"], "strategy": "full"} in m
	{"path": ["response", "body_json", "password"], "strategy": "full"} in m
	some e in m
	e.path == ["response", "body_json", "email"]
	e.strategy == "full"
	some n in m
	n.path == ["response", "body_json", "note"]
	some i in m
	i.path == ["response", "body_json", "iban"]
	i.strategy == "last4"
}

test_invalid_ssn_not_masked if {
	count(mask_set(t.response_json({"note": "ref 000-12-3456 and 666-12-3456"}))) == 0
}

test_aws_keys_and_tokens if {
	m := mask_set(t.response_json({
		"key": "AKIAIOSFODNN7EXAMPLE",
		"aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		"header": "Bearer abcdefghijklmnopqrstuvwxyz123456",
		"jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
	}))
	{"path": ["response", "body_json", "aws_secret_access_key"], "strategy": "full"} in m
	ids := {e.path[2] | some e in m}
	ids == {"key", "aws_secret_access_key", "header", "jwt"}
}

test_sqs_message_card_masked_inside_json_string if {
	m := mask_set(t.sqs(`{"payment": {"card": "4111-1111-1111-1111"}}`))
	m == {{"path": ["payload", "Records", 0, "body", "payment", "card"], "strategy": "last4", "pattern": "4111-1111-1111-1111"}}
}

test_disabled_pii_rule if {
	count(masks) == 0 with input as t.json_body({"card_number": "4111111111111111"})
		with data.lambda_firewall.config.disabled_rules as ["pii-field"]
}
