# METADATA
# title: PII masking sites
# description: |
#   Where masks may apply. docs are the JSON documents whose leaves may be masked, each with
#   the mask path prefix - event phase: http.body_json (HTTP triggers) or the payload and the
#   JSON held in payload strings (other triggers); response phase: response.body_json (HTTP
#   triggers) or the payload. text_sites are raw form/text bodies, masked with patterns.
#   values and keys are the distinct string leaves and object keys, without paths, so the
#   detectors run once per distinct string; located_in and keyed_sites build the concrete
#   sites {"path", "value", "key"} only for the strings and keys that matched.
package lambda_firewall.pii.sites

is_http if is_object(input.http)

has_response if is_object(input.response)

docs contains {"prefix": ["http", "body_json"], "doc": input.http.body_json} if input.phase == "event"

docs contains {"prefix": ["response", "body_json"], "doc": input.response.body_json} if input.phase == "response"

docs contains {"prefix": ["payload"], "doc": input.payload} if {
	not is_http
	not has_response
}

docs contains {"prefix": array.concat(["payload"], p), "doc": d} if {
	not is_http
	not has_response
	some p, d in embedded
}

text_sites contains {"path": ["http", "body"], "value": input.http.body, "key": ""} if {
	input.phase == "event"
	input.http.body_format in {"form", "text", "multipart"}
	is_string(input.http.body)
}

text_sites contains {"path": ["response", "body"], "value": input.response.body, "key": ""} if {
	input.phase == "response"
	not input.response.body_format == "json"
	is_string(input.response.body)
}

# embedded maps the path of each payload string holding JSON to its parsed value; the
# string itself is not a site (its leaves are).
embedded := {p: json.unmarshal(v) |
	not is_http
	not has_response
	walk(input.payload, [p, v])
	is_string(v)
	startswith(trim_left(v, " \t\r\n"), ["{", "["][_])
	json.is_valid(v)
}

embedded_strings := {v | some p, _ in embedded; v := object.get(input.payload, p, null)}

# doc_strings holds the sets of the string leaves and object keys of all docs.
doc_strings := lambda_firewall.strings([d.doc | some d in docs])

values := (doc_strings.values - embedded_strings) | {s.value | some s in text_sites}

keys := doc_strings.keys

# located_in returns the string sites whose value is in vals.
located_in(vals) := {s |
	some d in docs
	walk(d.doc, [p, v])
	is_string(v)
	v in vals
	not v in embedded_strings
	s := {"path": array.concat(d.prefix, p), "value": v, "key": last_key(p)}
} | {s | some s in text_sites; s.value in vals}

# keyed_sites returns the scalar sites under one of the keys ks (directly, or as an
# element of an array under it).
keyed_sites(ks) := {s |
	some d in docs
	walk(d.doc, [p, v])
	scalar(v)
	k := last_key(p)
	k in ks
	s := {"path": array.concat(d.prefix, p), "value": v, "key": k}
}

last_key(path) := k if {
	k := path[count(path) - 1]
	is_string(k)
} else := k if {
	k := path[count(path) - 2]
	is_string(k)
} else := ""

scalar(v) if is_string(v)

scalar(v) if is_number(v)
