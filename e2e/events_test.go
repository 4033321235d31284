package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// apigwV2 builds an API Gateway HTTP API (payload format 2.0) event with
// realistic request context; headers are added to a browser-like set.
func apigwV2(t testing.TB, method, path, rawQuery string, headers map[string]string, body string) []byte {
	t.Helper()
	h := map[string]string{
		"accept":            "application/json, text/plain, */*",
		"accept-encoding":   "gzip, deflate, br",
		"accept-language":   "en-GB,en;q=0.9",
		"content-type":      "application/json",
		"host":              "abcdef1234.execute-api.eu-west-1.amazonaws.com",
		"user-agent":        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
		"x-amzn-trace-id":   "Root=1-65f0c0de-0123456789abcdef01234567",
		"x-forwarded-for":   "203.0.113.7",
		"x-forwarded-port":  "443",
		"x-forwarded-proto": "https",
	}
	for k, v := range headers {
		h[k] = v
	}
	ev := map[string]any{
		"version":        "2.0",
		"routeKey":       "$default",
		"rawPath":        path,
		"rawQueryString": rawQuery,
		"cookies":        []string{"session=abc123", "theme=dark"},
		"headers":        h,
		"requestContext": map[string]any{
			"accountId":    "123456789012",
			"apiId":        "abcdef1234",
			"domainName":   "abcdef1234.execute-api.eu-west-1.amazonaws.com",
			"domainPrefix": "abcdef1234",
			"http": map[string]any{
				"method": method, "path": path, "protocol": "HTTP/1.1",
				"sourceIp": "203.0.113.7", "userAgent": h["user-agent"],
			},
			"requestId": "JKJaXmPLvHcESHA=",
			"routeKey":  "$default",
			"stage":     "$default",
			"time":      "25/Nov/2026:18:00:00 +0000",
			"timeEpoch": 1795629600000,
		},
		"body":            body,
		"isBase64Encoded": false,
	}
	if rawQuery != "" {
		q := map[string]string{}
		for _, kv := range strings.Split(rawQuery, "&") {
			k, v, _ := strings.Cut(kv, "=")
			q[k] = v
		}
		ev["queryStringParameters"] = q
	}
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatalf("marshal event: %v", err)
	}
	return b
}

// sqsEvent builds an SQS event with one record per body; the first message
// id is marker, which the test function uses as its marker.
func sqsEvent(t testing.TB, marker string, bodies ...string) []byte {
	t.Helper()
	var records []map[string]any
	for i, b := range bodies {
		records = append(records, map[string]any{
			"messageId":         fmt.Sprintf("%s-%d", marker, i),
			"receiptHandle":     "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
			"body":              b,
			"attributes":        map[string]string{"ApproximateReceiveCount": "1", "SentTimestamp": "1545082649183"},
			"messageAttributes": map[string]any{},
			"md5OfBody":         "e4e68fb7bd0e697a0ae8f1bb342846b3",
			"eventSource":       "aws:sqs",
			"eventSourceARN":    "arn:aws:sqs:eu-west-1:123456789012:orders",
			"awsRegion":         "eu-west-1",
		})
	}
	b, err := json.Marshal(map[string]any{"Records": records})
	if err != nil {
		t.Fatalf("marshal event: %v", err)
	}
	return b
}

// httpResult is the API Gateway response a function (or the firewall) gave.
type httpResult struct {
	StatusCode int               `json:"statusCode"`
	Headers    map[string]string `json:"headers"`
	Body       string            `json:"body"`
}

func parseHTTPResult(t testing.TB, r result) httpResult {
	t.Helper()
	var h httpResult
	if r.status != 200 || json.Unmarshal(r.body, &h) != nil || h.StatusCode == 0 {
		t.Fatalf("not an API Gateway response: %s", describe(r))
	}
	return h
}
