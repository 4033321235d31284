package engine

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// benchHTTPEvent returns an HTTP API (payload 2.0) event of about 1.5 KB
// around body (already a JSON string literal).
func benchHTTPEvent(body string, b64 bool) []byte {
	return []byte(`{"version":"2.0","routeKey":"POST /orders","rawPath":"/orders/42","rawQueryString":"page=2&sort=desc&filter=status%3Dopen&id=1&id=2",` +
		`"cookies":["session=6f1c2a9e0b7d4e3f8a1b2c3d4e5f6a7b","theme=dark","consent=yes"],` +
		`"headers":{"accept":"application/json","accept-encoding":"gzip, deflate, br","accept-language":"en-GB,en;q=0.9",` +
		`"authorization":"Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",` +
		`"content-length":"64","content-type":"application/json","host":"abcdef1234.execute-api.eu-west-1.amazonaws.com",` +
		`"user-agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",` +
		`"x-amzn-trace-id":"Root=1-67891233-abcdef012345678912345678","x-forwarded-for":"203.0.113.7","x-forwarded-port":"443","x-forwarded-proto":"https"},` +
		`"queryStringParameters":{"page":"2","sort":"desc","filter":"status=open","id":"1,2"},"pathParameters":{"id":"42"},` +
		`"requestContext":{"accountId":"111122223333","apiId":"abcdef1234","authorizer":{"jwt":{"claims":{"sub":"1234567890","scope":"orders:write"},"scopes":null}},` +
		`"domainName":"abcdef1234.execute-api.eu-west-1.amazonaws.com","domainPrefix":"abcdef1234",` +
		`"http":{"method":"POST","path":"/orders/42","protocol":"HTTP/1.1","sourceIp":"203.0.113.7","userAgent":"Mozilla/5.0"},` +
		`"requestId":"JKJaXmPLvHcESHA=","routeKey":"POST /orders","stage":"$default","time":"25/Nov/2026:18:00:00 +0000","timeEpoch":1795629600000},` +
		`"body":` + body + `,"isBase64Encoded":` + map[bool]string{true: "true", false: "false"}[b64] + `}`)
}

// benchJSONBody returns a JSON document of about n bytes as a JSON string
// literal.
func benchJSONBody(n int) string {
	item := `{"sku":"ABC-12345","name":"Widget <deluxe>","qty":3,"price":19.99,"tags":["a","b","c"]}`
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for b.Len() < n-len(item)-4 {
		if b.Len() > len(`{"items":[`) {
			b.WriteByte(',')
		}
		b.WriteString(item)
	}
	b.WriteString(`]}`)
	lit, _ := json.Marshal(b.String())
	return string(lit)
}

func BenchmarkBuildEventInput(b *testing.B) {
	binary := make([]byte, 1<<20)
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	cases := []struct {
		name    string
		payload []byte
	}{
		{"apigw_v2_1.5KB", benchHTTPEvent(`"{\"item\":\"book\",\"qty\":1,\"note\":\"gift wrap please\"}"`, false)},
		{"json_body_64KB", benchHTTPEvent(benchJSONBody(64<<10), false)},
		{"json_body_1MB", benchHTTPEvent(benchJSONBody(1<<20), false)},
		{"binary_body_1MB_base64", benchHTTPEvent(`"`+base64.StdEncoding.EncodeToString(binary)+`"`, true)},
	}
	inv, fn := inputInvocation(), inputFunction()
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			if _, _, err := BuildEventInput(c.payload, inv, fn, InputOptions{MaxInspectBytes: 2 << 20}); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(c.payload)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := BuildEventInput(c.payload, inv, fn, InputOptions{MaxInspectBytes: 2 << 20}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkDetectSource(b *testing.B) {
	payload := benchHTTPEvent(`"{}"`, false)
	b.SetBytes(int64(len(payload)))
	b.ReportAllocs()
	for b.Loop() {
		if DetectSource(payload) != SourceAPIGWHTTP {
			b.Fatal("wrong source")
		}
	}
}
