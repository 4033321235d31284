# METADATA
# title: Remote file inclusion
# description: URLs to raw IP hosts, URLs handed to include-style parameters, and URL schemes with a trailing question mark.
package lambda_firewall.injection.rfi

import data.lambda_firewall.targets

rules := {
	"rfi-001": {"category": "rfi", "severity": "critical", "paranoia": 1, "message": "Remote file inclusion with an IP address host"},
	"rfi-002": {"category": "rfi", "severity": "critical", "paranoia": 1, "message": "Remote URL in an include-style parameter"},
	"rfi-003": {"category": "rfi", "severity": "high", "paranoia": 1, "message": "Remote file inclusion with a trailing question mark"},
}

ip_url_pattern := `(^|[\s'"=(<>])(https?|ftps?|file|php|data|gopher|ldap|smb)\s*:\s*//(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\]|0x[0-9a-f]+|\d{8,10})([:/?#\s'"<]|$)`

param_pattern := `(^|[\[_.])(_conf|mosconfig_absolute_path|mosconfig_live_site|include|include_path|require|inc|path|file|filename|page|template|tpl|dir|root|root_path|base_path|basepath|abspath|absolute_path|class_path|config|conf|lang|language|module|src|url_path)(\]|$)`

question_pattern := `^(file|ftps?|https?)(:[^?]*)?\?+$`

# candidate_values are the suspicious values matching any pattern of this pack: one regex
# call per distinct value instead of one per rule; the rules below only test these.
candidate_values := {v | some v in targets.suspicious_values; regex.match(any_pattern, targets.norms[v])}

any_pattern := concat("|", [ip_url_pattern, question_pattern])

# METADATA
# description: rfi-001, a URL whose host is a literal IP address.
findings contains targets.finding(rules, "rfi-001", t.path) if {
	hits := {v | some v in candidate_values; regex.match(ip_url_pattern, targets.norms[v])}
	count(hits) > 0
	some t in targets.located_in(hits)
}

# METADATA
# description: rfi-002, an absolute URL in a parameter whose name suggests a file or include path.
findings contains targets.finding(rules, "rfi-002", t.path) if {
	hits := {v | some v, n in targets.norms; startswith(n, ["http://", "https://", "ftp://", "ftps://"][_])}
	count(hits) > 0
	some t in targets.located_in(hits)
	t.kind == "value"
	some seg in t.path
	is_string(seg)
	regex.match(param_pattern, lower(seg))
}

# METADATA
# description: rfi-003, a remote scheme followed by a question mark.
findings contains targets.finding(rules, "rfi-003", t.path) if {
	hits := {v | some v in candidate_values; regex.match(question_pattern, targets.norms[v])}
	count(hits) > 0
	some t in targets.located_in(hits)
}
