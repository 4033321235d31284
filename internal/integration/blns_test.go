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

// loadNaughtyStrings reads the corpus, or skips the test when it is absent.
func loadNaughtyStrings(t *testing.T) []string {
	t.Helper()
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
	return naughty
}

// allFields puts s into every HTTP field of one API Gateway v2 event.
func allFields(s string) []byte {
	body, _ := json.Marshal(map[string]string{"v": s})
	return apigwV2("POST", "/"+url.PathEscape(s), "/"+s, "v="+url.QueryEscape(s), map[string]string{"v": s},
		map[string]string{"x-naughty": s, "content-type": "application/json"}, []string{"c=" + s}, string(body))
}

// naughtyStack is the stack for corpus runs: a generous evaluation budget,
// because these tests are about content, not time (TestHostileInput covers
// the budget), and the machine is shared.
func naughtyStack(t *testing.T) (*stack, context.Context) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	t.Cleanup(cancel)
	return newStack(t, stackOptions{evalTimeout: 5 * time.Second}), ctx
}

// runNaughty sends one event per string and checks the invariants: nothing
// crashes, every event is delivered or answered, allowed events arrive
// byte-exact, and no string makes the policy fail (input or evaluation
// error) or go uninspected. It returns the outcome counts.
func runNaughty(t *testing.T, s *stack, ctx context.Context, prefix string, naughty []string,
	event func(string) []byte) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for i, str := range naughty {
		ev := event(str)
		out, err := s.sendEvent(ctx, fmt.Sprintf("%s-%d", prefix, i), ev)
		if err != nil {
			t.Fatalf("string %d %q: %v", i, str, err)
		}
		checkEventOutcome(t, ev, out)
		counts[out.class()]++
		if strings.HasPrefix(out.class(), "error") || out.class() == "uninspected" {
			t.Errorf("string %d %q: outcome %s", i, str, describe(out))
		}
	}
	if n := s.api.openInvocations(); n != 0 {
		t.Errorf("%d invocations left unanswered", n)
	}
	return counts
}

// Every string of the Big List of Naughty Strings in every HTTP field of
// an API Gateway v2 event at once: path, query value, header value, cookie
// and JSON body value.
func TestNaughtyStringsInAllHTTPFields(t *testing.T) {
	naughty := loadNaughtyStrings(t)
	s, ctx := naughtyStack(t)
	counts := runNaughty(t, s, ctx, "blns-all", naughty, allFields)
	t.Logf("| all fields at once | %d strings | %s |", len(naughty), summarize(counts))
}

// The same, one field at a time, to attribute outcomes to fields. Five
// times the evaluations: trimmed under the race detector.
func TestNaughtyStringsInEachHTTPField(t *testing.T) {
	naughty := loadNaughtyStrings(t)
	if raceEnabled && len(naughty) > 50 {
		naughty = naughty[:50]
	}
	s, ctx := naughtyStack(t)
	for _, field := range blnsFields {
		t.Run(field.name, func(t *testing.T) {
			counts := runNaughty(t, s, ctx, "blns-"+strings.ReplaceAll(field.name, " ", "-"), naughty, field.event)
			t.Logf("| %s | %d strings | %s |", field.name, len(naughty), summarize(counts))
		})
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
