package policy

import (
	"bytes"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

func TestWriteCapabilities(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCapabilities(&buf); err != nil {
		t.Fatalf("WriteCapabilities: %v", err)
	}
	caps, err := ast.LoadCapabilitiesJSON(&buf)
	if err != nil {
		t.Fatalf("output is not a capabilities document: %v", err)
	}
	byName := map[string]*ast.Builtin{}
	for _, b := range caps.Builtins {
		byName[b.Name] = b
	}
	for _, name := range []string{BuiltinSQLi, BuiltinXSS, BuiltinNormalize, BuiltinLuhn, BuiltinIBAN, "count", "regex.match"} {
		if byName[name] == nil {
			t.Errorf("builtin %s missing", name)
		}
	}
	for _, name := range DisabledBuiltins() {
		if byName[name] != nil {
			t.Errorf("disabled builtin %s present", name)
		}
	}
	if b := byName[BuiltinNormalize]; b != nil && b.Decl.String() != ast.BuiltinMap["lower"].Decl.String() {
		t.Errorf("%s type %s, want %s", BuiltinNormalize, b.Decl, ast.BuiltinMap["lower"].Decl)
	}
	// The written document compiles a module using a custom builtin.
	c := ast.NewCompiler().WithCapabilities(caps)
	c.Compile(map[string]*ast.Module{"m.rego": ast.MustParseModule("package p\n\nx := lambda_firewall.sqli(input.q)\n")})
	if c.Failed() {
		t.Errorf("module using a custom builtin does not compile: %v", c.Errors)
	}
}

func TestCapabilitiesAllow(t *testing.T) {
	tests := []struct {
		allow   []string
		enabled []string
		wantErr bool
	}{
		{nil, nil, false},
		{[]string{"http.send"}, []string{"http.send"}, false},
		{[]string{"http.send", "net.lookup_ip_addr"}, []string{"http.send", "net.lookup_ip_addr"}, false},
		{[]string{"opa.runtime"}, nil, true},
		{[]string{""}, nil, true},
	}
	for _, tt := range tests {
		caps, err := capabilities(tt.allow, nil)
		if (err != nil) != tt.wantErr {
			t.Errorf("capabilities(%v): err %v, wantErr %v", tt.allow, err, tt.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		for _, name := range DisabledBuiltins() {
			got := slices.ContainsFunc(caps.Builtins, func(b *ast.Builtin) bool { return b.Name == name })
			if want := slices.Contains(tt.enabled, name); got != want {
				t.Errorf("capabilities(%v): %s enabled %v, want %v", tt.allow, name, got, want)
			}
		}
	}
}
