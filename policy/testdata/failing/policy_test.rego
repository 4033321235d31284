package lambda_firewall_test

import data.lambda_firewall

test_passes if {
	lambda_firewall.decision.action == "allow"
}

test_fails if {
	lambda_firewall.decision.action == "block"
}
