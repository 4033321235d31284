# METADATA
# title: Test helpers
# description: Input documents for the Rego unit tests of every pack.
package lambda_firewall.testing

base_http := {
	"phase": "event",
	"source": "apigw_http",
	"size": 100,
	"payload": {},
	"http": {
		"method": "GET", "path": "/", "raw_path": "/",
		"headers": {"user-agent": "Mozilla/5.0", "accept": "*/*"},
		"query": {}, "cookies": [], "body_format": "empty",
	},
}

# http returns an HTTP event input whose http object is merged with fields.
http(fields) := object.union(base_http, {"http": fields})

query(k, v) := http({"query": {k: [v]}})

header(name, v) := http({"headers": {name: v}})

path(p) := http({"path": p, "raw_path": p})

cookie(c) := http({"cookies": [c]})

json_body(doc) := http({"method": "POST", "body_format": "json", "body": json.marshal(doc), "body_json": doc})

form_body(fields) := http({"method": "POST", "body_format": "form", "body_form": fields})

text_body(s) := http({"method": "POST", "body_format": "text", "body": s})

sqs(body) := {
	"phase": "event",
	"source": "sqs",
	"size": 100,
	"payload": {"Records": [{"messageId": "m-1", "eventSource": "aws:sqs", "body": body}]},
}

response_json(doc) := object.union(base_http, {
	"phase": "response",
	"response": {"status": 200, "headers": {}, "body": json.marshal(doc), "body_format": "json", "body_json": doc},
})
