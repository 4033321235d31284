package lambda_firewall

default decision := {"action": "allow"}

decision := {"action": "block"} if {
	resp := http.send({"method": "GET", "url": "http://127.0.0.1:1/"})
	resp.status_code == 200
}
