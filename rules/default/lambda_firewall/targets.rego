# METADATA
# title: Inspection targets
# description: |
#   The strings of an event that the injection packs inspect. Each target is
#   {"path": [...], "value": raw string, "norm": lambda_firewall.normalize(value), "kind": "path"|"key"|"value"|"header"|"body"}
#   where path is a concrete path into the input document. Empty strings are skipped.
#   HTTP triggers: path, query keys and values, headers (minus settings.skip_headers), cookies,
#   JSON body leaves and keys, form fields and keys, raw text/multipart bodies.
#   Other triggers: every string leaf of the payload, and the leaves of strings holding JSON
#   (SQS/SNS message bodies), whose paths continue inside the string.
package lambda_firewall.targets

import data.lambda_firewall.settings

strings contains object.union(t, {"norm": lambda_firewall.normalize(t.value)}) if {
	input.phase == "event"
	some t in raw
	t.value != ""
}

# finding builds a finding of rule id (described in rules, an object keyed by id) at path.
finding(rules, id, path) := object.union(rules[id], {"id": id, "path": path})

is_http if is_object(input.http)

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

# embedded_json maps the path of each payload string holding a JSON object or array to its parsed value.
embedded_json[p] := json.unmarshal(v) if {
	not is_http
	walk(input.payload, [p, v])
	is_string(v)
	startswith(trim_left(v, " \t\r\n"), ["{", "["][_])
	json.is_valid(v)
}

# Kinesis record data is base64: decoded JSON leaves are inspected, reported at the data string.
raw contains {"path": ["payload", "Records", i, "kinesis", "data"], "value": w, "kind": "value"} if {
	input.source == "kinesis"
	some i, rec in input.payload.Records
	doc := json.unmarshal(base64.decode(rec.kinesis.data))
	walk(doc, [_, w])
	is_string(w)
}

raw contains {"path": ["payload", "Records", i, "kinesis", "data"], "value": base64.decode(rec.kinesis.data), "kind": "value"} if {
	input.source == "kinesis"
	some i, rec in input.payload.Records
	not json.is_valid(base64.decode(rec.kinesis.data))
}
