package policy

// Luhn reports whether s, once spaces and dashes are removed, is 13 to 19
// decimal digits passing the Luhn check (payment card numbers). It backs the
// lambda_firewall.luhn builtin.
func Luhn(s string) bool {
	digits := make([]byte, 0, 19)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-':
			continue
		case c >= '0' && c <= '9':
			if len(digits) == 19 {
				return false
			}
			digits = append(digits, c-'0')
		default:
			return false
		}
	}
	if len(digits) < 13 {
		return false
	}
	sum := 0
	for i := range digits {
		d := int(digits[len(digits)-1-i])
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// Limits of an IBAN (ISO 13616), spaces excluded.
const (
	ibanMinLen = 15
	ibanMaxLen = 34
)

// IBAN reports whether s, once spaces are removed, is an IBAN: two letters
// (country), two check digits, then letters and digits, 15 to 34 characters
// in all, with valid ISO 13616 mod-97 check digits. Lower-case letters are
// accepted. It backs the lambda_firewall.iban builtin.
func IBAN(s string) bool {
	buf := make([]byte, 0, ibanMaxLen)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return false
		}
		if len(buf) == ibanMaxLen {
			return false
		}
		buf = append(buf, c)
	}
	if len(buf) < ibanMinLen || !isUpper(buf[0]) || !isUpper(buf[1]) || !isDigit(buf[2]) || !isDigit(buf[3]) {
		return false
	}
	// Move the first four characters to the end, read letters as 10..35,
	// and compute the remainder modulo 97 digit by digit.
	rem := 0
	for i := range buf {
		c := buf[(i+4)%len(buf)]
		if isDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
			continue
		}
		rem = (rem*100 + int(c-'A') + 10) % 97
	}
	return rem == 1
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
