# METADATA
# title: PII masking sites
# description: |
#   The leaves a masking rule may rewrite, each {"path": mask path, "value": leaf, "key": last object key or ""}.
#   Event phase - http.body_json leaves and the raw http.body of form/text bodies (HTTP triggers);
#   payload leaves and leaves of JSON held in payload strings (other triggers).
#   Response phase - response.body_json leaves and the raw response.body (HTTP triggers), payload leaves otherwise.
package lambda_firewall.pii.sites

is_http if is_object(input.http)

has_response if is_object(input.response)

sites contains site(array.concat(["http", "body_json"], p), v) if {
	input.phase == "event"
	walk(input.http.body_json, [p, v])
	scalar(v)
}

sites contains {"path": ["http", "body"], "value": input.http.body, "key": ""} if {
	input.phase == "event"
	input.http.body_format in {"form", "text", "multipart"}
	is_string(input.http.body)
}

sites contains site(array.concat(["response", "body_json"], p), v) if {
	input.phase == "response"
	walk(input.response.body_json, [p, v])
	scalar(v)
}

sites contains {"path": ["response", "body"], "value": input.response.body, "key": ""} if {
	input.phase == "response"
	not input.response.body_format == "json"
	is_string(input.response.body)
}

sites contains site(array.concat(["payload"], p), v) if {
	not is_http
	not has_response
	walk(input.payload, [p, v])
	scalar(v)
	not embedded[p]
}

sites contains site(array.concat(["payload"], array.concat(p, q)), w) if {
	not is_http
	not has_response
	some p, doc in embedded
	walk(doc, [q, w])
	scalar(w)
}

embedded[p] := json.unmarshal(v) if {
	not is_http
	not has_response
	walk(input.payload, [p, v])
	is_string(v)
	startswith(trim_left(v, " \t\r\n"), ["{", "["][_])
	json.is_valid(v)
}

site(path, v) := {"path": path, "value": v, "key": last_key(path)}

last_key(path) := k if {
	k := path[count(path) - 1]
	is_string(k)
} else := k if {
	k := path[count(path) - 2]
	is_string(k)
} else := ""

scalar(v) if is_string(v)

scalar(v) if is_number(v)
