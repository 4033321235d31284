package engine

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// A payload over MaxInspectBytes reaches policy pruned: bounded string
// bytes, the same paths, and payload_truncated set.
func TestPrunedPayloadIsBoundedAndPathsHold(t *testing.T) {
	big := strings.Repeat("x", 200<<10)
	records := make([]string, 0, 5)
	for i := range 5 {
		records = append(records, fmt.Sprintf(`{"messageId":"m%d","body":%q,"eventSource":"aws:sqs","n":%d}`, i, big, 9007199254740993+i))
	}
	payload := []byte(`{"Records":[` + strings.Join(records, ",") + `]}`)
	input, _, err := BuildEventInput(payload, Invocation{}, FunctionInfo{}, InputOptions{MaxInspectBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if !gjson.GetBytes(input, "payload_truncated").Bool() || gjson.GetBytes(input, "size").Int() != int64(len(payload)) {
		t.Fatalf("payload_truncated/size wrong")
	}
	if len(input) > 2*(64<<10)+4096 {
		t.Fatalf("input is %d bytes for a %d-byte payload with a 64 KiB budget", len(input), len(payload))
	}
	checkPayloadRoundTrip(t, input, payload) // a prefix view with the same paths
	for i := range 5 {
		if got := gjson.GetBytes(input, fmt.Sprintf("payload.Records.%d.n", i)).Raw; got != fmt.Sprint(9007199254740993+i) {
			t.Errorf("record %d number = %s", i, got)
		}
		if got := gjson.GetBytes(input, fmt.Sprintf("payload.Records.%d.messageId", i)).Str; got != fmt.Sprintf("m%d", i) {
			t.Errorf("record %d id = %q", i, got)
		}
	}
}

// Structure is bounded too: a huge array of numbers is cut.
func TestPrunedPayloadBoundsStructure(t *testing.T) {
	var b strings.Builder
	b.WriteString("[")
	for i := range 200000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString("1")
	}
	b.WriteString("]")
	input, _, err := BuildEventInput([]byte(b.String()), Invocation{}, FunctionInfo{}, InputOptions{MaxInspectBytes: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(gjson.GetBytes(input, "payload").Array()); n >= 200000 || n < 4000 {
		t.Fatalf("pruned array has %d elements", n)
	}
}

func TestStringPrefix(t *testing.T) {
	long := `"` + strings.Repeat(`ab\u00e9\"\\`, 1000) + `"`
	full := gjson.Parse(long).String()
	for _, n := range []int{0, 1, 5, 17, 100, 5000, 100000} {
		got := stringPrefix(long, n)
		if !strings.HasPrefix(full, got) || len(got) < min(n, len(full)) {
			t.Errorf("n=%d: got %d bytes, not a prefix of at least n bytes", n, len(got))
		}
	}
}
