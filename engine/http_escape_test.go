package engine

import (
	"testing"
	"unicode/utf8"
)

func TestUnescapeTolerant(t *testing.T) {
	tests := []struct{ in, query, path string }{
		{"", "", ""},
		{"plain", "plain", "plain"},
		{"a+b", "a b", "a+b"},
		{"%41%62", "Ab", "Ab"},
		{"%zz%41", "%zzA", "%zzA"},
		{"%4", "%4", "%4"},
		{"%", "%", "%"},
		{"100%", "100%", "100%"},
		{"%e2%82%ac", "€", "€"},
		{"%c0%ae", "\xc0\xae", "\xc0\xae"},
		{"%2525", "%25", "%25"},
	}
	for _, tt := range tests {
		if got := unescapeQueryTolerant(tt.in); got != tt.query {
			t.Errorf("unescapeQueryTolerant(%q) = %q, want %q", tt.in, got, tt.query)
		}
		if got := unescapePathTolerant(tt.in); got != tt.path {
			t.Errorf("unescapePathTolerant(%q) = %q, want %q", tt.in, got, tt.path)
		}
	}
}

func TestTruncateUTF8(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abc", 3, "abc"},
		{"abc", 2, "ab"},
		{"aé", 2, "a"},
		{"a€b", 3, "a"},
		{"a€b", 4, "a€"},
		{"😀x", 3, ""},
		{"\x80\x80\x80\x80\x80\x80", 5, "\x80\x80\x80\x80\x80"}, // no rune start: cut as asked
	}
	for _, tt := range tests {
		got := truncateUTF8(tt.in, tt.n)
		if got != tt.want {
			t.Errorf("truncateUTF8(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if utf8.ValidString(tt.in) && !utf8.ValidString(got) {
			t.Errorf("truncateUTF8(%q, %d) split a rune", tt.in, tt.n)
		}
	}
}

func TestStripStageAndFirstHop(t *testing.T) {
	stages := []struct{ path, stage, want string }{
		{"/prod/a", "prod", "/a"},
		{"/prod", "prod", "/"},
		{"/production/a", "prod", "/production/a"},
		{"/a", "$default", "/a"},
		{"/a", "", "/a"},
		{"/other/a", "prod", "/other/a"},
	}
	for _, tt := range stages {
		if got := stripStage(tt.path, tt.stage); got != tt.want {
			t.Errorf("stripStage(%q, %q) = %q, want %q", tt.path, tt.stage, got, tt.want)
		}
	}
	hops := map[string]string{"": "", "1.2.3.4": "1.2.3.4", " 1.2.3.4 , 5.6.7.8": "1.2.3.4", "2001:db8::1, 10.0.0.1": "2001:db8::1"}
	for in, want := range hops {
		if got := firstHop(in); got != want {
			t.Errorf("firstHop(%q) = %q, want %q", in, got, want)
		}
	}
}
