package lambda_firewall.sub

x := 1
