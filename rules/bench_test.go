package rules_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/internal/bench"
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

func benchmarkEval(b *testing.B, event []byte) {
	ev := loadDefault(b)
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

// BenchmarkEval1K5 evaluates the default pack on the 1.5 KB (1 536-byte)
// API Gateway v2 event of the bench command.
func BenchmarkEval1K5(b *testing.B) { benchmarkEval(b, apigwEvent(b, bench.Size1K5)) }

// BenchmarkEval64K evaluates the default pack on a 64 KB JSON body.
func BenchmarkEval64K(b *testing.B) { benchmarkEval(b, benchEvent(64<<10)) }

// BenchmarkEval1M evaluates the default pack on a 1 MB JSON body.
func BenchmarkEval1M(b *testing.B) { benchmarkEval(b, benchEvent(1<<20)) }

// BenchmarkDecision1K5 is the bench command's "decision alone": the engine
// builds the input document, the default pack decides and the decision is
// logged (to a discarding JSON handler, as the extension formats it), on
// the 1.5 KB API Gateway v2 event.
func BenchmarkDecision1K5(b *testing.B) {
	eng := engine.New(loadDefault(b), engine.Config{Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
	event := apigwEvent(b, bench.Size1K5)
	ctx := context.Background()
	inv := engine.Invocation{RequestID: "bench", InvokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:bench"}
	b.SetBytes(int64(len(event)))
	b.ReportAllocs()
	for b.Loop() {
		if v := eng.InspectEvent(ctx, inv, event); v.Action != engine.Allow {
			b.Fatalf("verdict %s, want allow", v.Action)
		}
	}
}

func apigwEvent(b *testing.B, size int) []byte {
	event, err := bench.APIGWEvent(size, false)
	if err != nil {
		b.Fatal(err)
	}
	return event
}
