package lambda_firewall

default decision := {"action": "allow"}
