# METADATA
# title: Session fixation
# description: Framework session identifiers supplied as request parameters, and attempts to set cookies from injected script or markup.
package lambda_firewall.injection.session

import data.lambda_firewall.targets

rules := {
	"session-001": {"category": "session-fixation", "severity": "high", "paranoia": 1, "message": "Session identifier in a request parameter"},
	"session-002": {"category": "session-fixation", "severity": "high", "paranoia": 1, "message": "Cookie set through injected script or markup"},
}

id_names := `^(jsessionid|phpsessid|phpsession|aspsessionid\w*|asp\.net_sessionid|(__secure-|__host-)?next-auth\.session-token|connect\.sid|laravel_session|ci_session|cfid|cftoken|cfsid|sessionid|session-id|_session_id|sid|session-token|_flask_session|meteor_login_token|rack\.session|_rails_session|play_session|sails\.sid|cakephp|koa[.:]sess|zend_session_id|shiny-token|weblogicsession|jservsession|jwsession)$`

cookie_pattern := `\.cookie\s*(\]|\))?\s*[;=]|\bexpires\s*=[^;]*;\s*(path|domain)\s*=|http-equiv\s*=\s*['"]?set-cookie`

# METADATA
# description: session-001, a framework session identifier passed as a query, form or JSON parameter name.
findings contains targets.finding(rules, "session-001", t.path) if {
	some t in targets.located([e.value | some e in lambda_firewall.match(targets.scan.keys, {"session-001": id_names})["session-001"]])
	t.kind == "key"
	t.path[0] == "http"
	t.path[1] in {"query", "body_form", "body_json"}
}

# METADATA
# description: session-002, document.cookie assignments and set-cookie meta tags.
findings contains targets.finding(rules, "session-002", t.path) if {
	some t in targets.located([e.value | some e in lambda_firewall.match(targets.scan.gated, {"session-002": cookie_pattern})["session-002"]])
	t.kind != "key"
}
