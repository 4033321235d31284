# METADATA
# title: Inspection targets
# description: |
#   The strings of an event that the injection packs inspect.
#   values is the set of distinct inspected strings and norms maps each to
#   lambda_firewall.normalize(value): detection runs once per distinct string, without
#   building paths. raw holds every target as
#   {"path": [...], "value": raw string, "kind": "path"|"key"|"value"|"header"|"body"},
#   path being a concrete path into the input document; it is only built when a rule
#   fired, to report where (see located_in). inspected is raw with "norm" added, for custom
#   packs that want to iterate targets directly. Empty strings are skipped.
#   HTTP triggers: path, query keys and values, headers (minus settings.skip_headers), cookies,
#   JSON body leaves and keys, form fields and keys, raw text/multipart bodies.
#   Other triggers: every string leaf and key of the payload, the leaves and keys of strings
#   holding JSON (SQS/SNS message bodies), whose paths continue inside the string, and
#   base64-decoded Kinesis data.
package lambda_firewall.targets

import data.lambda_firewall.settings

inspected contains object.union(t, {"norm": norms[t.value]}) if {
	some t in raw
	t.value != ""
}

# norms maps each distinct inspected string to its normalised form.
norms := {v: lambda_firewall.normalize(v) | input.phase == "event"; some v in values; v != ""}

# keys are the distinct object keys and parameter names (also in values).
keys contains k if some k, _ in input.http.query

keys contains c.name if {
	some s in input.http.cookies
	c := split_cookie(s)
}

keys contains k if {
	walk(input.http.body_json, [_, v])
	is_object(v)
	some k, _ in v
}

keys contains k if some k, _ in input.http.body_form

keys contains k if {
	not is_http
	walk(input.payload, [_, v])
	is_object(v)
	some k, _ in v
}

keys contains k if {
	not is_http
	some doc in embedded_json
	walk(doc, [_, w])
	is_object(w)
	some k, _ in w
}

# suspicious_values are the values worth the regex rules: those with a character or word
# that some regex rule needs. Plain words, names with apostrophes, numbers, dates, e-mail
# addresses and most keys are skipped (libinjection still sees every value), which keeps
# the large per-pack patterns off most of an ordinary event. A custom rule whose pattern can
# match plain words must use values, not suspicious_values.
# located_in returns the targets whose value is in hits (a set of values): the paths to
# report for values a rule matched.
located_in(hits) := {t | some t in raw; t.value in hits}

# finding builds a finding of rule id (described in rules, an object keyed by id) at path.
finding(rules, id, path) := object.union(rules[id], {"id": id, "path": path})

is_http if is_object(input.http)

# values: path-free generators mirroring raw.
values contains k if some k in keys

values contains input.http.path if is_string(input.http.path)

values contains v if {
	some _, vs in input.http.query
	some v in vs
}

values contains v if {
	some name, v in input.http.headers
	not name in settings.skip_headers
	not cookie_in_array(name)
}

values contains c.value if {
	some s in input.http.cookies
	c := split_cookie(s)
}

values contains v if {
	walk(input.http.body_json, [_, v])
	is_string(v)
}

values contains v if {
	some _, vs in input.http.body_form
	some v in vs
}

values contains input.http.body if {
	input.http.body_format in {"text", "multipart"}
	is_string(input.http.body)
}

values contains v if {
	not is_http
	walk(input.payload, [p, v])
	is_string(v)
	not embedded_json[p]
}

values contains w if {
	not is_http
	some doc in embedded_json
	walk(doc, [_, w])
	is_string(w)
}

values contains t.value if some t in kinesis_targets

raw contains {"path": ["http", "path"], "value": input.http.path, "kind": "path"} if is_string(input.http.path)

raw contains {"path": ["http", "query", k], "value": k, "kind": "key"} if some k, _ in input.http.query

raw contains {"path": ["http", "query", k, i], "value": v, "kind": "value"} if {
	some k, vs in input.http.query
	some i, v in vs
}

raw contains {"path": ["http", "headers", name], "value": v, "kind": "header"} if {
	some name, v in input.http.headers
	not name in settings.skip_headers
	not cookie_in_array(name)
}

cookie_in_array("cookie") if count(input.http.cookies) > 0

raw contains {"path": ["http", "cookies", i], "value": c.name, "kind": "key"} if {
	some i, s in input.http.cookies
	c := split_cookie(s)
}

raw contains {"path": ["http", "cookies", i], "value": c.value, "kind": "value"} if {
	some i, s in input.http.cookies
	c := split_cookie(s)
}

split_cookie(s) := {"name": trim_space(parts[0]), "value": concat("=", array.slice(parts, 1, count(parts)))} if {
	parts := split(s, "=")
}

raw contains {"path": array.concat(["http", "body_json"], p), "value": v, "kind": "value"} if {
	walk(input.http.body_json, [p, v])
	is_string(v)
}

raw contains {"path": array.concat(["http", "body_json"], array.concat(p, [k])), "value": k, "kind": "key"} if {
	walk(input.http.body_json, [p, v])
	is_object(v)
	some k, _ in v
}

raw contains {"path": ["http", "body_form", k], "value": k, "kind": "key"} if some k, _ in input.http.body_form

raw contains {"path": ["http", "body_form", k, i], "value": v, "kind": "value"} if {
	some k, vs in input.http.body_form
	some i, v in vs
}

raw contains {"path": ["http", "body"], "value": input.http.body, "kind": "body"} if {
	input.http.body_format in {"text", "multipart"}
	is_string(input.http.body)
}

raw contains {"path": array.concat(["payload"], p), "value": v, "kind": "value"} if {
	not is_http
	walk(input.payload, [p, v])
	is_string(v)
	not embedded_json[p]
}

raw contains {"path": array.concat(["payload"], array.concat(p, q)), "value": w, "kind": "value"} if {
	not is_http
	some p, doc in embedded_json
	walk(doc, [q, w])
	is_string(w)
}

raw contains {"path": array.concat(["payload"], array.concat(p, array.concat(q, [k]))), "value": k, "kind": "key"} if {
	not is_http
	some p, doc in embedded_json
	walk(doc, [q, w])
	is_object(w)
	some k, _ in w
}

raw contains {"path": array.concat(["payload"], array.concat(p, [k])), "value": k, "kind": "key"} if {
	not is_http
	walk(input.payload, [p, v])
	is_object(v)
	some k, _ in v
}

# embedded_json maps the path of each payload string holding a JSON object or array to its
# parsed value (a complete object, so lookups by path do not re-walk the payload).
embedded_json := {p: json.unmarshal(v) |
	not is_http
	walk(input.payload, [p, v])
	is_string(v)
	startswith(trim_left(v, " \t\r\n"), ["{", "["][_])
	json.is_valid(v)
}

# Kinesis record data is base64: decoded JSON leaves are inspected, reported at the data string.
raw contains t if some t in kinesis_targets

kinesis_targets contains {"path": ["payload", "Records", i, "kinesis", "data"], "value": w, "kind": "value"} if {
	input.source == "kinesis"
	some i, rec in input.payload.Records
	doc := json.unmarshal(base64.decode(rec.kinesis.data))
	walk(doc, [_, w])
	is_string(w)
}

kinesis_targets contains {"path": ["payload", "Records", i, "kinesis", "data"], "value": base64.decode(rec.kinesis.data), "kind": "value"} if {
	input.source == "kinesis"
	some i, rec in input.payload.Records
	not json.is_valid(base64.decode(rec.kinesis.data))
}
