package lambda_firewall


test_admin_from_outside_blocked if {
	d := decision with input as {"http": {"path": "/admin/users", "source_ip": "203.0.113.7"}}
	d.action == "block"
}

test_admin_from_office_allowed if {
	d := decision with input as {"http": {"path": "/admin/users", "source_ip": "198.51.100.20"}}
	d.action == "allow"
}

test_card_masked if {
	d := decision with input as {"http": {"path": "/orders", "source_ip": "203.0.113.7",
		"body_json": {"card": "4111 1111 1111 1111"}}}
	d.action == "mask"
}

test_not_a_card_allowed if {
	d := decision with input as {"http": {"path": "/orders", "source_ip": "203.0.113.7",
		"body_json": {"card": "1234"}}}
	d.action == "allow"
}
