# METADATA
# title: SQL injection
# description: |
#   libinjection's SQL tokenizer over every normalised target, plus one combined
#   regex for constructs it does not fingerprint (time-based probes, catalogue tables,
#   stacked queries, tautologies after a quote).
package lambda_firewall.injection.sqli

import data.lambda_firewall.targets

rules := {
	"sqli-001": {"category": "sqli", "severity": "critical", "paranoia": 1, "message": "SQL injection (libinjection fingerprint)"},
	"sqli-002": {"category": "sqli", "severity": "critical", "paranoia": 1, "message": "SQL injection keyword sequence"},
	"sqli-003": {"category": "sqli", "severity": "high", "paranoia": 2, "message": "SQL statement fragment"},
}

pl1_pattern := concat("|", [
	`\bunion\b[\s\S]{0,40}?\bselect\b`,
	`\b(sleep|benchmark|pg_sleep|dbms_pipe\.receive_message|dbms_lock\.sleep)\s*\(`,
	`\bwaitfor\s+(delay|time)\s+['"\d]`,
	`\b(information_schema|sysobjects|syscolumns|sysusers|mysql\.user|pg_catalog|pg_shadow|sqlite_master|xp_cmdshell|sp_executesql|sp_oacreate|load_file|utl_http|utl_inaddr)\b`,
	`\binto\s+(out|dump)file\b`,
	`['"\x60)]\s*(or|and|xor|\|\||&&|div)\s+['"(]?[\w@]+['"]?\s*(=|<|>|!=|<>|like\b|rlike\b|regexp\b|is\b|between\b)`,
	`['"]\s*;\s*(drop|delete|insert|update|select|shutdown|exec|execute|declare|truncate|alter|create)\b`,
	`;\s*(drop|truncate|alter)\s+(table|database|schema)\b`,
	`@@(version|datadir|hostname|basedir)\b`,
	`\b(group_concat|concat_ws|extractvalue|updatexml)\s*\(`,
	`/\*!\d*`,
])

pl2_pattern := concat("|", [
	`\bselect\b[\s\S]{1,100}?\bfrom\b`,
	`\b(insert\s+into|delete\s+from|drop\s+table|update\s+\w+\s+set)\b`,
	`\bchar\s*\(\s*\d+\s*[,)]`,
])

# METADATA
# description: sqli-001, libinjection reports an SQL injection fingerprint.
findings contains targets.finding(rules, "sqli-001", t.path) if {
	some t in targets.strings
	lambda_firewall.sqli(t.norm)
}

# METADATA
# description: sqli-002, SQL keyword sequences that libinjection does not fingerprint.
findings contains targets.finding(rules, "sqli-002", t.path) if {
	some t in targets.strings
	regex.match(pl1_pattern, t.norm)
}

# METADATA
# description: sqli-003, plain SQL statements (paranoia 2, prose triggers it too).
findings contains targets.finding(rules, "sqli-003", t.path) if {
	some t in targets.strings
	regex.match(pl2_pattern, t.norm)
}
