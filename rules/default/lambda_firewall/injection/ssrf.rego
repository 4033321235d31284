# METADATA
# title: Server-side request forgery
# description: |
#   Cloud metadata endpoints in any encoding (dotted, decimal, hex, octal, IPv6),
#   metadata host names and URL schemes that reach local resources.
package lambda_firewall.injection.ssrf

import data.lambda_firewall.targets

rules := {
	"ssrf-001": {"category": "ssrf", "severity": "critical", "paranoia": 1, "message": "Cloud metadata endpoint"},
	"ssrf-002": {"category": "ssrf", "severity": "high", "paranoia": 1, "message": "URL scheme reaching local resources"},
	"ssrf-003": {"category": "ssrf", "severity": "medium", "paranoia": 1, "message": "URL to a loopback or internal host"},
}

metadata_pattern := `169\.254\.169\.254|\b169\.254\.170\.2\b|fd00:ec2::254|\b2852039166\b|\b0xa9fea9fe\b|\b0xa9\.0xfe\.0xa9\.0xfe\b|\b0251\.0376\.0251\.0376\b|\b0251\.00376\.000251\.0000376\b|\b025177524776\b|\[::ffff:a9fe:a9fe\]|::ffff:169\.254|\bmetadata\.(google\.internal|goog|azure\.com|packet\.net|platformequinix\.com|tencentyun\.com)\b|\binstance-data(\.ec2\.internal)?\b|\b100\.100\.100\.200\b|\b192\.0\.0\.192\b|/latest/(meta-data|user-data|api/token)\b|/computemetadata/v1\b|/metadata/(instance|identity)\b|/openstack/latest\b`

scheme_pattern := `(^|[\s'"=(<>])(gopher|dict|file|ldap|ldaps|tftp|jar|netdoc|sftp|expect|fd|ogg|rar)\s*:\s*/|(^|[\s'"=])file:[a-z\\]|^data:text/(plain|html)|"data:text/(plain|html)`

loopback_pattern := `(^|[\s'"=(<>@]|:/*)(localhost[46]?(\.localdomain[46]?)?|ipv6-localhost|ip6-(localhost|loopback)|(host|gateway|kubernetes)\.docker\.internal|host\.containers\.internal|kubernetes\.default(\.svc(\.cluster\.local)?)?|localtest\.me|lvh\.me|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|0\.0\.0\.0|\[::1?\]|0x7f[0-9a-f.x]*|2130706433|0177\.0+\.0+\.0*1)(:\d+)?([/?#]|$)`

patterns := {"ssrf-001": metadata_pattern, "ssrf-002": scheme_pattern, "ssrf-003": loopback_pattern}

# METADATA
# description: ssrf-001..003, metadata endpoints, URL schemes reaching local resources, loopback and container-internal hosts.
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.gated, patterns)
	some t in targets.located([e.value | some e in hits])
}
