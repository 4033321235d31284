package lambda_firewall.limits

import data.lambda_firewall.testing as t

ids(inp, cfg) := found if {
	found := {f.id | some f in findings} with input as inp with data.lambda_firewall.config.limits as cfg
}

test_defaults_allow_everything if {
	count(findings) == 0 with input as t.json_body({"a": 1})
}

test_limits_001_body_size if {
	"limits-001" in ids(t.json_body({"a": "0123456789"}), {"max_body_bytes": 5})
}

test_limits_001_under_limit if {
	not "limits-001" in ids(t.json_body({"a": 1}), {"max_body_bytes": 1000})
}

test_limits_002_global_methods if {
	inp := t.http({"method": "TRACE"})
	"limits-002" in ids(inp, {"allowed_methods": ["GET", "POST"]})
	not "limits-002" in ids(t.http({"method": "get"}), {"allowed_methods": ["GET", "POST"]})
}

test_limits_route_methods_and_content_types if {
	route := {"path_prefix": "/api/", "methods": ["POST"], "content_types": ["application/json"], "max_body_bytes": 10}
	inp := t.http({"path": "/api/orders", "method": "PUT", "body_format": "form", "body": "a=1", "headers": {"content-type": "application/x-www-form-urlencoded"}})
	found := ids(inp, {"routes": [route]})
	"limits-002" in found
	"limits-003" in found
}

test_limits_route_accepts_listed_type if {
	route := {"path_prefix": "/api/", "methods": ["POST"], "content_types": ["application/json"]}
	inp := t.http({"path": "/api/orders", "method": "POST", "body_format": "json", "body": "{}", "body_json": {}, "headers": {"content-type": "application/json; charset=utf-8"}})
	count(ids(inp, {"routes": [route]})) == 0
}

test_limits_other_route_unaffected if {
	route := {"path_prefix": "/api/", "methods": ["POST"]}
	count(ids(t.http({"path": "/health", "method": "GET"}), {"routes": [route]})) == 0
}

test_limits_002_methods_only_for_http if {
	count(ids(t.sqs(`{"a": 1}`), {"allowed_methods": ["GET"]})) == 0
}

test_limits_001_payload_size_for_other_triggers if {
	"limits-001" in ids(object.union(t.sqs(`{"a": 1}`), {"size": 5000}), {"max_body_bytes": 4096})
	count(ids(object.union(t.sqs(`{"a": 1}`), {"size": 5000}), {"max_body_bytes": 8192})) == 0
}

test_limits_001_route_limit if {
	route := {"path_prefix": "/api/", "max_body_bytes": 4}
	"limits-001" in ids(object.union(t.json_body({"a": 1}), {"http": {"path": "/api/x"}}), {"routes": [route]})
}

test_limits_exact_path_route if {
	route := {"path": "/api", "methods": ["GET"]}
	"limits-002" in ids(t.http({"path": "/api", "method": "POST"}), {"routes": [route]})
	count(ids(t.http({"path": "/api/x", "method": "POST"}), {"routes": [route]})) == 0
}
