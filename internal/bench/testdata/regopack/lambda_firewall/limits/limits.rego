# METADATA
# title: Request limits
# description: |
#   Body size, allowed methods and allowed content types, globally and per route, from
#   settings.limits (config/data.json). The shipped defaults only cap the body at the
#   Lambda synchronous payload limit, so nothing legitimate breaks.
#   A route is {"path": "/exact" | "path_prefix": "/p", "methods": [...], "content_types": [...], "max_body_bytes": n}.
package lambda_firewall.limits

import data.lambda_firewall.settings

rules := {
	"limits-001": {"category": "limits", "severity": "medium", "paranoia": 1, "message": "Body larger than allowed"},
	"limits-002": {"category": "limits", "severity": "medium", "paranoia": 1, "message": "HTTP method not allowed"},
	"limits-003": {"category": "limits", "severity": "medium", "paranoia": 1, "message": "Content type not allowed"},
}

finding(id, path) := object.union(rules[id], {"id": id, "path": path})

routes := [r | some r in object.get(settings.limits, "routes", []); route_matches(r)]

route_matches(r) if r.path == input.http.path

route_matches(r) if startswith(input.http.path, r.path_prefix)

body_size := count(input.http.body) if is_string(input.http.body)

else := input.size

# METADATA
# description: limits-001, the body (HTTP) or payload exceeds max_body_bytes, globally or for the route.
findings contains finding("limits-001", ["size"]) if {
	input.phase == "event"
	some limit in max_sizes
	limit > 0
	body_size > limit
}

max_sizes contains object.get(settings.limits, "max_body_bytes", 0)

max_sizes contains r.max_body_bytes if some r in routes

# METADATA
# description: limits-002, the method is not in allowed_methods or in the methods of a matching route.
findings contains finding("limits-002", ["http", "method"]) if {
	input.phase == "event"
	some allowed in method_lists
	count(allowed) > 0
	not upper(input.http.method) in {upper(m) | some m in allowed}
}

method_lists contains object.get(settings.limits, "allowed_methods", [])

method_lists contains r.methods if some r in routes

# METADATA
# description: limits-003, a body whose media type is not in the content_types of a matching route.
findings contains finding("limits-003", ["http", "headers", "content-type"]) if {
	input.phase == "event"
	some r in routes
	count(object.get(r, "content_types", [])) > 0
	input.http.body_format != "empty"
	not media_type in {lower(c) | some c in r.content_types}
}

default media_type := ""

media_type := lower(trim_space(split(input.http.headers["content-type"], ";")[0]))
