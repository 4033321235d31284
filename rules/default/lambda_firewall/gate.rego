# Inspection gate (part of package lambda_firewall.targets, documented in targets.rego).
#
# The gate selects the targets worth the regex rules (scan.gated): those whose normalised
# form has a character matched by gate_chars, or a word (run of [a-z0-9_-]) in gate_words,
# starting with one of gate_prefixes or ending with one of gate_suffixes. Plain words, names
# with apostrophes, numbers, dates, e-mail addresses and most keys are skipped (libinjection
# still sees every value). A custom rule whose pattern can match plain words must use
# matches_all (or scan.all), not matches.
package lambda_firewall.targets

gate_chars := `[<>"\x60;|&$(){}\[\]\\#*!~^=%?\x{ff1c}\x{ff1e}\x00]|\.\.|__|--|::|@@|@(java|ognl)|[a-z]\s*:|/[a-z._~-]|\d\.e|0x[0-9a-f]|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}|\d{10}|e-308`

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
