# METADATA
# title: Java, expression language and deserialization
# description: |
#   Dangerous Java classes and gadget-chain names, serialized Java objects, OGNL/SpEL/EL
#   expressions and JSP uploads.
package lambda_firewall.injection.java

import data.lambda_firewall.targets

rules := {
	"java-001": {"category": "java", "severity": "critical", "paranoia": 1, "message": "Dangerous Java class or gadget name"},
	"java-002": {"category": "java", "severity": "critical", "paranoia": 1, "message": "Serialized Java object"},
	"java-003": {"category": "java", "severity": "critical", "paranoia": 1, "message": "OGNL or expression language injection"},
	"java-004": {"category": "java", "severity": "high", "paranoia": 1, "message": "JSP file upload"},
}

class_pattern := `\bjava\.(lang|io|net|nio|beans|rmi|security|sql|awt|applet|util\.(zip|jar|concurrent|logging|prefs))\b|\bjava\.(runtime|processbuilder)\b|\bjavax\.(script|naming|management|el|xml\.transform|crypto|servlet)\b|\bjdk\.(jshell|internal|nashorn)\b|\bcom\.(sun\.|opensymphony\.xwork2|alibaba\.fastjson|mchange\.v2|thoughtworks\.xstream|fasterxml\.jackson\.databind\.node)|\borg\.(apache\.(commons\b|xalan|xbean|tomcat|catalina|struts2?|naming|bcel|wicket|myfaces|log4j|shiro|velocity)|omg\.|springframework\.(context|beans|expression|jndi|core)|codehaus\.groovy|mozilla\.javascript|hibernate\.|python\.core|jboss\.|eclipse\.jetty)|\bsun\.(misc|reflect|rmi|tools|net\.www)\b|\bgroovy\.(lang|util)\b|\bbsh\.(interpreter|xthis)\b|\b(clone|invoker|instantiate|chained|constant|map|transformer|instantiatefactory|priorityqueue)transformer\b|\b(lazymap|templatesimpl|annotationinvocationhandler|badattributevalueexpexception|jdbcrowsetimpl|unicastref|remoteobjectinvocationhandler|objectinputstream|xmldecoder|processbuilder)\b|\bgetruntime\s*\(\s*\)|\bruntime\s*\.\s*getruntime|\bclassloader\b|\.forname\s*\(|\bnew\s+java\.`

serialized_pattern := `rO0AB|aced0005|\xac\xed\x00\x05|KztAAU|%ac%ed%00%05`

el_pattern := `#_memberaccess|@java\.lang|@ognl|ognlcontext|ognlutil|#context\s*\[|#request\s*\.|#application\s*\[|#attr\s*\[|#parameters\s*\.|#session\s*\[|%\{\s*[#(@]|\$\{\s*[#@(]|#\{\s*[a-z_.]+\s*\(|\$\{\s*[a-z_]+\s*\.\s*(getclass|class|forname|getruntime|exec|invoke|newinstance)|\bt\s*\(\s*java\.|\bclass\.(module\.)?classloader|\bgetclass\s*\(\s*\)\s*\.\s*(forname|getclassloader)|\{\{[^}]*\.__(class|mro|globals|init|subclasses|builtins)__|\$\{[^}]*\.(exec|getruntime|newinstance|invoke|forname)\s*\(|#\{[^}]*runtime[^}]*\}|\{\{\s*\d+\s*\*\s*\d+\s*\}\}|[$#]\{\s*\d+\s*\*\s*\d+\s*\}|<%=?\s*\d+\s*\*\s*\d+\s*%>`

upload_headers := {"x-filename", "x_filename", "x-file-name", "x.filename", "x-file"}

patterns := {"java-001": class_pattern, "java-003": el_pattern}

# METADATA
# description: java-001 (dangerous classes, packages and gadget names) and java-003 (OGNL, SpEL, EL and template expressions).
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.gated, patterns)
	some t in targets.located([e.value | some e in hits])
}

# METADATA
# description: java-002, Java serialization stream magic in base64, hex or escaped form (raw values, every target).
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.all, serialized)
	some t in targets.located([e.value | some e in hits])
}

serialized := {"java-002": {"pattern": serialized_pattern, "field": "value"}}

# METADATA
# description: java-004, a JSP file named in an upload header.
findings contains targets.finding(rules, "java-004", ["http", "headers", name]) if {
	input.phase == "event"
	some name, h in input.http.headers
	name in upload_headers
	regex.match(`\.\s*jsp[xf]?[.\s]*$`, lambda_firewall.normalize(h))
}

findings contains targets.finding(rules, "java-004", ["http", "body"]) if {
	some t in targets.scan.body
	regex.match(`filename\s*=\s*"[^"]*\.\s*jsp[xf]?[\s.]*"`, t.norm)
}
