# METADATA
# title: Log4Shell and lookup injection
# description: Log4j lookups (${jndi:...}), including nested and obfuscated forms such as ${${lower:j}ndi:...}.
package lambda_firewall.injection.jndi

import data.lambda_firewall.targets

rules := {"jndi-001": {"category": "log4shell", "severity": "critical", "paranoia": 1, "message": "Log4j JNDI lookup"}}

pattern := `\$\{[^}]{0,80}?(jndi|\$\{|::-|:-|lower:|upper:|env:|sys:|date:|base64:|java:|main:|ctx:|marker:|log4j:|spring:|k8s:|docker:|web:|bundle:|event:|sd:)|\bjndi\s*:\s*(ldaps?|rmi|dns|iiop|corba|nds|nis|https?)\s*:`

# METADATA
# description: jndi-001, a Log4j lookup expression.
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.gated, {"jndi-001": pattern})
	some t in targets.located([e.value | some e in hits])
}
