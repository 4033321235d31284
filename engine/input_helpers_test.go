package engine

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// awsEventFiles returns the event samples shipped with the aws-lambda-go
// module of go.mod, by base name.
func awsEventFiles(tb testing.TB) map[string][]byte {
	tb.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-lambda-go").Output()
	if err != nil {
		tb.Fatalf("locate aws-lambda-go: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "events", "testdata")
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no aws-lambda-go event samples in %s (err %v)", dir, err)
	}
	files := make(map[string][]byte, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		files[filepath.Base(p)] = b
	}
	return files
}

// localEventFiles returns testdata/input/*.<kind>.json by name prefix.
func localEventFiles(tb testing.TB, kind string) map[string][]byte {
	tb.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "input", "*."+kind+".json"))
	if err != nil || len(paths) == 0 {
		tb.Fatalf("no testdata/input/*.%s.json (err %v)", kind, err)
	}
	files := make(map[string][]byte, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		files[strings.TrimSuffix(filepath.Base(p), "."+kind+".json")] = b
	}
	return files
}

func sortedNames[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func inputInvocation() Invocation {
	return Invocation{
		RequestID:          "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
		DeadlineMs:         1795629603000,
		InvokedFunctionARN: "arn:aws:lambda:eu-west-1:111122223333:function:orders",
		TraceID:            "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
		ClientContext:      `{"client":{"app_title":"shop"},"custom":{"k":"v"},"env":{}}`,
		CognitoIdentity:    "",
		TenantID:           "tenant-a",
	}
}

func inputFunction() FunctionInfo {
	return FunctionInfo{Name: "orders", Version: "$LATEST", MemoryMB: 512, Region: "eu-west-1"}
}
