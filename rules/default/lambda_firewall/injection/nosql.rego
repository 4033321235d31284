# METADATA
# title: NoSQL operator injection
# description: MongoDB-style query operators supplied as JSON keys or bracketed parameter names (user[$ne]=x).
package lambda_firewall.injection.nosql

import data.lambda_firewall.targets

rules := {"nosql-001": {"category": "nosql", "severity": "critical", "paranoia": 1, "message": "NoSQL query operator in a key"}}

operators := `(ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|expr|or|and|not|nor|elemmatch|all|size|type|mod|text|function|accumulator|jsonschema|lookup|merge|out)`

pattern := `^\$(ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|expr|or|and|not|nor|elemmatch|all|size|type|mod|text|function|accumulator|jsonschema|lookup|merge|out)$|\[\s*\$(ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|expr|or|and|not|nor|elemmatch|all|size|type|mod|text|function|accumulator|jsonschema|lookup|merge|out)\s*\]`

# METADATA
# description: nosql-001, a query operator as an object key or bracketed parameter name.
findings contains targets.finding(rules, "nosql-001", t.path) if {
	some t in targets.located([e.value | some e in lambda_firewall.match(targets.scan.keys, {"nosql-001": pattern})["nosql-001"]])
	t.kind == "key"
}
