package policy

import "testing"

func TestLuhn(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"4111111111111111", true},
		{"4111 1111 1111 1111", true},
		{"4111-1111-1111-1111", true},
		{"378282246310005", true},       // 15 digits (Amex)
		{"6011111111111117", true},      // Discover
		{"4222222222222", true},         // 13 digits
		{"4111111111111112", false},     // bad check digit
		{"411111111111", false},         // 12 digits
		{"41111111111111111111", false}, // 20 digits
		{"4111a11111111111", false},
		{"", false},
		{"0000000000000", true}, // all zeros is Luhn valid
		{"4111.1111.1111.1111", false},
	}
	for _, tt := range tests {
		if got := Luhn(tt.in); got != tt.want {
			t.Errorf("Luhn(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestIBAN(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"GB82WEST12345698765432", true},
		{"GB82 WEST 1234 5698 7654 32", true},
		{"gb82west12345698765432", true},
		{"DE89370400440532013000", true},
		{"NO9386011117947", true}, // 15 characters, the shortest
		{"LC55HEMM000100010012001200023015", true},
		{"GB83WEST12345698765432", false}, // bad check digits
		{"GB82WEST1234569876543", false},  // digit removed
		{"NO938601111794", false},         // 14 characters
		{"1B82WEST12345698765432", false}, // country not letters
		{"GBX2WEST12345698765432", false}, // check not digits
		{"GB82-WEST-1234-5698-7654-32", false},
		{"GB82WEST123456987654321234567890123", false}, // 35 characters
		{"", false},
	}
	for _, tt := range tests {
		if got := IBAN(tt.in); got != tt.want {
			t.Errorf("IBAN(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func FuzzLuhn(f *testing.F) {
	for _, s := range []string{"4111111111111111", "4111 1111-1111 1111", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Luhn(s)
		if got != Luhn(s) {
			t.Fatalf("Luhn(%q) not deterministic", s)
		}
		if !got {
			return
		}
		n := 0
		for _, c := range s {
			switch {
			case c >= '0' && c <= '9':
				n++
			case c == ' ' || c == '-':
			default:
				t.Fatalf("Luhn(%q) = true with character %q", s, c)
			}
		}
		if n < 13 || n > 19 {
			t.Fatalf("Luhn(%q) = true with %d digits", s, n)
		}
	})
}

func FuzzIBAN(f *testing.F) {
	for _, s := range []string{"GB82WEST12345698765432", "NO9386011117947", "", "GB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := IBAN(s)
		if got != IBAN(s) {
			t.Fatalf("IBAN(%q) not deterministic", s)
		}
		if !got {
			return
		}
		n := 0
		for _, c := range s {
			if c != ' ' {
				n++
			}
		}
		if n < ibanMinLen || n > ibanMaxLen {
			t.Fatalf("IBAN(%q) = true with %d characters", s, n)
		}
	})
}
