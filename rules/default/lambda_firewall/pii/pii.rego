# METADATA
# title: PII masking
# description: |
#   Masks sensitive values by field name and by value pattern. Which detectors and field
#   names apply in each phase comes from settings.pii (config/data.json). Mask entries are
#   concrete paths; value detectors carry a pattern so only the matching substring is masked.
package lambda_firewall.pii

import data.lambda_firewall.pii.sites
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

default phase_key := "response"

phase_key := "event" if input.phase == "event"

detectors := {d | some d in object.get(settings.pii, {"event": "event_detectors", "response": "response_detectors"}[phase_key], [])}

fields := {normal_key(f) | some f in object.get(settings.pii, {"event": "event_fields", "response": "response_fields"}[phase_key], [])}

last4_fields := {normal_key(f) | some f in object.get(settings.pii, "last4_fields", [])}

normal_key(k) := replace(lower(k), "-", "_")

# findings are the enabled candidates, without their mask.
findings contains object.remove(c, ["mask"]) if {
	some c in candidates
	settings.enabled(c)
}

masks contains c.mask if {
	some c in candidates
	settings.enabled(c)
}

candidate(id, site, mask) := object.union(rules[id], {"id": id, "path": site.path, "mask": mask})

by_name(site) if normal_key(site.key) in fields

name_keys := {k | some k in sites.keys; fields[replace(lower(k), "-", "_")]}

candidates contains candidate("pii-field", s, {"path": s.path, "strategy": strategy}) if {
	count(name_keys) > 0
	some s in sites.keyed_sites(name_keys)
	strategy := field_strategy(normal_key(s.key))
}

field_strategy(k) := "last4" if k in last4_fields

else := "full"

# value_sites returns the string sites holding one of vals, except those masked by name.
value_sites(vals) := {s | some s in sites.located_in(vals); not by_name(s)}

# value_patterns are the patterns of the active value detectors; one lambda_firewall.match call
# runs them over every distinct string (value_hits) and the detectors below only look at hits.
value_patterns := {name: p |
	some name, p in {
		"card": card_candidate, "ssn": ssn_pattern, "iban": iban_pattern, "aws_secret_key": secret_text,
		"email": pattern_detectors.email.pattern, "phone": pattern_detectors.phone.pattern,
		"aws_access_key": pattern_detectors.aws_access_key.pattern, "jwt": pattern_detectors.jwt.pattern,
		"bearer": pattern_detectors.bearer.pattern,
	}
	name in detectors
}

value_hits := lambda_firewall.match(sites.values, value_patterns)

# detected(name) are the distinct strings matching the pattern of detector name.
detected(name) := object.get(value_hits, name, [])

card_candidate := `\b\d(?:[ -]?\d){12,18}\b`

card_iin := `^(4|5[1-5]|2[2-7]|3[47]|3[0689]|6011|64[4-9]|65|35|62)`

card_layout := `^(\d{13,19}|\d{4}([ -])\d{4}([ -])\d{4}([ -])\d{1,7}|\d{4}([ -])\d{6}([ -])\d{4,5}|\d{4}([ -])\d{4}([ -])\d{4}([ -])\d{4}([ -])\d{1,3})$`

valid_card(c) if {
	regex.match(card_layout, c)
	regex.match(card_iin, c)
	lambda_firewall.luhn(c)
}

card_values := {v | some v in detected("card"); some c in regex.find_n(card_candidate, v, 10); valid_card(c)}

candidates contains candidate("pii-card", s, {"path": s.path, "strategy": "last4", "pattern": c}) if {
	"card" in detectors
	count(card_values) > 0
	some s in value_sites(card_values)
	some c in regex.find_n(card_candidate, s.value, 10)
	valid_card(c)
}

ssn_pattern := `\b\d{3}-\d{2}-\d{4}\b`

ssn_values := {v | some v in detected("ssn"); some c in regex.find_n(ssn_pattern, v, 10); valid_ssn(c)}

candidates contains candidate("pii-ssn", s, {"path": s.path, "strategy": "full", "pattern": c}) if {
	"ssn" in detectors
	count(ssn_values) > 0
	some s in value_sites(ssn_values)
	some c in regex.find_n(ssn_pattern, s.value, 10)
	valid_ssn(c)
}

valid_ssn(c) if {
	parts := split(c, "-")
	not parts[0] in {"000", "666"}
	not startswith(parts[0], "9")
	parts[1] != "00"
	parts[2] != "0000"
}

iban_pattern := `\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b`

iban_values := {v | some v in detected("iban"); some c in regex.find_n(iban_pattern, v, 10); lambda_firewall.iban(c)}

candidates contains candidate("pii-iban", s, {"path": s.path, "strategy": "last4", "pattern": c}) if {
	"iban" in detectors
	count(iban_values) > 0
	some s in value_sites(iban_values)
	some c in regex.find_n(iban_pattern, s.value, 10)
	lambda_firewall.iban(c)
}

pattern_detectors := {
	"email": {"id": "pii-email", "pattern": `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`},
	"phone": {"id": "pii-phone", "pattern": `\+\d{1,3}[ .-]?\(?\d{1,4}\)?([ .-]?\d{2,4}){2,4}\b|\(\d{3}\) ?\d{3}-\d{4}\b|\b\d{3}[.-]\d{3}[.-]\d{4}\b`},
	"aws_access_key": {"id": "pii-aws-access-key", "pattern": `\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`},
	"jwt": {"id": "pii-jwt", "pattern": `eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}`},
	"bearer": {"id": "pii-bearer", "pattern": `[Bb]earer\s+[A-Za-z0-9._~+/-]{16,}=*`},
}

candidates contains candidate(d.id, s, {"path": s.path, "strategy": "full", "pattern": d.pattern}) if {
	some name, d in pattern_detectors
	name in detectors
	hits := {v | some v in detected(name)}
	count(hits) > 0
	some s in value_sites(hits)
}

secret_value := `^[A-Za-z0-9/+]{40}$`

secret_keys := {k | some k in object.get(lambda_firewall.match(sites.keys, {"secret": `(?i)secret|aws.?key`}), "secret", [])}

candidates contains candidate("pii-aws-secret-key", s, {"path": s.path, "strategy": "full"}) if {
	"aws_secret_key" in detectors
	count(secret_keys) > 0
	some s in sites.keyed_sites(secret_keys)
	is_string(s.value)
	not by_name(s)
	regex.match(secret_value, s.value)
}

secret_text := `(?i)aws.{0,20}secret.{0,20}[=:]\s*["']?[A-Za-z0-9/+]{40}\b`

candidates contains candidate("pii-aws-secret-key", s, {"path": s.path, "strategy": "full", "pattern": `[A-Za-z0-9/+]{40}`}) if {
	"aws_secret_key" in detectors
	hits := {v | some v in detected("aws_secret_key")}
	count(hits) > 0
	some s in value_sites(hits)
}
