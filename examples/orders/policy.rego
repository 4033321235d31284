package lambda_firewall

# Block any request to the admin routes from outside the office network.
block_reasons contains {
	"id": "route-001", "category": "access", "severity": "high",
	"message": "admin route from outside the office",
} if {
	startswith(input.http.path, "/admin")
	not net.cidr_contains("198.51.100.0/24", input.http.source_ip)
}

# Mask card numbers in order bodies, keeping the last four digits.
masks contains {"path": ["http", "body_json", "card"], "strategy": "last4"} if {
	lambda_firewall.luhn(input.http.body_json.card)
}

decision := {"action": "block", "reasons": block_reasons} if {
	count(block_reasons) > 0
} else := {"action": "mask", "mask": masks} if {
	count(masks) > 0
} else := {"action": "allow"}
