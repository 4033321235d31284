# METADATA
# title: Decision
# description: |
#   Combines the packs into data.lambda_firewall.decision: block when any enabled finding
#   of a blocking pack fires (the injection rule packs, data.lambda_firewall.limits,
#   data.lambda_firewall.custom.*), else mask when the PII pack asks for masks, else allow.
#   Reasons are deduplicated and sorted. Findings are filtered by lambda_firewall.settings.enabled.
package lambda_firewall

import data.lambda_firewall.settings

# ruleset holds the injection rule packs: the gate (injection/data.yaml) and the rules of
# each pack (injection/packs/NAME/data.yaml), as bundle data.
default ruleset := {}

ruleset := data.lambda_firewall.injection

# injection_findings are the findings of the injection rule packs, run by
# lambda_firewall.inspect over the strings of the input in one pass (event phase only).
injection_findings := lambda_firewall.inspect(input, ruleset, settings.cfg)

# blocking holds the enabled findings of every blocking pack.
blocking contains f if {
	some f in injection_findings
	settings.enabled(f)
}

blocking contains f if {
	some f in data.lambda_firewall.limits.findings
	settings.enabled(f)
}

blocking contains f if {
	some pack
	some f in data.lambda_firewall.custom[pack].findings
	settings.enabled(f)
}

# The PII pack's masks are read in place (data.lambda_firewall.pii.masks): an alias rule
# would cost one more rule evaluation on every allowed event.
mask_reasons := {reason(f) | some f in data.lambda_firewall.pii.findings}

# reason strips a finding to the fields of the decision schema.
reason(f) := object.filter(f, ["id", "category", "severity", "message", "path"])

block_reasons := sort({reason(f) | some f in blocking})

# METADATA
# description: |
#   Allow at once when no pack found anything (the common case, decided without building the
#   finding sets); else block when any enabled blocking finding fired, else mask when the PII
#   pack produced masks, else allow (every finding was disabled or exempted).
decision := {"action": "allow"} if {
	# One call for the three shipped packs (injection, PII, limits): their rules below reuse
	# its results when it is false. The data is read in place (ruleset and settings.cfg would
	# be two rules more on every evaluation): when either document is missing, the call is
	# undefined and the branches below decide, with their defaults.
	lambda_firewall.quiet(input, data.lambda_firewall.injection, data.lambda_firewall.config)
	not data.lambda_firewall.custom
} else := {"action": "block", "reasons": block_reasons} if {
	count(blocking) > 0
} else := {"action": "mask", "reasons": sort(mask_reasons), "mask": sort(data.lambda_firewall.pii.masks)} if {
	count(data.lambda_firewall.pii.masks) > 0
} else := {"action": "allow"}
