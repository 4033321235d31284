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
	"lfi-004": {"category": "lfi", "severity": "high", "paranoia": 1, "message": "Restricted file name in an upload"},
}

traversal_pattern := `(^|[\\/"'=\s])\.{2,3}[\\/;]|[\\/]\.{2,3}($|[\\/])|0x2e(\.|0x2e)[\\/]|0x5c0x2e|0x2e0x2e|\.{2,3}0x(2f|5c)|(^|[\\/])\.\.\s*[\\/]`

sensitive_pattern := `/etc/(passwd|shadow|group|hosts|issue|sudoers|master\.passwd|crontab|fstab|profile|resolv\.conf|security/|sub[ug]id|gshadow|motd|ssh/|mysql/|httpd/|nginx/|apache2?/)|/proc/(self|\d+)/(environ|cmdline|fd|maps|mem|root|cwd)|/proc/(version|mounts|net/|interrupts|cpuinfo|self)|(^|[\s/])sys/(class|kernel|devices|firmware)\b|\b(boot|win|system)\.ini\b|\bwindows[\\/]+(system32|win\.ini)|\bc:[\\/]+(windows|boot\.ini|inetpub)|\.(aws|ssh|docker|kube|gnupg)[\\/]|\bid_(rsa|dsa|ecdsa|ed25519)\b|\.htpasswd\b|\.bash_history\b|/(var/log|usr/local/apps?|var/www)/|\bhttpd\.conf\b|\bweb\.config\b|\bphp\.ini\b|\.(sql|bak|dump)\.(zip|gz|tar|7z|rar|bz2)\b|\x00`

restricted_path_pattern := `(^|/)\.[\w-]+(/|$|\.)|(^|/)(sys/class|proc/|etc/)|\.(sql|bak|old|orig|swp|sav|backup|dump|db|sqlite|mdb|log)(\.(gz|zip|tar|bz2|7z|rar))?$|\.(sql|dump)\.(gz|zip|tar|bz2|7z|rar)$|(^|/)(wp-config\.php|config\.php\.bak|web\.config|credentials|id_rsa|secrets\.ya?ml|docker-compose\.ya?ml|mcp\.json)$|/@id/__x00__`

# Paths under /.well-known/ (RFC 8615) are legitimate dot-directories.
well_known := `^/\.well-known/`

path_patterns := {"restricted": restricted_path_pattern, "well_known": well_known}

upload_headers := {"x-filename", "x_filename", "x-file-name", "x.filename", "x-file"}

restricted_upload := `^\s*(\.[\w-]+|mtrr|acpi|wp-config[\w.-]*|settings\.\s*php|config\.ya?ml|\.htaccess|web\.config|\.user\.ini)\s*$`

multipart_filename := `filename\s*=\s*"([^"]*[\\/])?(\.[\w-]+|wp-config[^"]*|settings\.\s*php|config\.ya?ml|web\.config)\s*"|filename\s*=\s*"[^"]*\.\.[\\/]`

patterns := {"lfi-001": traversal_pattern, "lfi-002": sensitive_pattern}

# METADATA
# description: lfi-001 (../ or ..\ in any normalised target) and lfi-002 (well-known sensitive files).
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.gated, patterns)
	some t in targets.located([e.value | some e in hits])
}

# METADATA
# description: lfi-003, restricted files and directories requested in the URL path.
findings contains targets.finding(rules, "lfi-003", ["http", "path"]) if {
	input.phase == "event"
	hits := lambda_firewall.match([lambda_firewall.normalize(input.http.path)], path_patterns)
	hits.restricted
	not hits.well_known
}

# METADATA
# description: lfi-004, restricted file names in upload headers or multipart file names.
findings contains targets.finding(rules, "lfi-004", ["http", "headers", name]) if {
	input.phase == "event"
	some name, h in input.http.headers
	name in upload_headers
	regex.match(restricted_upload, lambda_firewall.normalize(h))
}

findings contains targets.finding(rules, "lfi-004", ["http", "body"]) if {
	some t in targets.scan.body
	regex.match(multipart_filename, t.norm)
}
