package lambda_firewall.injection_test.sqli

import data.lambda_firewall
import data.lambda_firewall.testing as t

fires(id, inp) if {
	ids := {f.id | some f in lambda_firewall.injection_findings} with input as inp
	id in ids
}

test_sqli_001_tautology if fires("sqli-001", t.query("id", "1' or '1'='1"))

test_sqli_001_union_in_json if fires("sqli-001", t.json_body({"filter": "x' union select password from users--"}))

test_sqli_002_time_based if fires("sqli-002", t.query("id", "1;select pg_sleep(5)"))

test_sqli_002_function_in_form_key if fires("sqli-002", t.form_body({"database(": [""]}))

test_sqli_002_jsonb_operator if fires("sqli-002", t.query("q", `OR '{"b":2}'::jsonb <@ '{"a":1}'::jsonb`))

test_sqli_002_in_sqs_message if fires("sqli-002", t.sqs(`{"id":"1 union select 1,2"}`))

test_sqli_003_statement_paranoia_2 if {
	fires("sqli-003", t.query("q", "select name from users")) with data.lambda_firewall.config.paranoia_level as 2
	not fires("sqli-003", t.query("q", "select name from users"))
}

test_sqli_prose_is_clean if {
	not fires("sqli-001", t.json_body({"note": "Please select the best option from the list, O'Brien."}))
	not fires("sqli-002", t.json_body({"note": "We had a family reunion; union members joined. Delete from my list please."}))
}

test_sqli_names_are_clean if {
	not fires("sqli-001", t.query("name", "D'Angelo"))
	not fires("sqli-002", t.query("name", "O'Brien or 1 more"))
}
