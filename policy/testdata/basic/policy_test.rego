package lambda_firewall_test

# Imported under another name: `import data.lambda_firewall` would shadow the
# lambda_firewall.* builtins in this file.
import data.lambda_firewall as lf

test_sqli_blocked if {
	d := lf.decision with input as {"http": {"query": {"q": ["1' OR '1'='1"]}}}
	d.action == "block"
	d.reasons[0].id == "942100"
}

test_encoded_xss_blocked if {
	d := lf.decision with input as {"http": {"query": {"q": ["%3Cscript%3Ealert(1)%3C/script%3E"]}}}
	d.reasons[0].category == "xss"
}

test_card_masked if {
	d := lf.decision with input as {"payload": {"card": "4111 1111 1111 1111"}}
	d.action == "mask"
}

test_iban_builtin if {
	lambda_firewall.iban("DE89 3704 0044 0532 0130 00")
}

test_allow if {
	lf.decision.action == "allow" with input as {"payload": {"hello": "world"}}
}
