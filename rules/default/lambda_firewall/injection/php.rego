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

tag_pattern := `<\?(php|=|\s|$)|[\[{]\s*[\\/]?\s*php\s*[\]}]|\b(php|phar|zlib|glob|expect|compress\.zlib|compress\.bzip2|rar|ogg|zip|ssh2\.\w+)://`

call_gap := `\s*((/\*[\s\S]*?\*/|#[^(\n]*|//[^(\n]*)\s*)*`

function_pattern := `\b(shell_exec|passthru|popen|proc_open|proc_\w+|pcntl_exec|base64_decode|base64_encode|gzinflate|gzuncompress|gzdecode|str_rot13|file_get_contents|file_put_contents|fopen|fwrite|fputs|readfile|preg_replace|create_function|call_user_func(_array)?|phpinfo|posix_\w+|ini_set|ini_get|ini_restore|putenv|getenv|unserialize|highlight_file|show_source|assert_options|fsockopen|pfsockopen|move_uploaded_file|escapeshellcmd|escapeshellarg|symlink|curl_exec|curl_init|array_map|array_filter|array_walk|usort|uksort|register_shutdown_function|register_tick_function|get_defined_vars|get_defined_functions|scandir|opendir|readdir|glob|unlink|chmod|chown|chgrp|tempnam|tmpfile|mb_ereg_replace|iptcembed|stream_socket_client|hex2bin|chr|ord|gzopen|bzopen|var_dump|print_r|var_export|dl|filter_var|func_get_args|get_cfg_var|getcwd|php_uname|phpversion|mysql_query|mysqli_query|parse_str|extract|serialize|debug_zval_dump|settype|set_error_handler|set_exception_handler|spl_autoload_register)\s*((/\*[\s\S]*?\*/|#[^(\n]*|//[^(\n]*)\s*)*\(|\b(eval|assert|system|exec|passthru|include|include_once|require|require_once)(/\*[\s\S]*?\*/|#[^(\n]*|//[^(\n]*)*\(\s*['"$\x60(]|\b(eval|assert|system|exec|passthru)\s*\(\s*\$|\((\s*['"]?[a-z_.]+['"]?\s*(\.\s*)?)+\)\s*\(\s*['"$]|\(\s*(/\*[\s\S]*?\*/\s*)*[a-z_]+\s*\)\s*\(|\b(eval|assert|exec|file|fopen|filegroup|unpack|strrev|intval|is_array|strip_tags|file_exists|bzdecompress|zlib_decode|zlib_encode|gzdeflate|gzcompress|str_replace|preg_match|array_merge|implode|explode|json_decode|fread|fgets|fputcsv|fgetcsv|fileperms|fileowner|filemtime|is_file|is_dir|is_readable|is_writable|realpath|pathinfo|dirname|basename|stripslashes|addslashes|htmlspecialchars|urldecode|rawurldecode|uniqid|mt_rand|str_repeat|strtolower|strtoupper|ucfirst|ucwords|nl2br|number_format|in_array|array_keys|array_values|array_search|array_slice|array_splice|count_chars|str_pad|wordwrap|chunk_split|similar_text|levenshtein|soundex|metaphone|crc32|sha1_file|md5_file|hash_file|stream_get_contents|stream_context_create|ob_get_clean|ob_end_clean|func_get_arg|get_class|get_object_vars|method_exists|property_exists|class_exists|function_exists)\s*((/\*[\s\S]*?\*/|#[^(\n]*|//[^(\n]*)\s*)*\(|(call_user_func|fsockopen|gzdecode|gzinflate|shell_exec|zlib_decode)\s*=?\s*\(|\breturn\s*['"][a-z_]+['"]\s*\(`

variable_pattern := `\$_(get|post|cookie|request|server|env|files|session)\b|\$globals\b|\$http_raw_post_data\b|\$http_(get|post|cookie|server|env)_vars\b|\$+\s*(\{[^}]*\}|[a-z_][\w]*)(\s|/\*[\s\S]*?\*/|//[^(\n]*|#[^(\n]*|\[[^\]]*\]|->\w+)*\(\s*[\w'"$@!+\-\[\]\s]*\s*\)|\$\s*\{\s*(['"$]|[a-z_]+\s*\})|\b(allow_url_include|allow_url_fopen|auto_prepend_file|auto_append_file|disable_functions|open_basedir|safe_mode|register_globals|magic_quotes_gpc|display_errors|error_log|sendmail_path|suhosin\.[\w.]+|opcache\.[\w.]+|session\.[\w.]+|zend\.[\w.]+|assert\.[\w.]+|mail\.[\w.]+|pcre\.[\w.]+|mbstring\.[\w.]+|output_handler|user_ini\.[\w.]+|file_uploads|upload_tmp_dir|memory_limit|max_execution_time|cgi\.[\w.]+|expose_php|enable_dl|unserialize_max_depth|extension_dir)\s*=|^\s*(engine|extension|precision|smtp|smtp_port|serialize_precision|short_open_tag|include_path|doc_root|user_dir)\s*=`

serialized_pattern := `(^|[;{\s])[oc]:\d+:"[\w\\]+":\d+:\{|(^|[;{\s])a:\d+:\{(s|i|o|a|b|d):`

upload_headers := {"x-filename", "x_filename", "x-file-name", "x.filename", "x-file"}

upload_pattern := `\.\s*(php\d*|phtml|phar|pht|phpt|phps|inc)[\w.\s]*$|(^|[/\\])sess_[a-z0-9,-]+$`

multipart_pattern := `filename\s*=\s*"[^"]*(\.\s*(php\d*|phtml|phar|pht|phpt|phps)[\w.\s]*|[/\\]sess_[a-z0-9,-]+)"`

patterns := {
	"php-001": tag_pattern,
	"php-002": function_pattern,
	"php-003": variable_pattern,
	"php-004": serialized_pattern,
}

# METADATA
# description: php-001..004, open tags and wrappers, dangerous function calls, superglobals and ini directives, serialized objects.
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.gated, patterns)
	some t in targets.located([e.value | some e in hits])
}

# METADATA
# description: php-005, PHP scripts and PHP session files named in an upload header.
findings contains targets.finding(rules, "php-005", ["http", "headers", name]) if {
	input.phase == "event"
	some name, h in input.http.headers
	name in upload_headers
	regex.match(upload_pattern, lambda_firewall.normalize(h))
}

findings contains targets.finding(rules, "php-005", ["http", "body"]) if {
	some t in targets.scan.body
	regex.match(multipart_pattern, t.norm)
}
