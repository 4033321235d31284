package engine

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// lambdaEventsDir is aws-lambda-go's events/testdata directory.
var lambdaEventsDir = sync.OnceValues(func() (string, error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-lambda-go").Output()
	if err != nil {
		return "", err
	}
	return filepath.Join(strings.TrimSpace(string(out)), "events", "testdata"), nil
})

// readEventFile reads one of aws-lambda-go's sample events.
func readEventFile(t testing.TB, name string) []byte {
	t.Helper()
	dir, err := lambdaEventsDir()
	if err != nil {
		t.Fatalf("locate aws-lambda-go testdata: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatalf("read sample event: %v", err)
	}
	return b
}
