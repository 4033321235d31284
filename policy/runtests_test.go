package policy

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

func TestRunTests(t *testing.T) {
	tests := []struct {
		name           string
		paths          []string
		embedded       bool
		verbose        bool
		passed, failed int
		output         []string
	}{
		{"passing bundle", []string{"testdata/basic"}, false, false, 5, 0, []string{"PASS: 5/5"}},
		{"verbose", []string{"testdata/basic"}, false, true, 5, 0, []string{"test_sqli_blocked", "test_iban_builtin", "PASS"}},
		{"embedded", nil, true, false, 5, 0, []string{"PASS: 5/5"}},
		{"failing test", []string{"testdata/failing"}, false, false, 1, 1, []string{"FAIL", "test_fails"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			var embedded = os.DirFS("testdata/basic")
			if !tt.embedded {
				embedded = nil
			}
			passed, failed, err := RunTests(context.Background(), tt.paths, embedded, &out, tt.verbose)
			if err != nil {
				t.Fatalf("RunTests: %v", err)
			}
			if passed != tt.passed || failed != tt.failed {
				t.Errorf("passed %d failed %d, want %d and %d\n%s", passed, failed, tt.passed, tt.failed, out.String())
			}
			for _, s := range tt.output {
				if !strings.Contains(out.String(), s) {
					t.Errorf("output does not contain %q:\n%s", s, out.String())
				}
			}
		})
	}
}

func TestRunTestsErrors(t *testing.T) {
	tests := []struct {
		name     string
		paths    []string
		contains string
	}{
		{"missing bundle", []string{"testdata/nope"}, "testdata/nope"},
		{"disabled builtin", []string{"testdata/httpsend"}, "builtin http.send is disabled"},
		{"nothing", nil, "neither Paths nor Embedded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := RunTests(context.Background(), tt.paths, nil, &bytes.Buffer{}, false)
			if err == nil || !strings.Contains(err.Error(), tt.contains) {
				t.Fatalf("got %v, want an error containing %q", err, tt.contains)
			}
		})
	}
}
