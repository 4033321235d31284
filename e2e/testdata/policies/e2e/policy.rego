# Test policy for the end-to-end suite. HTTP events choose the outcome with
# the x-test-policy header; SQS events are blocked when a record body holds
# BLOCKME; direct events mask a top-level "secret" field.
package lambda_firewall

default decision := {"action": "allow"}

test_policy := input.http.headers["x-test-policy"]

decision := {
	"action": "block",
	"reasons": [{"id": "e2e-block", "category": "test", "severity": "high", "message": "blocked by the e2e policy"}],
	"response": {
		"status": 403,
		"headers": {"content-type": "application/json"},
		"body": {"message": "Forbidden by the e2e policy"},
	},
} if {
	input.phase == "event"
	test_policy == "block"
}

decision := {
	"action": "mask",
	"reasons": [{"id": "e2e-mask", "category": "pii", "severity": "medium", "message": "card number"}],
	"mask": [{"path": ["http", "body_json", "card"], "strategy": "full"}],
} if {
	input.phase == "event"
	test_policy == "mask"
}

decision := {
	"action": "mask",
	"reasons": [{"id": "e2e-mask-response", "category": "secrets", "severity": "medium", "message": "secret in response"}],
	"mask": [{"path": ["response", "body_json", "secret"], "strategy": "full"}],
} if {
	input.phase == "response"
	test_policy == "mask-response"
}

decision := {
	"action": "block",
	"reasons": [{"id": "e2e-sqs", "category": "test", "severity": "high", "message": "poison message"}],
	"error": {"type": "Function.PolicyViolation", "message": "request blocked by policy"},
} if {
	input.phase == "event"
	input.source == "sqs"
	some r in input.payload.Records
	contains(r.body, "BLOCKME")
}

decision := {
	"action": "mask",
	"mask": [{"path": ["payload", "secret"], "strategy": "full"}],
} if {
	input.phase == "event"
	input.source == "unknown"
	is_string(input.payload.secret)
}
