# METADATA
# title: Inspection targets
# description: |
#   The strings of an event that the injection packs inspect, collected in Go (event phase only).
#   lambda_firewall.targets returns the distinct strings as {"value": raw string,
#   "norm": lambda_firewall.normalize(value)} in scan.all, those passing the gate (injection/data.yaml) in
#   scan.gated, the object keys and parameter names in scan.keys and the raw text/multipart
#   body in scan.body, without building paths. Packs match them with lambda_firewall.match
#   (one call per pack); only for the strings a rule matched, located(values) calls
#   lambda_firewall.locate to get the targets {"path": [...], "value", "norm",
#   "kind": "path"|"key"|"value"|"header"|"body"}, path being a concrete path into the input
#   document. Empty strings are skipped.
#   HTTP triggers: path, query keys and values, headers (minus settings.skip_headers), cookies,
#   JSON body leaves and keys, form fields and keys, raw text/multipart bodies.
#   Other triggers: every string leaf and key of the payload, the leaves and keys of strings
#   holding JSON (SQS/SNS message bodies), whose paths continue inside the string, and
#   base64-decoded Kinesis data (reported at the data string).
package lambda_firewall.targets

import data.lambda_firewall.settings

# scan is the result of lambda_firewall.targets: {"all", "gated", "keys", "body", "truncated"}.
default scan := {"all": [], "gated": [], "keys": [], "body": [], "truncated": false}

scan := lambda_firewall.targets(input, options) if input.phase == "event"

# gate is the inspection gate of the injection packs (injection/data.yaml).
default gate := {}

gate := data.lambda_firewall.injection.gate

# options of lambda_firewall.targets; max_bytes (0: no limit) caps the string bytes inspected.
options := {
	"skip_headers": settings.skip_headers,
	"gate": gate,

	"max_bytes": 0,
}

# matches(patterns) runs a patterns object ({id: RE2 | [RE2...] | {"pattern", "field"} |
# {"detector", "field"}}) over the gated strings: {id: [{"value", "norm"}...]}.
matches(patterns) := lambda_firewall.match(scan.gated, patterns)

# matches_all(patterns) is matches over every string (for rules that need no gate).
matches_all(patterns) := lambda_firewall.match(scan.all, patterns)

# located(values) returns the targets {"path", "value", "norm", "kind"} holding one of values.
located(values) := lambda_firewall.locate(input, options, values)

# hit_targets(hits) turns the result of matches for one id into the targets holding the hits.
hit_targets(entries) := located([e.value | some e in entries])

# finding builds a finding of rule id (described in rules, an object keyed by id) at path.
finding(rules, id, path) := object.union(rules[id], {"id": id, "path": path})

# hit_findings turns the result of matches into findings of rules (at each target's path).
hit_findings(rules, hits) := {finding(rules, id, t.path) | some id, es in hits; some t in hit_targets(es)}

# The sets below are for custom packs that iterate targets in Rego; the default packs do not
# use them (they locate every string, which costs a pass over the document).

# inspected holds every target with its normalised form.
inspected contains t if some t in located([e.value | some e in scan.all])

# raw holds every target without "norm".
raw contains object.remove(t, ["norm"]) if some t in inspected

# values are the distinct inspected strings, norms maps each to its normalised form.
values contains e.value if some e in scan.all

norms[e.value] := e.norm if some e in scan.all

# keys are the distinct object keys and parameter names (also in values).
keys contains e.value if some e in scan.keys

# suspicious_values are the values passing the gate.
suspicious_values contains e.value if some e in scan.gated

# located_in returns the targets whose value is in hits (a set of values).
located_in(hits) := {t | some t in located(hits)}
