package engine

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// benchEvent is an API Gateway HTTP API event of about size bytes with a
// JSON body holding a card number.
func benchEvent(size int) []byte {
	head := `{"version":"2.0","routeKey":"POST /pay","rawPath":"/pay","rawQueryString":"a=1&b=2",` +
		`"headers":{"content-type":"application/json","user-agent":"curl/8.4.0","host":"abc.execute-api.us-east-1.amazonaws.com",` +
		`"x-forwarded-for":"1.2.3.4","x-amzn-trace-id":"Root=1-5e66d96f-7491f09xmpl79d18acf3d050"},` +
		`"requestContext":{"accountId":"123456789012","apiId":"abc","domainName":"abc.execute-api.us-east-1.amazonaws.com",` +
		`"http":{"method":"POST","path":"/pay","protocol":"HTTP/1.1","sourceIp":"1.2.3.4","userAgent":"curl/8.4.0"},` +
		`"requestId":"JKJaXmPLvHcESHA=","routeKey":"POST /pay","stage":"$default","time":"10/Mar/2020:00:03:59 +0000","timeEpoch":1583798639428},` +
		`"isBase64Encoded":false,"body":"{\"card\":\"4111111111111111\",\"items\":[`
	tail := `]}"}`
	var b strings.Builder
	b.WriteString(head)
	for i := 0; b.Len() < size-len(tail)-40; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{\"sku\":\"item-%06d\",\"qty\":%d}`, i, i%7)
	}
	b.WriteString(tail)
	return []byte(b.String())
}

func BenchmarkInspectEvent(b *testing.B) {
	allow := decides(policy.Decision{Action: "allow"})
	mask := decides(policy.Decision{Action: "mask", Reasons: []policy.Reason{{ID: "pci-1", Category: "pci"}},
		Mask: []policy.Mask{{Path: []any{"http", "body_json", "card"}, Strategy: "last4"}}})
	for _, size := range []int{1536, 64 << 10, 1 << 20} {
		event := benchEvent(size)
		for _, tc := range []struct {
			name string
			d    Decider
			cfg  Config
		}{
			{"allow", allow, Config{}},
			{"mask", mask, Config{}},
			{"allow+log", allow, Config{Logger: jsonLogger(io.Discard), Metrics: true}},
		} {
			e := New(tc.d, tc.cfg)
			inv := goldenInvocation()
			b.Run(fmt.Sprintf("%s/%dB", tc.name, len(event)), func(b *testing.B) {
				b.ReportAllocs()
				b.SetBytes(int64(len(event)))
				for b.Loop() {
					v := e.InspectEvent(context.Background(), inv, event)
					if v.Action == Fail || v.Action == Respond {
						b.Fatalf("verdict %v", v.Action)
					}
				}
			})
		}
	}
}

func BenchmarkApplyMasks(b *testing.B) {
	event := benchEvent(64 << 10)
	masks := []policy.Mask{{Path: []any{"http", "body_json", "card"}, Strategy: "last4"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := applyMasks(event, inspectEvent, masks); err != nil {
			b.Fatal(err)
		}
	}
}
