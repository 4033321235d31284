# METADATA
# title: OS command injection
# description: |
#   Unix and Windows commands chained after shell separators, shell expansions and
#   globbing evasions, Windows FOR/IF batch syntax, Shellshock and interpreter invocations.
package lambda_firewall.injection.rce

import data.lambda_firewall.targets

rules := {
	"rce-001": {"category": "rce", "severity": "critical", "paranoia": 1, "message": "Unix command injection"},
	"rce-002": {"category": "rce", "severity": "critical", "paranoia": 1, "message": "Windows command injection"},
	"rce-003": {"category": "rce", "severity": "critical", "paranoia": 1, "message": "Shellshock function definition"},
	"rce-004": {"category": "rce", "severity": "critical", "paranoia": 1, "message": "Shell expansion or glob evasion"},
}

# Commands unlikely to follow a separator in prose.
unix_commands := `(ls|id|whoami|uname|pwd|wget|curl|nc|ncat|netcat|bash|sh|zsh|ksh|csh|tcsh|dash|python[0-9.]*|perl|ruby|irb|php[0-9]*|node|lua|chmod|chown|rm|echo|ping|nslookup|dig|telnet|ssh|scp|tftp|env|printenv|ps|killall|pkill|nohup|grep|egrep|awk|gawk|sed|xargs|base64|xxd|od|hexdump|ifconfig|netstat|crontab|useradd|usermod|passwd|sudo|su|mkfifo|socat|cp|mv|tar|bsdtar|zip|unzip|gzip|uniq|wc|which|whereis|hostname|column|rev|printf|eval|exec|alias|systemctl|chroot|dd|uptime|tr|tee|vi|vim|nano|getent|openssl|gcc|c89|c99|cc|gdb|strace|ltrace|rmt[\w-]*|flock|cpulimit|perf|nmap|busybox|lwp-download|lynx|cd|mkdir|rmdir|readlink|basename|dirname|md5sum|sha1sum|sha256sum|zcat|bzip2|xz|7z|ansible[\w-]*|chef-[\w-]+|visudo|cscli|lastlog|lastlogin|aptitude|apt-get|htop|trap|jjs|jrunscript|tclsh|expect|screen|tmux|sqlite3|mysql|psql|taskset|ionice|stdbuf|unshare|nsenter|capsh|iptables|tcpdump|whois|traceroute)`

# Commands that are also English words: only right after a separator, with no space.
word_commands := `(cat|tac|nl|set|who|w|last|time|more|less|head|tail|find|sort|file|kill|touch|diff|cut|host|stat|ip|ln|dir|make|source|export|history|fetch|timeout|nice|git|java|docker|aws|ss|strings|mount)`

unix_pattern := `([;&|\x60\n(]|\$\(|\|\||&&)\s*(\$\w+\s+)?['"\\]?(/usr|/bin|/sbin|/usr/local)?(/s?bin/)?(ls|id|whoami|uname|pwd|wget|curl|nc|ncat|netcat|bash|sh|zsh|ksh|csh|tcsh|dash|python[0-9.]*|perl|ruby|irb|php[0-9]*|node|lua|chmod|chown|rm|echo|ping|nslookup|dig|telnet|ssh|scp|tftp|env|printenv|ps|killall|pkill|nohup|grep|egrep|awk|gawk|sed|xargs|base64|xxd|od|hexdump|ifconfig|netstat|crontab|useradd|usermod|passwd|sudo|su|mkfifo|socat|cp|mv|tar|bsdtar|zip|unzip|gzip|uniq|wc|which|whereis|hostname|column|rev|printf|eval|exec|alias|systemctl|chroot|dd|uptime|tr|tee|vi|vim|nano|getent|openssl|gcc|c89|c99|cc|gdb|strace|ltrace|rmt[\w-]*|flock|cpulimit|perf|nmap|busybox|lwp-download|lynx|cd|mkdir|rmdir|readlink|basename|dirname|md5sum|sha1sum|sha256sum|zcat|bzip2|xz|7z|ansible[\w-]*|chef-[\w-]+|visudo|cscli|lastlog|lastlogin|aptitude|apt-get|htop|trap|jjs|jrunscript|tclsh|expect|screen|tmux|sqlite3|mysql|psql|taskset|ionice|stdbuf|unshare|nsenter|capsh|iptables|tcpdump|whois|traceroute)['"]?([\s;&|<>\x60)'"]|$)|[;&|\x60]['"\\]?(cat|tac|nl|set|who|w|last|time|more|less|head|tail|find|sort|file|kill|touch|diff|cut|host|stat|ip|ln|dir|make|source|export|history|fetch|timeout|nice|git|java|docker|aws|ss|strings|mount)['"]?(\s|$|;)|(^|[;&|])\s*(time|strace|ltrace|nohup|sudo|env|nice|timeout|watch|stdbuf|ionice|\\)\s*(ls|id|whoami|uname|pwd|wget|curl|nc|ncat|netcat|bash|sh|zsh|ksh|csh|tcsh|dash|python[0-9.]*|perl|ruby|irb|php[0-9]*|node|lua|chmod|chown|rm|echo|ping|nslookup|dig|telnet|ssh|scp|tftp|env|printenv|ps|killall|pkill|nohup|grep|egrep|awk|gawk|sed|xargs|base64|xxd|od|hexdump|ifconfig|netstat|crontab|useradd|usermod|passwd|sudo|su|mkfifo|socat|cp|mv|tar|bsdtar|zip|unzip|gzip|uniq|wc|which|whereis|hostname|column|rev|printf|eval|exec|alias|systemctl|chroot|dd|uptime|tr|tee|vi|vim|nano|getent|openssl|gcc|c89|c99|cc|gdb|strace|ltrace|rmt[\w-]*|flock|cpulimit|perf|nmap|busybox|lwp-download|lynx|cd|mkdir|rmdir|readlink|basename|dirname|md5sum|sha1sum|sha256sum|zcat|bzip2|xz|7z|ansible[\w-]*|chef-[\w-]+|visudo|cscli|lastlog|lastlogin|aptitude|apt-get|htop|trap|jjs|jrunscript|tclsh|expect|screen|tmux|sqlite3|mysql|psql|taskset|ionice|stdbuf|unshare|nsenter|capsh|iptables|tcpdump|whois|traceroute)\b|^\s*['"]?(ansible[\w-]*|chef-[\w-]+|visudo|cscli|python[23][\d.]*|busybox|perf|bsdtar|aa-[\w-]+|whoami|ifconfig|uname|ncat|netcat|nslookup|bash|zsh|ksh|tcsh|useradd|usermod|crontab|mkfifo|socat|strace|ltrace|nmap|lastlog|aptitude|apt-get|systemctl|iptables|tcpdump)['"]?(\s|;|$)|^\s*(curl|wget|nc)\s+(-|https?:|ftp:)|\b(bash|sh|zsh|ksh|csh|dash|busybox)(\$\w+|\$\{\w*\})?\s+-c\b|\b(python[0-9.]*|perl|ruby|php|node)\s+-[ecr]\s|-wrapper\s+sh,|(^|[\s;&|'"=])/(usr/)?(local/)?s?bin/[a-z]|(^|[\s;&|'"=])s?bin/(ansible|chef|cscli|visudo|[a-z]*sh)\b|[;&|\x60\n]\s*(cat|tac|nl)(\s*<|\s+(-\w+\s+)*['"]?[/~.$\\])|[;&|\x60\n]\s*(cat|tac)\s*$|[;&|\x60\n]\s*sleep\s+\d+(\.\d+)?[smhd]?\s*($|[;&|\x60])|\balias\s+([-+]?\w[\w+]*\s+)*['"]?[\w.+-]+['"]?=|>\s*/(dev/(tcp|udp)|tmp)/|\b(nc|ncat|netcat)\b[\s\S]*\s-[elp]\s|\$\{?(shell|ifs|bash)\b`

expansion_pattern := `\$\(\s*[a-z/(]|\$\(\(|\$\{\s*[a-z_]+\s*\}|\$\{[^}]*[#%][^}]*\}|\$\[[^\]]*\]|[<>]\(\s*[a-z]|/[\w.-]*\[[^\]\s]{1,20}\][\w/]|\{(,|[a-z][\w./-]*,)[\w./,-]*\}|^~[+-]?\d*\s*$|(^|[;&|\s])!-\d`

windows_pattern := `\bcmd(\.exe)?\s*/[ckr]\b|\bpowershell(\.exe)?\b|\bpwsh\b|\binvoke-(webrequest|expression|item|command|restmethod|wmimethod)\b|\biex\s*\(|[;&|]\s*(iwr|iwmi|iex|irm|wmic|certutil|bitsadmin|mshta|regsvr32|rundll32|regedit|bcdboot|schtasks|netsh|taskkill|tasklist|systeminfo|ipconfig|xcopy|wscript|cscript|msiexec|vssadmin|bcdedit|cacls|icacls|attrib)(\.exe)?\b|\bfor\s*/[dflr]\b|\bfor\s+%+[^\s]+\s+in\s*\(|\bif(\s*/i)?(\s+not)?\s*(exist|defined|errorlevel|cmdextversion)\b|\bif(\s*/i)?(\s+not)?[\s(][^\n]*?\b(geq|equ|neq|leq|gtr|lss)\b|\bif(\s*/i)?(\s+not)?\s+[^\s(][^\n]*?==+\s*[^\s:]+\s+[@a-z(.]|\bif(\s*/i)?(\s+not)?[\s(][^\n]*?%[\w~:!-]*%?[^\n]*==|\bif\s*/i\b|\b(net\s+(user|localgroup|share|use)|reg\s+(add|query|delete|export)|wmic\s+\w+)\b|%(comspec|systemroot|windir|programfiles|temp)%`

shellshock_pattern := `\(\s*\)\s*\{`

patterns := {
	"rce-001": unix_pattern,
	"rce-002": windows_pattern,
	"rce-003": shellshock_pattern,
	"rce-004": expansion_pattern,
}

# METADATA
# description: rce-001..004, Unix and Windows commands, Shellshock, shell expansion and glob evasion.
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.gated, patterns)
	some t in targets.located([e.value | some e in hits])
}
