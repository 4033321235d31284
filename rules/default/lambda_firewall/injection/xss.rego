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

# gap allows whitespace and HTML entities between the letters of an obfuscated scheme.
gap := `(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*`

scheme_pattern := `(j(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*a(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*v(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*a|v(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*b|l(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*i(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*v(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*e)(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*s(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*c(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*r(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*i(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*p(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*t(?:\s|&[a-z]+;?|&#x?[0-9a-f]+;?|\\[tn0])*(:|&colon;)`

pl1_pattern := `[<\x{ff1c}]\s*/?\s*(\w*:)?(script|iframe|frame|frameset|object|embed|applet|svg|math|base|meta|isindex|xss|vmlframe|xml:namespace)\b|<\s*import|<[^\w<>]*(\w+:\s*)?(s\s*c\s*r\s*i\s*p\s*t|f\s+o\s*r\s*m|d\s*i\s*a\s*l\s*o\s*g|s\s+v\s*g|i\s*f\s*r\s*a\s*m\s*e|o\s*b\s*j\s*e\s*c\s*t|e\s*m\s*b\s*e\s*d|m\s*a\s*r\s*q\s*u\s*e\s*e)([^\w>]|>|$)|<[^>]*\bon[a-z]{3,}\s*=|(^|[\s"'\x60;/=(,0-9])on[a-z]{3,40}\s*(=[^=]|=$)|\b(javascript|vbscript|livescript|mocha)\s*:|\burl\s*\(\s*['"]?\s*(javascript|vbscript)|\bdata\s*:\s*(text/html|image/svg|application/(x-)?javascript)|\bdata\s*:[^,]{0,40},\s*<|\bexpression\s*\(|-moz-binding|\bsrcdoc\s*=|\bformaction\s*=|\bbehavior\s*:|<!--\s*#\s*(set|echo|exec|include|config)\b|\bdocument\s*(/\*[\s\S]*?\*/\s*)*\.\s*(/\*[\s\S]*?\*/\s*)*(cookie|domain|write|location|body|queryselector|createelement|getelementby)|\(\s*document\s*(/\*[\s\S]*?\*/\s*)*\)\s*\[|\b(self|window|top|parent|globalthis|frames|document)\s*(/\*[\s\S]*?\*/\s*)*\[\s*(/\*[\s\S]*?\*/\s*)*["'\x60]|\bwindow\s*\.\s*location|\bfromcharcode\b|\b(settimeout|setinterval|execscript|globaleval|importscripts)\s*\(|\b(alert|prompt|confirm|atob|btoa)\(|\.(call|apply|bind)\s*\x60|<!\[cdata\[|<!entity|!entity\s+%|<!doctype\s+[^>]*\[|<\w+:include\b|xmlns:xi\s*=|!+\[\]|\[\]\[\(|(\+|\s)adw-|\\x(c2\\x|d0\\x)?bc[\w/]`

pl2_pattern := `\b(alert|prompt|confirm|eval)\s*[(\x60]|<\s*(img|style|link|form|input|body|video|audio|details|marquee|a)\b[^>]*\b(src|href|style|action)\s*=`

patterns := {"xss-002": [pl1_pattern, scheme_pattern], "xss-003": pl2_pattern}

# METADATA
# description: xss-002 and xss-003, script tags, event handlers, script URLs (also obfuscated), script-like calls and attribute-bearing tags (xss-003 at paranoia 2).
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.gated, patterns)
	some t in targets.located([e.value | some e in hits])
}

# METADATA
# description: xss-001, libinjection reports cross-site scripting (every target, no gate).
findings contains targets.finding(rules, id, t.path) if {
	some id, hits in lambda_firewall.match(targets.scan.all, {"xss-001": {"detector": "xss"}})
	some t in targets.located([e.value | some e in hits])
}
