# METADATA
# title: Path traversal and local file inclusion
# description: |
#   Directory traversal after normalisation (URL, double URL and overlong UTF-8
#   encodings are decoded by lambda_firewall.normalize), and access to well-known
#   sensitive files and directories.
package lambda_firewall.injection.lfi

import data.lambda_firewall.targets

rules := {
	"lfi-001": {"category": "lfi", "severity": "critical", "paranoia": 1, "message": "Path traversal"},
	"lfi-002": {"category": "lfi", "severity": "critical", "paranoia": 1, "message": "Sensitive operating system file"},
	"lfi-003": {"category": "lfi", "severity": "high", "paranoia": 1, "message": "Restricted file or directory in the path"},
}

traversal_pattern := concat("|", [
	`(^|[\\/])\.{2,3}[\\/;]`,
	`[\\/]\.{2,3}($|[\\/])`,
	`0x2e(\.|0x2e)[\\/]|0x5c0x2e|0x2e0x2e|\.{2,3}0x(2f|5c)`,
	`(^|[\\/])\.\.\s*[\\/]`,
])

sensitive_pattern := concat("|", [
	`/etc/(passwd|shadow|group|hosts|issue|sudoers|master\.passwd|crontab|fstab|profile|resolv\.conf|security/)`,
	`/proc/(self|\d+)/(environ|cmdline|fd|maps|mem|root|cwd)|/proc/(version|mounts|net/|interrupts|cpuinfo)`,
	`\b(boot|win|system)\.ini\b|\bwindows[\\/]+(system32|win\.ini)|\bc:[\\/]+(windows|boot\.ini|inetpub)`,
	`\.(aws|ssh|docker|kube|gnupg)[\\/]|\bid_(rsa|dsa|ecdsa|ed25519)\b|\.htpasswd\b|\.bash_history\b`,
	`/(var/log|usr/local/apps?|var/www)/|\bhttpd\.conf\b|\bweb\.config\b|\bphp\.ini\b`,
	`\x00`,
])

restricted_path_pattern := concat("|", [
	`(^|/)\.(git|svn|hg|env|htaccess|htpasswd|ds_store|aws|ssh|docker|claude|cursor|continue|vscode|idea|npmrc|netrc|bash_history|kube)(/|$|\.)`,
	`(^|/)(sys/class|proc/|etc/)`,
	`\.(sql|bak|old|orig|swp|sav|backup|dump|db|sqlite|mdb)(\.(gz|zip|tar|bz2|7z|rar))?$|\.(sql|dump)\.(gz|zip|tar|bz2|7z|rar)$`,
	`(^|/)(wp-config\.php|config\.php\.bak|web\.config|credentials|id_rsa|secrets\.ya?ml|docker-compose\.ya?ml|mcp\.json|settings\.json)$`,
])

# METADATA
# description: lfi-001, ../ or ..\ in any normalised target.
findings contains targets.finding(rules, "lfi-001", t.path) if {
	some t in targets.strings
	regex.match(traversal_pattern, t.norm)
}

# METADATA
# description: lfi-002, well-known sensitive files in any target.
findings contains targets.finding(rules, "lfi-002", t.path) if {
	some t in targets.strings
	regex.match(sensitive_pattern, t.norm)
}

# METADATA
# description: lfi-003, restricted files and directories requested in the URL path.
findings contains targets.finding(rules, "lfi-003", t.path) if {
	some t in targets.strings
	t.kind == "path"
	regex.match(restricted_path_pattern, t.norm)
}
