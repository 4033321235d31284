# METADATA
# title: PII masking
# description: |
#   Masks sensitive values by field name and by value pattern, in events and responses.
#   Which detectors and field names apply in each phase comes from the "pii" object of
#   the configuration (config/data.json). The sites, detectors and validators (Luhn, IBAN mod-97, SSN
#   ranges) run in Go, in one pass over the document's strings: lambda_firewall.pii
#   returns the candidates {"id", "path", "mask"}; mask entries are concrete paths, and
#   value detectors carry a pattern so only the matching substring is masked.
package lambda_firewall.pii

import data.lambda_firewall.settings

rules := {
	"pii-field": {"category": "pii", "severity": "medium", "paranoia": 1, "message": "Sensitive field masked by name"},
	"pii-card": {"category": "pii", "severity": "high", "paranoia": 1, "message": "Payment card number masked"},
	"pii-ssn": {"category": "pii", "severity": "high", "paranoia": 1, "message": "US social security number masked"},
	"pii-iban": {"category": "pii", "severity": "medium", "paranoia": 1, "message": "IBAN masked"},
	"pii-email": {"category": "pii", "severity": "low", "paranoia": 1, "message": "E-mail address masked"},
	"pii-phone": {"category": "pii", "severity": "low", "paranoia": 1, "message": "Phone number masked"},
	"pii-aws-access-key": {"category": "pii", "severity": "high", "paranoia": 1, "message": "AWS access key id masked"},
	"pii-aws-secret-key": {"category": "pii", "severity": "critical", "paranoia": 1, "message": "AWS secret access key masked"},
	"pii-jwt": {"category": "pii", "severity": "medium", "paranoia": 1, "message": "JSON Web Token masked"},
	"pii-bearer": {"category": "pii", "severity": "medium", "paranoia": 1, "message": "Bearer token masked"},
}

# candidates are the values to mask: [{"id", "path", "mask": {"path", "strategy", "pattern"?}}].
# (The "pii" object is read inline, not through settings.pii: each rule on the path of every
# evaluation costs a few microseconds.)
candidates := lambda_firewall.pii(input, object.get(settings.cfg, "pii", {}))

finding(c) := object.union(rules[c.id], {"id": c.id, "path": c.path})

# enabled are the candidates whose finding settings.enabled accepts.
enabled contains c if {
	some c in candidates
	settings.enabled(finding(c))
}

# findings are the enabled candidates, without their mask.
findings := {finding(c) | some c in enabled}

# masks filters the candidates itself rather than through enabled: one rule fewer on the
# path of every evaluation.
masks := {c.mask | some c in candidates; settings.enabled(finding(c))}
