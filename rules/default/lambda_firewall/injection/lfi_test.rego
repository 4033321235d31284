package lambda_firewall.injection_test.lfi

import data.lambda_firewall
import data.lambda_firewall.testing as t

fires(id, inp) if {
	ids := {f.id | some f in lambda_firewall.injection_findings} with input as inp
	id in ids
}

test_lfi_001_traversal if fires("lfi-001", t.query("file", "../../../etc/passwd"))

test_lfi_001_double_encoded if fires("lfi-001", t.query("file", "%252e%252e%252fetc%252fpasswd"))

test_lfi_001_overlong_utf8 if fires("lfi-001", t.path("/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd"))

test_lfi_002_sensitive_file if fires("lfi-002", t.json_body({"template": "/proc/self/environ"}))

test_lfi_003_dot_directory if fires("lfi-003", t.path("/.git/config"))

test_lfi_003_well_known_is_clean if not fires("lfi-003", t.path("/.well-known/openid-configuration"))

test_lfi_004_upload_name if fires("lfi-004", t.header("x-filename", ".htaccess"))

test_lfi_relative_urls_are_clean if {
	inp := t.json_body({"link": "https://example.com/docs/guide/index.html", "note": "wait... what?"})
	not fires("lfi-001", inp)
	not fires("lfi-002", inp)
}
