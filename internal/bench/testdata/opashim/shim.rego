# Stock-OPA stand-ins for lambda-firewall's custom builtins.
#
# Stock OPA has no lambda_firewall.* builtins. The benchmark of "OPA as a
# separate server" loads the default pack with `import data.lambda_firewall`
# added to the files that call them, so that the calls resolve to these Rego
# functions. They are cheaper approximations: normalize only lower-cases,
# sqli and xss are single regular expressions (no libinjection), iban checks
# the layout only (no mod-97). luhn is exact.
package lambda_firewall

normalize(s) := lower(s)

default sqli(_) := false

sqli(s) if regex.match(`(?i)(\bunion\b.{0,40}\bselect\b|'\s*or\s+'?\w+'?\s*=|;\s*(drop|delete|insert|update)\b|\bsleep\s*\(|/\*.*\*/)`, s)

default xss(_) := false

xss(s) if regex.match(`(?i)(<\s*script|javascript:|\bon[a-z]+\s*=|<\s*(iframe|img|svg)\b)`, s)

default iban(_) := false

iban(s) if regex.match(`^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$`, replace(s, " ", ""))

default luhn(_) := false

luhn(s) if {
	d := replace(replace(s, " ", ""), "-", "")
	regex.match(`^\d{13,19}$`, d)
	chars := split(d, "")
	n := count(chars)
	total := sum([v |
		some i, c in chars
		v := luhn_digit(to_number(c), (n - 1 - i) % 2)
	])
	total % 10 == 0
}

luhn_digit(x, 0) := x

luhn_digit(x, 1) := x * 2 if x < 5

luhn_digit(x, 1) := (x * 2) - 9 if x >= 5
