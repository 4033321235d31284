# METADATA
# title: Cross-site scripting
# description: libinjection's HTML5 tokenizer, plus one combined regex for script-bearing tags, event handlers and script URLs.
package lambda_firewall.injection.xss

import data.lambda_firewall.targets

rules := {
	"xss-001": {"category": "xss", "severity": "critical", "paranoia": 1, "message": "Cross-site scripting (libinjection)"},
	"xss-002": {"category": "xss", "severity": "critical", "paranoia": 1, "message": "Script tag, event handler or script URL"},
	"xss-003": {"category": "xss", "severity": "high", "paranoia": 2, "message": "Script-like call or HTML tag"},
}

pl1_pattern := concat("|", [
	`<\s*/?\s*(script|iframe|frame|frameset|object|embed|applet|svg|math|base|meta|isindex|xss|vmlframe|xml:namespace)\b`,
	`<[^>]*\bon[a-z]{3,}\s*=`,
	`\b(javascript|vbscript|livescript|mocha)\s*:`,
	`\bdata\s*:\s*(text/html|image/svg|application/(x-)?javascript)`,
	`\bexpression\s*\(`,
	`-moz-binding|\bsrcdoc\s*=|\bformaction\s*=|\bbehavior\s*:`,
	`\bdocument\s*\.\s*(cookie|domain|write)|\bwindow\s*\.\s*location|\bfromcharcode\b|\bstring\.fromcharcode`,
	`<!\[cdata\[|<!entity|<!doctype\s+[^>]*\[`,
])

pl2_pattern := concat("|", [
	`\b(alert|prompt|confirm|eval)\s*[(\x60]`,
	`<\s*(img|style|link|form|input|body|video|audio|details|marquee|a)\b[^>]*\b(src|href|style|action)\s*=`,
	`\bon[a-z]{3,}\s*=`,
])

# METADATA
# description: xss-001, libinjection reports cross-site scripting.
findings contains targets.finding(rules, "xss-001", t.path) if {
	some t in targets.strings
	lambda_firewall.xss(t.norm)
}

# METADATA
# description: xss-002, script tags, inline event handlers and script URLs.
findings contains targets.finding(rules, "xss-002", t.path) if {
	some t in targets.strings
	regex.match(pl1_pattern, t.norm)
}

# METADATA
# description: xss-003, script-like calls and attribute-bearing tags (paranoia 2).
findings contains targets.finding(rules, "xss-003", t.path) if {
	some t in targets.strings
	regex.match(pl2_pattern, t.norm)
}
