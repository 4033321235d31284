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

patterns := {"rfi-001": ip_url_pattern, "rfi-003": question_pattern}

# METADATA
# description: rfi-001 (a URL whose host is a literal IP address) and rfi-003 (a remote scheme followed by a question mark).
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.gated, patterns)
	some t in targets.located([e.value | some e in hits])
}

# METADATA
# description: rfi-002, an absolute URL in a parameter whose name suggests a file or include path.
findings contains targets.finding(rules, "rfi-002", t.path) if {
	some t in targets.located([e.value | some e in lambda_firewall.match(targets.scan.all, url_pattern)["rfi-002"]])
	t.kind == "value"
	some seg in t.path
	is_string(seg)
	regex.match(param_pattern, lower(seg))
}

url_pattern := {"rfi-002": `^(http|https|ftp|ftps)://`}
