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

# pl1_pattern and pl2_pattern are literal constants (alternatives joined with "|"); the
# match builtin splits them at the top-level "|" and pre-filters each alternative by its literals.
pl1_pattern := `\bunion(\s|/\*[\s\S]*?\*/|\(|\ball\b|\bdistinct\b)*select\b|union\W{0,5}(all\W{0,5})?select|\b(sleep|benchmark|dbms_pipe\.receive_message|dbms_lock\.sleep)\s*\(|\bpg_sleep\b|\bwaitfor\s+(delay|time)\s+['"\d]|\b(information_schema|sysobjects|syscolumns|sysusers|mysql\.(user|db)|pg_catalog|pg_shadow|sqlite_master|xp_cmdshell|sp_executesql|sp_oacreate|load_file|utl_http|utl_inaddr|tempdb|msdb|northwind|msysaccessobjects|msysobjects|msysqueries|msysrelationships|schema_name|sysibm|syscat)\b|\binto\s+(out|dump)file\b|['"\x60)]\s*(or|and|xor|\|\||&&|div)\s+['"(]?[\w@]+['"]?\s*(=|<|>|!=|<>|like\b|rlike\b|regexp\b|is\b|between\b)|['"]\s*;\s*(drop|delete|insert|update|select|shutdown|exec|execute|declare|truncate|alter|create)\b|;\s*(drop(\s|/\*[\s\S]*?\*/)+(table|database|schema|view|user|procedure|function)\b|insert(\s|/\*[\s\S]*?\*/)+into\b|delete(\s|/\*[\s\S]*?\*/)+from\b|update\s+[\w\x60"\[\]]+\s+set\b|truncate\s*(table\b|\[|\x60)|replace(\s|/\*[\s\S]*?\*/)*[\w\x60"]*(\s|/\*[\s\S]*?\*/)*\(|create(\s|/\*[\s\S]*?\*/)+(table|database|function|procedure|user|view)\b|alter(\s|/\*[\s\S]*?\*/)+table\b|declare\s+@|rename\s+table)|\b(create|alter|drop)\s+(table|database|schema|function|procedure|view|trigger|user)\b|\bcharacter\s+set\b|\bexecute\s+immediate\b|\bprocedure\s+analyse\b|@@(version|datadir|hostname|basedir)\b|(^|[^.\w])(group_concat|concat_ws|extractvalue|updatexml|coalesce|compress|uncompress|xmltype|concat|cos|sin|pow|rand|rtrim|ltrim|unhex|ifnull|isnull|nullif|make_set|md5|sha1|name_const|sysdate|strcmp|substr|substring|substring_index|mid|find_in_set|starts_with|jsonb?_\w+|json_extract|unistr|lo_(import|export|get|put)|current_user|session_user|system_user|db_name|hex|ascii|char|nchar|elt|instr|locate|soundex|last_insert_id|row_count|found_rows)\s*\(|(^|[^.\w])(database|user|version|decode|encode|insert|trim)(\(|=\()|::\s*(int|integer|bool|boolean|jsonb?|text|varchar|regclass|oid|bigint)\b|'\s*(::\s*jsonb?\s*)?(<@|@>|\?\||\?&|#>>?|#-|->>?|@\?|@@)\s*'|\bor\s+'[^']*'\s*(::\s*jsonb?\s*)?(<@|@>|\?|->|#>|<|>)|'\s*::\s*jsonb?\s*(<|>|-|\|\||@|#)|'[\w-]*'\s*(!=|<>|=)\s*'[\w-]*|\)\s*like\s*\(|\bif\s*\(\s*\d+\s*=|\bselect\s+if\s*\(|\bhaving\s+[\x60"']?\w+[\x60"']?\s*(=|<|>)|(^|\s)(declare|exec)\s*(/\*[\s\S]*?\*/\s*)*[@(]|\bexec\s+master\.|\bdiv\s*\(\s*[\d.]+\s*,|\bas\s*["\x60]\s*\w*\s*["\x60]?\s*from\b|\x60\s*regexp\s|\bselect\s*(\*|\(|\w+\s*\()|\bselect\s*\*\s*/|/\*!\d*|@[\w-]+(\.[\w-]+)+['"\x60]\s*(/\*[\s\S]*?\*/)?\s*(;|--|#)|(^|[^\w.])\d+\.e[(.]|\b(4294967296|2\.2250738585072011e-308)\b|\[\s*\$(ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists)\s*\]`

pl2_pattern := `\bselect\b[\s\S]{1,100}?\bfrom\b|\b(insert\s+into|delete\s+from|drop\s+table|update\s+\w+\s+set)\b|\bchar\s*\(\s*\d+\s*[,)]`

patterns := {"sqli-002": pl1_pattern, "sqli-003": pl2_pattern}

# METADATA
# description: sqli-002 and sqli-003, SQL keyword sequences that libinjection does not fingerprint (sqli-003 at paranoia 2).
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.gated, patterns)
	some t in targets.located([e.value | some e in hits])
}

# METADATA
# description: sqli-001, libinjection reports an SQL injection fingerprint (every target, no gate).
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.all, {"sqli-001": {"detector": "sqli"}})
	some t in targets.located([e.value | some e in hits])
}
