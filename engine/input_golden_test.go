package engine

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// The flag is not named "update" so that it cannot clash with another
// golden test of this package: go test ./engine -run Golden -update-input.
var updateInputGolden = flag.Bool("update-input", false, "rewrite testdata/input/*.golden.json")

// TestInputGolden builds the input document of testdata/input/<name>.event.json
// (and of <name>.response.json, with the memo of that event) and compares
// it, indented, byte for byte with <name>[.response].golden.json.
func TestInputGolden(t *testing.T) {
	events := localEventFiles(t, "event")
	responses := localEventFiles(t, "response")
	opts := InputOptions{}
	for _, name := range sortedNames(events) {
		t.Run(name, func(t *testing.T) {
			input, memo, err := BuildEventInput(events[name], inputInvocation(), inputFunction(), opts)
			if err != nil {
				t.Fatalf("BuildEventInput: %v", err)
			}
			compareGolden(t, name+".golden.json", input)
			resp, ok := responses[name]
			if !ok {
				return
			}
			input, err = BuildResponseInput(resp, inputInvocation(), inputFunction(), memo, opts)
			if err != nil {
				t.Fatalf("BuildResponseInput: %v", err)
			}
			compareGolden(t, name+".response.golden.json", input)
		})
	}
}

func compareGolden(t *testing.T, file string, input []byte) {
	t.Helper()
	if !json.Valid(input) {
		t.Fatalf("input document is not valid JSON:\n%s", input)
	}
	var got bytes.Buffer
	if err := json.Indent(&got, input, "", "  "); err != nil {
		t.Fatal(err)
	}
	got.WriteByte('\n')
	path := filepath.Join("testdata", "input", file)
	if *updateInputGolden {
		if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update-input to create it)", err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("%s differs (run with -update-input to accept):\n--- got\n%s", file, got.Bytes())
	}
}
