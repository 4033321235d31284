# METADATA
# title: NoSQL operator injection
# description: MongoDB-style query operators supplied as JSON keys or bracketed parameter names (user[$ne]=x).
package lambda_firewall.injection.nosql

import data.lambda_firewall.targets

rules := {"nosql-001": {"category": "nosql", "severity": "critical", "paranoia": 1, "message": "NoSQL query operator in a key"}}

operators := `(ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|expr|or|and|not|nor|elemmatch|all|size|type|mod|text|function|accumulator|jsonschema|lookup|merge|out)`

pattern := concat("", [`^\$`, operators, `$|\[\s*\$`, operators, `\s*\]`])

# METADATA
# description: nosql-001, a query operator as an object key or bracketed parameter name.
findings contains targets.finding(rules, "nosql-001", t.path) if {
	hits := {k | some k in targets.keys; regex.match(pattern, targets.norms[k])}
	count(hits) > 0
	some t in targets.located_in(hits)
	t.kind == "key"
}
