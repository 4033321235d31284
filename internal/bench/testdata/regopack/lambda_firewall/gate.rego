# Inspection gate (part of package lambda_firewall.targets, documented in targets.rego).
#
# suspicious_values, the distinct inspected strings worth the regex rules: those with a
# character or word some regex rule needs. Plain words, names with apostrophes, numbers,
# dates, e-mail addresses and most keys are skipped (libinjection still sees every value),
# which keeps the large per-pack patterns off most of an ordinary event. A custom rule
# whose pattern can match plain words must use values, not suspicious_values.
package lambda_firewall.targets

suspicious_values contains v if {
	some v, n in norms
	suspicious(n)
}

# suspicious(n): a cheap character test first, then whole words and word prefixes/suffixes
# by set operations (one builtin call each, instead of a large keyword regex).
suspicious(n) if {
	regex.match(gate_chars, n)
} else if {
	words := {w | some w in regex.split(`[^a-z0-9_-]+`, n)}
	suspicious_words(words)
} else := false

suspicious_words(words) if count(words & gate_words) > 0

suspicious_words(words) if strings.any_prefix_match(words, gate_prefixes)

suspicious_words(words) if strings.any_suffix_match(words, gate_suffixes)

gate_chars := concat("|", [
	`[<>"\x60;|&$(){}\[\]\\#*!~^=%?\x{ff1c}\x{ff1e}\x00]|\.\.|__|--|::|@@|@(java|ognl)|[a-z]\s*:|/[a-z._~-]`,
	`\d\.e|0x[0-9a-f]|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|\d{10}|e-308`,
])

gate_words := {
	"union", "select", "sleep", "benchmark", "waitfor", "tempdb", "msdb", "northwind", "sysibm", "syscat", "sysobjects",
	"syscolumns", "mysql", "sqlite", "information_schema", "schema_name", "outfile", "dumpfile", "declare", "exec",
	"ifconfig", "visudo", "cscli", "busybox", "perf", "whoami", "uname", "nohup", "strace", "ltrace", "bsdtar",
	"aptitude", "lastlog", "htop", "sh", "bash", "zsh", "ksh", "csh", "tcsh", "dash", "powershell", "pwsh", "iex",
	"iwr", "wmic", "certutil", "wrapper", "exist", "defined", "errorlevel", "cmdextversion",
	"passwd", "shadow", "ini", "config", "sql", "bak", "dump",
	"jndi", "java", "javax", "jdk", "sun", "groovy", "bsh", "processbuilder", "classloader", "templatesimpl", "lazymap",
	"objectinputstream", "xmldecoder", "aced0005", "apache", "opensymphony", "xwork2", "fastjson", "omg", "corba",
	"springframework", "codehaus", "mozilla", "hibernate", "jboss", "jetty", "mchange", "xstream", "jackson", "ognl",
	"process", "module", "constructor", "prototype", "proto", "console", "window", "document", "cookie",
	"localdomain", "loopback", "internal", "kubernetes", "docker", "containers", "metadata", "instance-data", "localtest", "lvh", "jsp", "jspx", "jspf",
	"javascript", "vbscript", "livescript", "mocha", "python",
}

gate_prefixes := {
	"pg_", "xp_", "sp_", "msys", "aa-", "ansible", "chef-", "python", "ro0ab", "xyqk", "d2hpbguo", "kztaau", "invoke-",
	"sess_", "localhost", "adw-", "union", "select",
}

gate_suffixes := {"transformer", "schema", "select", "union", "localhost", "loopback", "selectfrom"}
