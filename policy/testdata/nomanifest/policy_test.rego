package lambda_firewall

# This test file is not valid in production: it redefines decision. It must
# be left out when loading for evaluation.
decision := {"action": "block"}
