# METADATA
# title: OS command injection
# description: Unix and Windows commands chained after shell separators, shell expansions, Shellshock and interpreter invocations.
package lambda_firewall.injection.rce

import data.lambda_firewall.targets

rules := {
	"rce-001": {"category": "rce", "severity": "critical", "paranoia": 1, "message": "Unix command injection"},
	"rce-002": {"category": "rce", "severity": "critical", "paranoia": 1, "message": "Windows command injection"},
	"rce-003": {"category": "rce", "severity": "critical", "paranoia": 1, "message": "Shellshock function definition"},
}

unix_commands := `(cat|tac|nl|ls|id|whoami|uname|pwd|wget|curl|nc|ncat|netcat|bash|sh|zsh|ksh|csh|tcsh|dash|python[0-9.]*|perl|ruby|php[0-9]*|node|lua|chmod|chown|rm|echo|ping|nslookup|dig|telnet|ssh|scp|ftp|tftp|sleep|env|printenv|ps|killall|pkill|nohup|grep|egrep|awk|gawk|sed|xargs|base64|xxd|od|hexdump|ifconfig|netstat|crontab|useradd|usermod|passwd|sudo|su|mkfifo|socat|cp|mv|tar|zip|unzip|gzip|uniq|wc|which|whereis|hostname|column|rev|printf|eval|exec|alias|systemctl|chroot|dd|uptime|tee|vi|vim|nano|getent|openssl|gcc|kubectl|nmap|busybox|lwp-download|lynx|cd|mkdir|rmdir|readlink|realpath|basename|dirname|md5sum|sha1sum|sha256sum|zcat|bzip2|xz|7z)`

unix_pattern := concat("|", [
	concat("", [`([;&|\x60\n(]|\$\(|\|\||&&)\s*(/usr|/bin|/sbin|/usr/local)?(/s?bin/)?`, unix_commands, `([\s;&|<>\x60)'"]|$)`]),
	`\$\(\s*[a-z/]|\$\{\s*[a-z_]+\s*\}|\$\{ifs\}|\$ifs\b|\$\{?path:`,
	`(^|[\s;&|'"=])/(usr/)?(local/)?s?bin/[a-z]`,
	`\b(bash|sh|zsh|ksh|csh|dash)\s+-c\b|\b(python[0-9.]*|perl|ruby|php|node)\s+-[ecr]\s`,
	`\balias\s+[\w-]+=`,
	`[;&|\x60\n]\s*(find|head|tail|more|less|sort|cut|diff|touch|kill|ln|dir|stat|ip|time|timeout|nice|git|java|docker|aws)\s+(-|/|~|\.\.?/|\$)`,
	`\{[\w./-]*,[\w./-]*\}[\w]|\{[\w./-]*,[\w./-]*\}\s+[\w/]`,
	`[\w]['"\\]+[\w]*['"\\]*[\w]+\s+/(etc|bin|tmp|dev|proc)\b`,
	`>\s*/dev/(tcp|udp)/|\b(nc|ncat|netcat)\b[\s\S]*\s-[elp]\s`,
])

windows_pattern := concat("|", [
	`\bcmd(\.exe)?\s*/[ckr]\b|\bpowershell(\.exe)?\b|\bpwsh\b|\binvoke-(webrequest|expression|item|command|restmethod|wmimethod)\b`,
	`\biex\s*\(|[;&|]\s*(iwr|iwmi|iex|irm|wmic|certutil|bitsadmin|mshta|regsvr32|rundll32|regedit|bcdboot|schtasks|netsh|taskkill|tasklist|systeminfo|ipconfig|xcopy|wscript|cscript|msiexec|vssadmin|bcdedit|cacls|icacls|attrib)(\.exe)?\b`,
	`\bfor\s+/[dflr]\b|\bfor\s+%%?~?[a-z]+\s+in\s*\(|\bif\s+(not\s+)?(exist|defined|errorlevel|cmdextversion)\b`,
	`\b(net\s+(user|localgroup|share|use)|reg\s+(add|query|delete|export)|wmic\s+\w+)\b`,
	`%(comspec|systemroot|windir|programfiles|temp)%`,
])

shellshock_pattern := `\(\s*\)\s*\{`

# METADATA
# description: rce-001, Unix command chained after a shell separator, or shell expansion.
findings contains targets.finding(rules, "rce-001", t.path) if {
	some t in targets.strings
	regex.match(unix_pattern, t.norm)
}

# METADATA
# description: rce-002, Windows shell or PowerShell command.
findings contains targets.finding(rules, "rce-002", t.path) if {
	some t in targets.strings
	regex.match(windows_pattern, t.norm)
}

# METADATA
# description: rce-003, Bash function definition as used by Shellshock.
findings contains targets.finding(rules, "rce-003", t.path) if {
	some t in targets.strings
	regex.match(shellshock_pattern, t.norm)
}
