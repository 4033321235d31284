package policy

import (
	"regexp"
	"strings"
)

// The value detectors of lambda_firewall.pii. Their regular expressions are
// those of the PII pack as it was written in Rego (rules/default/
// lambda_firewall/pii), compiled once. Before a regular expression runs, a
// cheap test on the bytes of the string (piiStats and the has* functions)
// rules out the strings it cannot match: each test is a necessary condition
// of a match, so it changes no result.

// piiDetector is a bit of the set of enabled value detectors.
type piiDetector uint16

const (
	detCard piiDetector = 1 << iota
	detSSN
	detIBAN
	detEmail
	detPhone
	detAWSAccessKey
	detAWSSecretKey
	detJWT
	detBearer
)

// piiDetectorNames maps the detector names of the pii config to their bits.
var piiDetectorNames = map[string]piiDetector{
	"card":           detCard,
	"ssn":            detSSN,
	"iban":           detIBAN,
	"email":          detEmail,
	"phone":          detPhone,
	"aws_access_key": detAWSAccessKey,
	"aws_secret_key": detAWSSecretKey,
	"jwt":            detJWT,
	"bearer":         detBearer,
}

// Regular expressions of the detectors emitting one candidate per distinct
// valid match (the match is the mask pattern).
const (
	cardCandidatePattern = `\b\d(?:[ -]?\d){12,18}\b`
	cardIINPattern       = `^(4|5[1-5]|2[2-7]|3[47]|3[0689]|6011|64[4-9]|65|35|62)`
	cardLayoutPattern    = `^(\d{13,19}|\d{4}([ -])\d{4}([ -])\d{4}([ -])\d{1,7}|\d{4}([ -])\d{6}([ -])\d{4,5}|\d{4}([ -])\d{4}([ -])\d{4}([ -])\d{4}([ -])\d{1,3})$`
	ssnPattern           = `\b\d{3}-\d{2}-\d{4}\b`
	ibanPattern          = `\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b`
)

// Regular expressions of the detectors whose mask pattern is the regular
// expression itself.
const (
	emailPattern        = `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`
	phonePattern        = `\+\d{1,3}[ .-]?\(?\d{1,4}\)?([ .-]?\d{2,4}){2,4}\b|\(\d{3}\) ?\d{3}-\d{4}\b|\b\d{3}[.-]\d{3}[.-]\d{4}\b`
	awsAccessKeyPattern = `\b(AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b`
	jwtPattern          = `eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{10,}`
	bearerPattern       = `[Bb]earer\s+[A-Za-z0-9._~+/-]{16,}=*`
)

// The AWS secret access key: in free text after "aws ... secret ... =" (the
// mask pattern is then awsSecretMaskPattern), or as the whole value of a key
// matching awsSecretKeyName (no mask pattern).
const (
	awsSecretTextPattern = `(?i)aws.{0,20}secret.{0,20}[=:]\s*["']?[A-Za-z0-9/+]{40}\b`
	awsSecretMaskPattern = `[A-Za-z0-9/+]{40}`
	awsSecretKeyName     = `(?i)secret|aws.?key`
)

var (
	cardCandidateRe = regexp.MustCompile(cardCandidatePattern)
	cardIINRe       = regexp.MustCompile(cardIINPattern)
	cardLayoutRe    = regexp.MustCompile(cardLayoutPattern)
	ssnRe           = regexp.MustCompile(ssnPattern)
	ibanRe          = regexp.MustCompile(ibanPattern)
	emailRe         = regexp.MustCompile(emailPattern)
	phoneRe         = regexp.MustCompile(phonePattern)
	awsAccessKeyRe  = regexp.MustCompile(awsAccessKeyPattern)
	jwtRe           = regexp.MustCompile(jwtPattern)
	bearerRe        = regexp.MustCompile(bearerPattern)
	awsSecretTextRe = regexp.MustCompile(awsSecretTextPattern)
	awsSecretKeyRe  = regexp.MustCompile(awsSecretKeyName)
)

// findNMatches is the n of regex.find_n(pattern, value, n) in the Rego pack:
// only the first matches of a string are considered.
const findNMatches = 10

// piiStats are byte counts of a string, gathered in one pass, from which the
// detectors decide whether their regular expression can match.
type piiStats struct {
	// digitRun is the largest number of ASCII digits in a run where
	// consecutive digits are separated by at most one space or dash (what
	// the card and SSN patterns match).
	digitRun int
	digits   int
	// phoneRun: some run of digits separated by at most one dot or dash
	// holds 10 digits and 2 separators (\d{3}[.-]\d{3}[.-]\d{4}).
	phoneRun bool
	at       bool // '@'
	plus     bool // '+'
	lparen   bool // '('
	dash     bool // '-'
	assign   bool // '=' or ':'
}

// Byte classes of statsOf.
const (
	bOther = iota
	bDigit
	bSpace
	bDash
	bDot
	bAt
	bPlus
	bLParen
	bAssign
)

var piiByteClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = bDigit
	}
	t[' '], t['-'], t['.'], t['@'], t['+'], t['('], t['='], t[':'] = bSpace, bDash, bDot, bAt, bPlus, bLParen, bAssign, bAssign
	return t
}()

func statsOf(s string) piiStats {
	var st piiStats
	// The card run (space, dash) and the phone run (dot, dash): digits,
	// and whether the last byte was a separator after a digit (sep) or a
	// digit (dig).
	cardRun, phoneDigits, phoneSeps := 0, 0, 0
	cardSep, phoneSep, dig := false, false, false
	for i := 0; i < len(s); i++ {
		switch piiByteClass[s[i]] {
		case bDigit:
			if !dig && !cardSep {
				cardRun = 0
			}
			if !dig && !phoneSep {
				phoneDigits, phoneSeps = 0, 0
			}
			cardRun++
			phoneDigits++
			st.digitRun = max(st.digitRun, cardRun)
			if phoneDigits >= 10 && phoneSeps >= 2 {
				st.phoneRun = true
			}
			st.digits++
			dig, cardSep, phoneSep = true, false, false
			continue
		case bSpace:
			cardSep, phoneSep = dig, false
		case bDash:
			st.dash = true
			cardSep, phoneSep = dig, dig
			if dig {
				phoneSeps++
			}
		case bDot:
			cardSep, phoneSep = false, dig
			if dig {
				phoneSeps++
			}
		case bAt:
			st.at = true
			cardSep, phoneSep = false, false
		case bPlus:
			st.plus = true
			cardSep, phoneSep = false, false
		case bLParen:
			st.lparen = true
			cardSep, phoneSep = false, false
		case bAssign:
			st.assign = true
			cardSep, phoneSep = false, false
		default:
			cardSep, phoneSep = false, false
		}
		dig = false
	}
	return st
}

// validCard reports whether a card candidate has a card layout, a known
// issuer prefix and a valid Luhn check digit.
func validCard(c string) bool {
	return cardLayoutRe.MatchString(c) && cardIINRe.MatchString(c) && Luhn(c)
}

// validSSN reports whether an SSN candidate (ddd-dd-dddd) is not one of the
// numbers never issued: area 000, 666 or 9xx, group 00, serial 0000.
func validSSN(c string) bool {
	if len(c) != 11 {
		return false
	}
	area, group, serial := c[0:3], c[4:6], c[7:11]
	return area != "000" && area != "666" && area[0] != '9' && group != "00" && serial != "0000"
}

// hasIBANStart reports whether s holds two upper-case letters followed by
// two digits, where every IBAN match starts.
func hasIBANStart(s string) bool {
	for i := 0; i+3 < len(s); i++ {
		if isUpper(s[i]) && isUpper(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) {
			return true
		}
	}
	return false
}

// hasAWSKeyPrefix reports whether s holds one of the prefixes of AWS access
// key ids followed by at least 16 bytes.
func hasAWSKeyPrefix(s string) bool {
	for i := 0; i+20 <= len(s); i++ {
		j := strings.IndexByte(s[i:len(s)-19], 'A')
		if j < 0 {
			return false
		}
		i += j
		switch s[i+1 : i+4] {
		case "KIA", "SIA", "GPA", "IDA", "ROA", "NPA", "NVA", "IPA":
			return true
		}
	}
	return false
}

// hasAWSFold reports whether s holds "aws" in any case, as (?i)aws matches
// it: s also folds to U+017F (long s, UTF-8 C5 BF).
func hasAWSFold(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if s[i]|0x20 != 'a' || s[i+1]|0x20 != 'w' {
			continue
		}
		if s[i+2]|0x20 == 's' || i+4 <= len(s) && s[i+2] == 0xC5 && s[i+3] == 0xBF {
			return true
		}
	}
	return false
}

// isSecretValue reports whether s matches ^[A-Za-z0-9/+]{40}$.
func isSecretValue(s string) bool {
	if len(s) != 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isUpper(c) || c >= 'a' && c <= 'z' || isDigit(c) || c == '/' || c == '+') {
			return false
		}
	}
	return true
}

// awsSecretTextMin is the fewest bytes a match of awsSecretTextPattern holds:
// "aws", "secret", "=" and 40 key characters.
const awsSecretTextMin = 3 + 6 + 1 + 40

// piiPatternDetector is a detector whose mask pattern is its regular expression.
type piiPatternDetector struct {
	bit     piiDetector
	id      string
	pattern string
	re      *regexp.Regexp
	// may reports whether the regular expression can match s.
	may func(s string, st piiStats) bool
}

// piiPatternDetectors run in this order (the output is sorted anyway).
var piiPatternDetectors = []piiPatternDetector{
	{detEmail, "pii-email", emailPattern, emailRe,
		func(_ string, st piiStats) bool { return st.at }},
	{detPhone, "pii-phone", phonePattern, phoneRe,
		// "+" and 6 digits, "(" and 10 digits, or ddd[.-]ddd[.-]dddd.
		func(_ string, st piiStats) bool {
			return st.plus && st.digits >= 6 || st.lparen && st.digits >= 10 || st.phoneRun
		}},
	{detAWSAccessKey, "pii-aws-access-key", awsAccessKeyPattern, awsAccessKeyRe,
		func(s string, _ piiStats) bool { return hasAWSKeyPrefix(s) }},
	{detJWT, "pii-jwt", jwtPattern, jwtRe,
		func(s string, _ piiStats) bool { return strings.Contains(s, "eyJ") }},
	{detBearer, "pii-bearer", bearerPattern, bearerRe,
		func(s string, _ piiStats) bool { return strings.Contains(s, "earer") }},
	{detAWSSecretKey, "pii-aws-secret-key", awsSecretMaskPattern, awsSecretTextRe,
		func(s string, st piiStats) bool {
			return len(s) >= awsSecretTextMin && st.assign && hasAWSFold(s)
		}},
}

// piiMatchDetector is a detector emitting one candidate per distinct valid
// match among the first findNMatches matches.
type piiMatchDetector struct {
	bit      piiDetector
	id       string
	strategy string
	re       *regexp.Regexp
	may      func(s string, st piiStats) bool
	valid    func(string) bool
}

var piiMatchDetectors = []piiMatchDetector{
	{detCard, "pii-card", strategyLast4, cardCandidateRe,
		func(_ string, st piiStats) bool { return st.digitRun >= 13 }, validCard},
	{detSSN, "pii-ssn", strategyFull, ssnRe,
		func(_ string, st piiStats) bool { return st.digitRun >= 9 && st.dash }, validSSN},
	{detIBAN, "pii-iban", strategyLast4, ibanRe,
		func(s string, _ piiStats) bool { return hasIBANStart(s) }, IBAN},
}

// Mask strategies.
const (
	strategyFull  = "full"
	strategyLast4 = "last4"
)

// detectValues runs the enabled value detectors over s and calls emit for
// each candidate (detector id, strategy, mask pattern).
func detectValues(s string, enabled piiDetector, emit func(id, strategy, pattern string)) {
	if s == "" || enabled == 0 {
		return
	}
	st := statsOf(s)
	for i := range piiMatchDetectors {
		d := &piiMatchDetectors[i]
		if enabled&d.bit == 0 || !d.may(s, st) {
			continue
		}
		for _, c := range d.re.FindAllString(s, findNMatches) {
			if d.valid(c) {
				emit(d.id, d.strategy, c)
			}
		}
	}
	for i := range piiPatternDetectors {
		d := &piiPatternDetectors[i]
		if enabled&d.bit == 0 || !d.may(s, st) {
			continue
		}
		if d.re.MatchString(s) {
			emit(d.id, strategyFull, d.pattern)
		}
	}
}
