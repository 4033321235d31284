package lambda_firewall

# A small test policy: blocks SQL injection and XSS in query string values,
# masks card numbers in the payload, and lets the input override the decision
# (input.override) so that tests can drive the decision parser.

sqli_block := {
	"action": "block",
	"reasons": [{"id": "942100", "category": "sqli", "severity": "critical", "message": "SQL injection"}],
	"response": {"status": 403, "headers": {"content-type": "application/json"}, "body": {"message": "Forbidden"}},
	"error": {"type": "Function.PolicyViolation", "message": "request blocked by policy"},
}

query_values contains v if {
	some values in input.http.query
	some v in values
}

decision := input.override if {
	"override" in object.keys(input)
} else := sqli_block if {
	some v in query_values
	lambda_firewall.sqli(lambda_firewall.normalize(v))
} else := {"action": "block", "reasons": [{"id": "941100", "category": "xss"}]} if {
	some v in query_values
	lambda_firewall.xss(lambda_firewall.normalize(v))
} else := {"action": "block", "reasons": [{"id": "denylist"}]} if {
	input.http.source_ip in data.extra.denylist
} else := {"action": "mask", "mask": [{"path": ["payload", "card"], "strategy": "last4"}]} if {
	lambda_firewall.luhn(input.payload.card)
} else := {"action": "allow"} if {
	input.slow
	count([1 | some i in numbers.range(1, 3000); some j in numbers.range(1, 3000)]) > 0
} else := {"action": "allow"}
