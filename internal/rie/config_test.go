package rie

import (
	"strings"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string // substring of the error; empty for none
	}{
		{"minimal direct", Config{RIE: "r", Function: "f"}, ""},
		{"with extension", Config{RIE: "r", Function: "f", Extension: "e", Wrapper: "w"}, ""},
		{"no RIE", Config{Function: "f"}, "RIE path is required"},
		{"no function", Config{RIE: "r"}, "function path is required"},
		{"extension without wrapper", Config{RIE: "r", Function: "f", Extension: "e"}, "wrapper path is required"},
		{"os-only without extension", Config{RIE: "r", Function: "f", Bootstrap: BootstrapOSOnly}, "OS-only bootstrap"},
		{"fractional timeout", Config{RIE: "r", Function: "f", Timeout: 1500 * time.Millisecond}, "whole number of seconds"},
		{"negative concurrency", Config{RIE: "r", Function: "f", Concurrency: -1}, "negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.cfg.validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			case tc.want != "" && !strings.HasPrefix(err.Error(), "invalid config: "):
				t.Fatalf("error %q does not start with 'invalid config: '", err)
			}
		})
	}
}

func TestConfigDefaults(t *testing.T) {
	c := Config{RIE: "r", Function: "f"}
	if err := c.validate(); err != nil {
		t.Fatal(err)
	}
	if c.Timeout != defaultTimeout || c.ReadyTimeout != defaultReadyTimeout || c.CloseTimeout != defaultCloseTimeout {
		t.Fatalf("defaults not applied: %+v", c)
	}
}
