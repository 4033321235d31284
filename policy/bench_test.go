package policy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// apigwV2Input returns an input document for an API Gateway HTTP API (v2)
// event of about 1.5 KB, as the engine builds it.
func apigwV2Input(tb testing.TB) []byte {
	tb.Helper()
	payload := map[string]any{
		"version": "2.0", "routeKey": "POST /users/{id}", "rawPath": "/prod/users/42",
		"rawQueryString": "q=hello&page=2",
		"cookies":        []string{"session=abc123", "theme=dark"},
		"headers": map[string]string{
			"content-type": "application/json", "host": "api.example.com",
			"user-agent": "Mozilla/5.0 (X11; Linux x86_64)", "x-forwarded-for": "198.51.100.7",
		},
		"queryStringParameters": map[string]string{"q": "hello", "page": "2"},
		"requestContext": map[string]any{
			"accountId": "123456789012", "apiId": "abcdef123",
			"http": map[string]string{"method": "POST", "path": "/prod/users/42",
				"sourceIp": "198.51.100.7", "userAgent": "Mozilla/5.0 (X11; Linux x86_64)"},
			"requestId": "JKJaXmPLvHcESHA=", "stage": "prod",
			"timeEpoch": 1773342238000,
		},
		"body":            `{"name":"Jane Doe","email":"jane@example.com"}`,
		"isBase64Encoded": false,
	}
	input := map[string]any{
		"phase": "event", "payload": payload, "payload_format": "json", "size": 1100, "source": "apigw_http",
		"invocation": map[string]any{"request_id": "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
			"deadline_ms": 1773342241000, "invoked_function_arn": "arn:aws:lambda:us-east-1:123456789012:function:api"},
		"function": map[string]any{"name": "api", "version": "$LATEST", "memory_mb": 128, "region": "us-east-1"},
		"http": map[string]any{
			"method": "POST", "path": "/users/42", "raw_path": "/prod/users/42",
			"headers":   payload["headers"],
			"query":     map[string][]string{"q": {"hello"}, "page": {"2"}},
			"raw_query": "q=hello&page=2", "cookies": payload["cookies"], "source_ip": "198.51.100.7",
			"user_agent": "Mozilla/5.0 (X11; Linux x86_64)", "body": payload["body"], "body_format": "json",
			"body_json": map[string]string{"name": "Jane Doe", "email": "jane@example.com"},
		},
	}
	data, err := json.Marshal(input)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func BenchmarkEval(b *testing.B) {
	e := mustLoad(b, Options{Paths: []string{"testdata/basic"}})
	input := apigwV2Input(b)
	ctx := context.Background()
	b.SetBytes(int64(len(input)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := e.Eval(ctx, input)
		if err != nil || res.Decision.Action != ActionAllow {
			b.Fatalf("Eval: %+v, %v", res, err)
		}
	}
}

func BenchmarkEvalParallel(b *testing.B) {
	e := mustLoad(b, Options{Paths: []string{"testdata/basic"}})
	input := apigwV2Input(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := e.Eval(ctx, input); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkValueFromReader measures parsing the input document into an OPA
// value, the first step of every Eval.
func BenchmarkValueFromReader(b *testing.B) {
	for _, size := range []int{64 << 10, 1 << 20} {
		input := largeInput(size)
		b.Run(fmt.Sprintf("%dKB", size>>10), func(b *testing.B) {
			b.SetBytes(int64(len(input)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ast.ValueFromReader(bytes.NewReader(input)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// largeInput returns an input document of about size bytes whose payload is
// an array of small records, like an SQS batch.
func largeInput(size int) []byte {
	var buf bytes.Buffer
	buf.WriteString(`{"phase":"event","source":"sqs","payload":{"Records":[`)
	record := `{"messageId":"059f36b4-87a3-44ab-83d2-661975830a7d","body":"` + strings.Repeat("x", 120) +
		`","attributes":{"ApproximateReceiveCount":"1","SentTimestamp":"1545082649183"},"n":12345}`
	for i := 0; buf.Len() < size-len(record)-8; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(record)
	}
	buf.WriteString(`]}}`)
	return buf.Bytes()
}

func TestLargeInputIsValidJSON(t *testing.T) {
	for _, size := range []int{64 << 10, 1 << 20} {
		in := largeInput(size)
		if !json.Valid(in) || len(in) > size || len(in) < size*9/10 {
			t.Errorf("largeInput(%d): %d bytes, valid %v", size, len(in), json.Valid(in))
		}
	}
	if n := len(apigwV2Input(t)); n < 1300 || n > 1800 {
		t.Errorf("apigwV2Input is %d bytes, want about 1.5 KB", n)
	}
}
