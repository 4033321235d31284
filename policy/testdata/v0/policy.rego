package lambda_firewall

default decision = {"action": "allow"}

decision = {"action": "block"} {
	input.payload.bad
}
