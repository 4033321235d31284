# METADATA
# title: Security scanners
# description: User agents of automated attack and vulnerability scanning tools.
package lambda_firewall.injection.scanner

import data.lambda_firewall.settings
import data.lambda_firewall.targets

rules := {"scanner-001": {"category": "scanner", "severity": "medium", "paranoia": 1, "message": "Security scanner user agent"}}

pattern := `\b(sqlmap|nikto|nmap|nessus|openvas|acunetix|netsparker|w3af|dirbuster|gobuster|dirb|wfuzz|ffuf|masscan|zgrab|wpscan|nuclei|havij|arachni|whatweb|jaeles|commix|xsstrike|joomscan|skipfish|paros|webinspect|appscan|zmeu|morfeus|fimap|sqlninja|bsqlbf|wapiti|feroxbuster|dirsearch|nosqlmap|jorgee|masscan|httprint|blackwidow|grabber|pangolin|brutus|hydra)\b`

# METADATA
# description: scanner-001, the user-agent header names a scanning tool.
findings contains targets.finding(rules, "scanner-001", ["http", "headers", "user-agent"]) if {
	input.phase == "event"
	not "user-agent" in settings.skip_headers
	ua := lambda_firewall.normalize(input.http.headers["user-agent"])
	lambda_firewall.match([ua], {"scanner-001": pattern})["scanner-001"]
}
