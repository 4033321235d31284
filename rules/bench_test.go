package rules_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// benchEvent returns an API Gateway HTTP API v2 event whose JSON body is about
// bodyBytes long, built from realistic order fields.
func benchEvent(bodyBytes int) []byte {
	type item struct {
		SKU   string  `json:"sku"`
		Name  string  `json:"name"`
		Qty   int     `json:"qty"`
		Price float64 `json:"price"`
		Note  string  `json:"note"`
	}
	body := map[string]any{"order_id": "A-10293", "customer": map[string]any{"name": "Liam O'Brien", "email": "liam@example.com", "city": "Zürich"},
		"created": "2026-11-25T18:00:00Z", "items": []item{}}
	for i := 0; ; i++ {
		b, _ := json.Marshal(body)
		if len(b) >= bodyBytes {
			break
		}
		body["items"] = append(body["items"].([]item), item{SKU: fmt.Sprintf("SKU-%06d", i), Name: "Trail Runner 3 - Men's",
			Qty: 1 + i%3, Price: 49.99, Note: "Please gift wrap; leave at the back door."})
	}
	b, _ := json.Marshal(body)
	ev := map[string]any{
		"version": "2.0", "routeKey": "$default", "rawPath": "/orders", "rawQueryString": "source=web&campaign=spring",
		"cookies": []string{"session=8f14e45fceea167a", "theme=dark"},
		"headers": map[string]string{"accept": "application/json", "content-type": "application/json", "host": "api.example.com",
			"user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0", "x-forwarded-for": "198.51.100.7",
			"authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"},
		"requestContext": map[string]any{"accountId": "123456789012", "apiId": "abc123", "domainName": "api.example.com", "requestId": "r-1",
			"routeKey": "$default", "stage": "$default", "timeEpoch": 1795716000000,
			"http": map[string]any{"method": "POST", "path": "/orders", "protocol": "HTTP/1.1", "sourceIp": "198.51.100.7", "userAgent": "Mozilla/5.0"}},
		"body": string(b), "isBase64Encoded": false,
	}
	out, _ := json.Marshal(ev)
	return out
}

func benchmarkEval(b *testing.B, bodyBytes int) {
	ev := loadDefault(b)
	event := benchEvent(bodyBytes)
	input, _, err := engine.BuildEventInput(event, engine.Invocation{RequestID: "bench"}, engine.FunctionInfo{Name: "bench"}, engine.InputOptions{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if res, err := ev.Eval(ctx, input); err != nil || res.Decision.Action != "allow" {
		b.Fatalf("decision %+v, err %v", res.Decision, err)
	}
	b.SetBytes(int64(len(event)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := ev.Eval(ctx, input); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEval1K5 evaluates the default pack on a ~1.5 KB API Gateway v2 event.
func BenchmarkEval1K5(b *testing.B) { benchmarkEval(b, 900) }

// BenchmarkEval64K evaluates the default pack on a 64 KB JSON body.
func BenchmarkEval64K(b *testing.B) { benchmarkEval(b, 64<<10) }

// BenchmarkEval1M evaluates the default pack on a 1 MB JSON body.
func BenchmarkEval1M(b *testing.B) { benchmarkEval(b, 1<<20) }

// TestEvalLatency reports p50/p99 of the default pack on a ~1.5 KB v2 event.
func TestEvalLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("latency measurement skipped in -short mode")
	}
	ev := loadDefault(t)
	event := benchEvent(900)
	input, _, err := engine.BuildEventInput(event, engine.Invocation{RequestID: "bench"}, engine.FunctionInfo{Name: "bench"}, engine.InputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	const n = 300
	d := make([]time.Duration, 0, n)
	for i := 0; i < n; i++ {
		start := time.Now()
		if _, err := ev.Eval(ctx, input); err != nil {
			t.Fatal(err)
		}
		d = append(d, time.Since(start))
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	t.Logf("event %d bytes: p50 %v p90 %v p99 %v", len(event), d[n/2], d[n*9/10], d[n*99/100])
	if !strings.Contains(string(event), `"body"`) {
		t.Fatal("bench event has no body")
	}
}
