# METADATA
# title: JavaScript and template injection
# description: Node.js code injection, prototype pollution and server-side template probes.
package lambda_firewall.injection.node

import data.lambda_firewall.targets

rules := {
	"node-001": {"category": "node", "severity": "critical", "paranoia": 1, "message": "Node.js code injection"},
	"node-002": {"category": "node", "severity": "high", "paranoia": 1, "message": "Prototype pollution"},
}

code_pattern := `_\$\$nd_func\$\$_|\b__js_function\b|\bchild_process\b|\bprocess\s*\.\s*(mainmodule|binding|dlopen|kill|exit|spawn|env)\b|\b(process|require)\s*\[|\brequire\s*\(\s*['"\x60](child_process|fs|net|vm|os|http)['"\x60]|\bmodule\.exports\s*=|\beval\s*\(\s*(string\.fromcharcode|atob|unescape|buffer)|\bnew\s+function\s*\(|\bfunction\s*\(\s*\)\s*\{[\s\S]*\}\s*\(\s*\)|\bconsole\s*\[\s*['"\x60]\w+['"\x60]\s*\]\s*\(|\bconsole\.\w+\.(call|apply)\s*\(|\bwhile\s*\(+\s*(!+\s*(['"\x60]{2}|\{\}|\[\]|false|[-+]?0|null|undefined|nan)|true|[-+]?infinity|[-+]?[1-9]\d*|new\s+\w+|this|string|object|array)\s*\)+|\bfor\s*\(\s*;\s*;\s*\)|\bthis\s*\.\s*constructor\s*\.\s*constructor|\.constructor\s*\(\s*['"]return|\$\w+:(constructor|prototype|__proto__)\b|:constructor:constructor|xyqktkrfrlvoqyqk|xyqkxhuwmdrl|d2hpbguodhj1zs`

pollution_pattern := `(^|[\[.'"])__proto__([\[\].'"=]|$)|\bconstructor\s*(\]\s*)?(\.|\[\s*['"]?)\s*prototype\b|^(__proto__|prototype)$`

patterns := {"node-001": code_pattern, "node-002": pollution_pattern}

# METADATA
# description: node-001 (Node.js code execution, event-loop DoS) and node-002 (__proto__ or constructor.prototype in a key or value).
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.gated, patterns)
	some t in targets.located([e.value | some e in hits])
}
