package bench

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Payload sizes measured by default: a typical API Gateway request, a
// large one, and the synchronous invocation limit.
const (
	Size1K5 = 1536
	Size64K = 64 << 10
	Size1M  = 1 << 20
	Size6M  = 6 << 20
)

// Card numbers carried by the masked event (by field name and in free
// text); neither may reach the runtime. The event also carries a CVV by field
// name, which the default pack masks only when it parses the body
// (bodies up to LAMBDA_FIREWALL_MAX_INSPECT_BYTES), so it is not checked.
var sensitiveValues = []string{"4111111111111111", "4111 1111 1111 1111"}

// SizeName is the short label of a payload size ("1.5KB", "64KB", "1MB").
func SizeName(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + "MB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + "KB"
	case n >= 1<<10 && n%(1<<9) == 0:
		return strconv.FormatFloat(float64(n)/1024, 'f', 1, 64) + "KB"
	}
	return strconv.Itoa(n) + "B"
}

// APIGWEvent returns an API Gateway HTTP API (v2) event of exactly size
// bytes whose body is a benign JSON order document. With sensitive set, the
// body also carries a card number (by field name and in free text) and a CVV,
// which the default rule pack masks.
func APIGWEvent(size int, sensitive bool) ([]byte, error) {
	head := `{"customer":"c-1042","currency":"EUR",`
	if sensitive {
		head = `{"customer":"c-1042","card_number":"4111111111111111","cvv":"cvv-321",` +
			`"note":"paid with 4111 1111 1111 1111",`
	}
	var items strings.Builder
	base, err := apigwV2(head + `"items":[],"memo":""}`)
	if err != nil {
		return nil, err
	}
	// Items of about 150 escaped bytes, then an exact pad in "memo".
	for i := 0; len(base)+items.Len()*115/100+200 < size; i++ {
		if i > 0 {
			items.WriteByte(',')
		}
		fmt.Fprintf(&items, `{"sku":"SKU-%06d","name":"lorem ipsum dolor","qty":%d,"note":"sit amet consectetur adipiscing elit sed do eiusmod"}`, i, i%7+1)
	}
	body := head + `"items":[` + items.String() + `],"memo":""}`
	ev, err := apigwV2(body)
	if err != nil {
		return nil, err
	}
	pad := size - len(ev)
	if pad < 0 {
		return nil, fmt.Errorf("event of %d bytes cannot be built: the smallest is %d", size, len(ev))
	}
	body = head + `"items":[` + items.String() + `],"memo":"` + strings.Repeat("x", pad) + `"}`
	if ev, err = apigwV2(body); err != nil {
		return nil, err
	}
	if len(ev) != size {
		return nil, fmt.Errorf("built a %d-byte event, want %d", len(ev), size)
	}
	return ev, nil
}

// apigwV2 wraps body in an API Gateway v2 event.
func apigwV2(body string) ([]byte, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("failed to encode the event body: %w", err)
	}
	return []byte(`{"version":"2.0","routeKey":"POST /orders","rawPath":"/orders","rawQueryString":"page=2&sort=desc",` +
		`"cookies":["session=6f1c2a9e"],"headers":{"accept":"application/json","content-type":"application/json",` +
		`"content-length":"` + strconv.Itoa(len(body)) + `","host":"abc123.execute-api.eu-west-1.amazonaws.com",` +
		`"user-agent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",` +
		`"x-amzn-trace-id":"Root=1-6745a1b2-3c4d5e6f7a8b9c0d1e2f3a4b","x-forwarded-for":"203.0.113.7",` +
		`"x-forwarded-port":"443","x-forwarded-proto":"https"},"queryStringParameters":{"page":"2","sort":"desc"},` +
		`"requestContext":{"accountId":"123456789012","apiId":"abc123","domainName":"abc123.execute-api.eu-west-1.amazonaws.com",` +
		`"domainPrefix":"abc123","http":{"method":"POST","path":"/orders","protocol":"HTTP/1.1","sourceIp":"203.0.113.7",` +
		`"userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"},` +
		`"requestId":"JKJaXmPLvHcESHA=","routeKey":"POST /orders","stage":"$default","time":"25/Nov/2026:18:00:00 +0000",` +
		`"timeEpoch":1795456800000},"body":` + string(b) + `,"isBase64Encoded":false}`), nil
}
