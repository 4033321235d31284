package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// Mask strategies understood by the engine (policy.Mask.Strategy).
const (
	strategyFull  = "full"
	strategyLast4 = "last4"
	strategyHash  = "hash"

	defaultMaskReplacement = "[MASKED]"
	hashPrefix             = "sha256:"
	hashHexChars           = 16
	last4Keep              = 4
)

var (
	errMaskPattern  = errors.New("invalid mask pattern")
	errMaskStrategy = errors.New("unknown mask strategy")
)

// maskFunc rewrites one string leaf. It reports whether anything changed.
type maskFunc func(s string) (string, bool)

// newMaskFunc compiles m's strategy and optional pattern.
func newMaskFunc(m policy.Mask) (maskFunc, error) {
	replace, err := strategyFunc(m)
	if err != nil {
		return nil, err
	}
	if m.Pattern == "" {
		return func(s string) (string, bool) { return replace(s), true }, nil
	}
	if isLiteralPattern(m.Pattern) {
		return literalMaskFunc(m.Pattern, replace), nil
	}
	re, err := regexp.Compile(m.Pattern)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errMaskPattern, err)
	}
	return func(s string) (string, bool) {
		if !re.MatchString(s) {
			return s, false
		}
		return re.ReplaceAllStringFunc(s, replace), true
	}, nil
}

// isLiteralPattern reports whether the RE2 pattern p only matches itself:
// ASCII without metacharacters, like the card numbers the default pack
// masks by value.
func isLiteralPattern(p string) bool {
	for i := 0; i < len(p); i++ {
		if p[i] >= utf8.RuneSelf {
			return false
		}
	}
	return regexp.QuoteMeta(p) == p
}

// literalMaskFunc is what the pattern lit does, without compiling it:
// every non-overlapping occurrence, from the left, is replaced.
func literalMaskFunc(lit string, replace func(string) string) maskFunc {
	return func(s string) (string, bool) {
		i := strings.Index(s, lit)
		if i < 0 {
			return s, false
		}
		var b strings.Builder
		b.Grow(len(s))
		for i >= 0 {
			b.WriteString(s[:i])
			b.WriteString(replace(lit))
			s = s[i+len(lit):]
			i = strings.Index(s, lit)
		}
		b.WriteString(s)
		return b.String(), true
	}
}

func strategyFunc(m policy.Mask) (func(string) string, error) {
	switch m.Strategy {
	case "", strategyFull:
		r := m.Replacement
		if r == "" {
			r = defaultMaskReplacement
		}
		return func(string) string { return r }, nil
	case strategyLast4:
		return maskLast4, nil
	case strategyHash:
		return maskHash, nil
	}
	return nil, fmt.Errorf("%w %q", errMaskStrategy, m.Strategy)
}

// maskLast4 keeps the last four runes and stars the others, keeping the rune
// count. A value of four runes or fewer is starred entirely: showing all of a
// short value would not mask it.
func maskLast4(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= last4Keep {
		return strings.Repeat("*", n)
	}
	var b strings.Builder
	b.Grow(len(s))
	i := 0
	for _, r := range s {
		if i < n-last4Keep {
			b.WriteByte('*')
		} else {
			b.WriteRune(r)
		}
		i++
	}
	return b.String()
}

// maskHash is a stable pseudonym: "sha256:" and 16 hex chars of the digest.
func maskHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hashPrefix + hex.EncodeToString(sum[:])[:hashHexChars]
}
