package integration

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// blnsPath is the Big List of Naughty Strings, shared by the team.
var blnsPath = filepath.Join("..", "..", "..", "shared", "corpus", "blns.json")

// blnsFields puts a string into one HTTP field of an API Gateway v2 event.
var blnsFields = []struct {
	name  string
	event func(s string) []byte
}{
	{"path", func(s string) []byte {
		return apigwV2("GET", "/"+url.PathEscape(s), "/"+s, "", nil, nil, nil, "")
	}},
	{"query value", func(s string) []byte {
		return apigwV2("GET", "/q", "/q", "v="+url.QueryEscape(s), map[string]string{"v": s}, nil, nil, "")
	}},
	{"header value", func(s string) []byte {
		return apigwV2("GET", "/h", "/h", "", nil, map[string]string{"x-naughty": s}, nil, "")
	}},
	{"cookie", func(s string) []byte {
		return apigwV2("GET", "/c", "/c", "", nil, nil, []string{"c=" + s}, "")
	}},
	{"JSON body value", func(s string) []byte {
		body, _ := json.Marshal(map[string]string{"v": s})
		return apigwV2("POST", "/b", "/b", "", nil, map[string]string{"content-type": "application/json"}, nil, string(body))
	}},
}

// Every string of the Big List of Naughty Strings in every HTTP field of an
// API Gateway v2 event: nothing crashes, every event is delivered or
// answered, allowed events arrive byte-exact, and no string makes the
// policy fail (an input or evaluation error).
func TestNaughtyStringsInEveryHTTPField(t *testing.T) {
	data, err := os.ReadFile(blnsPath)
	if err != nil {
		t.Skipf("no naughty strings corpus: %v", err)
	}
	var naughty []string
	if err := json.Unmarshal(data, &naughty); err != nil {
		t.Fatalf("%s: %v", blnsPath, err)
	}
	if testing.Short() {
		naughty = naughty[:50]
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	// A generous evaluation budget: this test is about content, not time
	// (TestHostileInput covers the budget), and the CI machine is shared.
	s := newStack(t, stackOptions{evalTimeout: 5 * time.Second})
	for _, field := range blnsFields {
		t.Run(field.name, func(t *testing.T) {
			counts := map[string]int{}
			for i, str := range naughty {
				ev := field.event(str)
				out, err := s.sendEvent(ctx, fmt.Sprintf("blns-%s-%d", strings.ReplaceAll(field.name, " ", "-"), i), ev)
				if err != nil {
					t.Fatalf("string %d %q: %v", i, str, err)
				}
				checkEventOutcome(t, ev, out)
				counts[out.class()]++
				if strings.HasPrefix(out.class(), "error") || out.class() == "uninspected" {
					t.Errorf("string %d %q: outcome %s", i, str, describe(out))
				}
			}
			t.Logf("| %s | %d strings | %s |", field.name, len(naughty), summarize(counts))
		})
	}
	if n := s.api.openInvocations(); n != 0 {
		t.Errorf("%d invocations left unanswered", n)
	}
}

func summarize(counts map[string]int) string {
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	return strings.Join(parts, ", ")
}
