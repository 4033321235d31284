# METADATA
# title: Log4Shell and lookup injection
# description: Log4j lookups (${jndi:...}), including nested and obfuscated forms such as ${${lower:j}ndi:...}.
package lambda_firewall.injection.jndi

import data.lambda_firewall.targets

rules := {"jndi-001": {"category": "log4shell", "severity": "critical", "paranoia": 1, "message": "Log4j JNDI lookup"}}

pattern := concat("|", [
	`\$\{[^}]{0,80}?(jndi|\$\{|::-|:-|lower:|upper:|env:|sys:|date:|base64:|java:|main:|ctx:|marker:|log4j:|spring:|k8s:|docker:|web:|bundle:|event:|sd:)`,
	`\bjndi\s*:\s*(ldaps?|rmi|dns|iiop|corba|nds|nis|https?)\s*:`,
])

# METADATA
# description: jndi-001, a Log4j lookup expression.
findings contains targets.finding(rules, "jndi-001", t.path) if {
	count(lookup_values) > 0
	some t in targets.located_in(lookup_values)
}

lookup_values := {v | some v in targets.suspicious_values; regex.match(pattern, targets.norms[v])}
