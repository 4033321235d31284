package engine_test

import (
	"fmt"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/tidwall/gjson"
)

func ExampleDetectSource() {
	fmt.Println(engine.DetectSource([]byte(`{"Records":[{"eventSource":"aws:sqs","body":"hi"}]}`)))
	fmt.Println(engine.DetectSource([]byte(`{"version":"2.0","rawPath":"/","requestContext":{"domainName":"abc.lambda-url.eu-west-1.on.aws","http":{"method":"GET"}}}`)))
	fmt.Println(engine.DetectSource([]byte(`not json`)))
	// Output:
	// sqs
	// function_url
	// unknown
}

func ExampleBuildEventInput() {
	event := []byte(`{"version":"2.0","rawPath":"/prod/search","rawQueryString":"q=%27+OR+1%3D1&q=x",
		"headers":{"Content-Type":"application/json"},
		"requestContext":{"stage":"prod","http":{"method":"POST","sourceIp":"203.0.113.7"}},
		"body":"eyJuIjogMTIzNDU2Nzg5MDEyMzQ1Njc4OTB9","isBase64Encoded":true}`)
	inv := engine.Invocation{RequestID: "req-1"}
	input, memo, err := engine.BuildEventInput(event, inv, engine.FunctionInfo{Name: "search"}, engine.InputOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, path := range []string{"source", "http.method", "http.path", "http.query.q", "http.body_format", "http.body_json"} {
		fmt.Printf("%s: %s\n", path, gjson.GetBytes(input, path).Raw)
	}

	response := []byte(`{"statusCode":200,"headers":{"Content-Type":"text/plain"},"body":"ok"}`)
	input, err = engine.BuildResponseInput(response, inv, engine.FunctionInfo{Name: "search"}, memo, engine.InputOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("response: %s\n", gjson.GetBytes(input, "response").Raw)
	// Output:
	// source: "apigw_http"
	// http.method: "POST"
	// http.path: "/search"
	// http.query.q: ["' OR 1=1","x"]
	// http.body_format: "json"
	// http.body_json: {"n": 12345678901234567890}
	// response: {"status":200,"headers":{"content-type":"text/plain"},"body":"ok","body_format":"text","body_truncated":false}
}
