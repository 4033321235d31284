# METADATA
# title: PHP injection
# description: PHP open tags, stream wrappers, dangerous functions called with "(", superglobals, ini directives, variable function calls and serialized objects.
package lambda_firewall.injection.php

import data.lambda_firewall.targets

rules := {
	"php-001": {"category": "php", "severity": "critical", "paranoia": 1, "message": "PHP open tag or stream wrapper"},
	"php-002": {"category": "php", "severity": "critical", "paranoia": 1, "message": "Dangerous PHP function call"},
	"php-003": {"category": "php", "severity": "high", "paranoia": 1, "message": "PHP superglobal, variable function or configuration directive"},
	"php-004": {"category": "php", "severity": "critical", "paranoia": 1, "message": "Serialized PHP object"},
	"php-005": {"category": "php", "severity": "high", "paranoia": 1, "message": "PHP script or session file upload"},
}

tag_pattern := `<\?(php|=|\s|$)|\b(php|phar|zlib|glob|expect|compress\.zlib|compress\.bzip2|rar|ogg|zip|ssh2\.\w+)://`

call_gap := `(\s*(/\*[\s\S]*?\*/|#[^\n]*\n|//[^\n]*\n)\s*)*`

function_pattern := concat("|", [
	concat("", [`\b(shell_exec|passthru|popen|proc_open|proc_\w+|pcntl_exec|base64_decode|base64_encode|gzinflate|gzuncompress|gzdecode|str_rot13|file_get_contents|file_put_contents|fopen|fwrite|fputs|readfile|preg_replace|create_function|call_user_func(_array)?|phpinfo|posix_\w+|ini_set|ini_get|ini_restore|putenv|getenv|unserialize|highlight_file|show_source|assert_options|fsockopen|pfsockopen|move_uploaded_file|escapeshellcmd|escapeshellarg|symlink|curl_exec|curl_init|array_map|array_filter|array_walk|usort|uksort|register_shutdown_function|register_tick_function|get_defined_vars|get_defined_functions|scandir|opendir|readdir|glob|unlink|chmod|chown|chgrp|tempnam|tmpfile|mb_ereg_replace|iptcembed|stream_socket_client|hex2bin|chr|ord|gzopen|bzopen|var_dump|print_r|var_export|dl|filter_var|func_get_args|get_cfg_var|getcwd|php_uname|phpversion|mysql_query|mysqli_query|parse_str|extract|serialize|debug_zval_dump|settype|set_error_handler|set_exception_handler|spl_autoload_register)`, call_gap, `\(`]),
	`\b(eval|assert|system|exec|passthru|include|include_once|require|require_once)(/\*[\s\S]*?\*/|#[^\n]*\n|//[^\n]*\n)*\(\s*['"$\x60(]`,
	`\b(eval|assert|system|exec|passthru)\s*\(\s*\$`,
	`\((\s*['"]?[a-z_.]+['"]?\s*(\.\s*)?)+\)\s*\(\s*['"$]`,
	`\b(eval|assert|system|exec)(/\*[\s\S]*?\*/)+\(`,
])

variable_pattern := concat("|", [
	`\$_(get|post|cookie|request|server|env|files|session)\b|\$globals\b|\$http_raw_post_data\b|\$http_(get|post|cookie|server|env)_vars\b`,
	`\$\$?[a-z_][\w]*\s*(\[[^\]]*\]|\{[^}]*\}|\s)*\(\s*[\w'"$]*\s*\)`,
	`\$\s*\{\s*['"][\w]*['"]\s*\}`,
	`\b(allow_url_include|allow_url_fopen|auto_prepend_file|auto_append_file|disable_functions|open_basedir|safe_mode|register_globals|magic_quotes_gpc|display_errors|error_log|sendmail_path|suhosin\.[\w.]+|opcache\.[\w.]+|session\.[\w.]+|zend\.[\w.]+|assert\.[\w.]+|mail\.[\w.]+|pcre\.[\w.]+|output_handler|user_ini\.[\w.]+|file_uploads|upload_tmp_dir|memory_limit|max_execution_time|cgi\.[\w.]+|expose_php|enable_dl)\s*=`,
])

serialized_pattern := `(^|[;{\s])[oc]:\d+:"[\w\\]+":\d+:\{|(^|[;{\s])a:\d+:\{(s|i|o|a|b|d):`

upload_headers := {"x-filename", "x_filename", "x-file-name", "x.filename", "x-file"}

# METADATA
# description: php-001, PHP open tags and stream wrappers (php://, phar://, zlib:// ...).
findings contains targets.finding(rules, "php-001", t.path) if {
	some t in targets.strings
	regex.match(tag_pattern, t.norm)
}

# METADATA
# description: php-002, dangerous PHP functions followed by an opening parenthesis, comments allowed between.
findings contains targets.finding(rules, "php-002", t.path) if {
	some t in targets.strings
	regex.match(function_pattern, t.norm)
}

# METADATA
# description: php-003, superglobals, variable function calls and php.ini directives.
findings contains targets.finding(rules, "php-003", t.path) if {
	some t in targets.strings
	regex.match(variable_pattern, t.norm)
}

# METADATA
# description: php-004, PHP serialized objects (object injection).
findings contains targets.finding(rules, "php-004", t.path) if {
	some t in targets.strings
	regex.match(serialized_pattern, t.norm)
}

# METADATA
# description: php-005, PHP scripts and PHP session files named in an upload header.
findings contains targets.finding(rules, "php-005", t.path) if {
	some t in targets.strings
	t.kind == "header"
	t.path[2] in upload_headers
	regex.match(`\.(php\d?|phtml|phar|pht|phps|inc)[.\s]*$|(^|/)sess_[a-z0-9,-]+$`, t.norm)
}
