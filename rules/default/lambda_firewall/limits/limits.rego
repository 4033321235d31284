# METADATA
# title: Request limits
# description: |
#   Body size, allowed methods and allowed content types, globally and per route, from the
#   "limits" object of the configuration (config/data.json), checked in Go by lambda_firewall.limits. The shipped
#   defaults only cap the body at the Lambda synchronous payload limit, so nothing
#   legitimate breaks. A route is {"path": "/exact" | "path_prefix": "/p", "methods": [...],
#   "content_types": [...], "max_body_bytes": n}. Methods are checked for HTTP triggers only.
package lambda_firewall.limits

import data.lambda_firewall.settings

rules := {
	"limits-001": {"category": "limits", "severity": "medium", "paranoia": 1, "message": "Body larger than allowed"},
	"limits-002": {"category": "limits", "severity": "medium", "paranoia": 1, "message": "HTTP method not allowed"},
	"limits-003": {"category": "limits", "severity": "medium", "paranoia": 1, "message": "Content type not allowed"},
}

# candidates are the limits exceeded, [{"id", "path"}], before settings.enabled.
candidates := lambda_firewall.limits(input, object.get(settings.cfg, "limits", {}))

# METADATA
# description: |
#   limits-001 the body (HTTP) or payload exceeds max_body_bytes, globally or for the route;
#   limits-002 the method is not in allowed_methods or in the methods of a matching route;
#   limits-003 a body whose media type is not in the content_types of a matching route.
findings contains object.union(rules[c.id], c) if some c in candidates
