package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aws/aws-lambda-go/events"
)

// scenario is one event sent to the function.
type scenario struct {
	name    string
	payload []byte
}

// builtinScenarios are the events the demo always plays: typical API Gateway
// v2 traffic, attacks and personal data, and SQS messages.
func builtinScenarios() ([]scenario, error) {
	specs := []struct {
		name, method, path, query, body string
	}{
		{"APIGW v2: product search", "GET", "/products", "q=laptop&page=2", ""},
		{"APIGW v2: SQL injection in query", "GET", "/products", "q=1%27%20OR%20%271%27%3D%271", ""},
		{"APIGW v2: card number in body", "POST", "/checkout", "", `{"item":"book","card":"4111 1111 1111 1111"}`},
		{"APIGW v2: XSS in JSON body", "POST", "/comments", "", `{"text":"<script>alert(document.cookie)</script>"}`},
		{"APIGW v2: path traversal", "GET", "/files", "name=..%2F..%2F..%2Fetc%2Fpasswd", ""},
		{"APIGW v2: plain JSON order", "POST", "/orders", "", `{"sku":"A-1","qty":2}`},
	}
	var out []scenario
	for _, s := range specs {
		p, err := apigwV2(s.method, s.path, s.query, s.body)
		if err != nil {
			return nil, err
		}
		out = append(out, scenario{s.name, p})
	}
	for _, s := range []struct{ name, body string }{
		{"SQS: order message", `{"order":42,"status":"paid"}`},
		{"SQS: card number in message", `{"order":43,"card":"5555 5555 5555 4444"}`},
		{"SQS: SQL injection in message", `{"name":"x'; DROP TABLE users;--"}`},
	} {
		p, err := sqs(s.body)
		if err != nil {
			return nil, err
		}
		out = append(out, scenario{s.name, p})
	}
	return out, nil
}

func apigwV2(method, path, query, body string) ([]byte, error) {
	ev := events.APIGatewayV2HTTPRequest{
		Version:        "2.0",
		RouteKey:       "$default",
		RawPath:        path,
		RawQueryString: query,
		Headers: map[string]string{
			"content-type": "application/json", "host": "api.example.com",
			"user-agent": "Mozilla/5.0", "x-forwarded-for": "203.0.113.7",
		},
		RequestContext: events.APIGatewayV2HTTPRequestContext{
			AccountID: "123456789012", APIID: "api", Stage: "$default", RequestID: "demo",
			HTTP: events.APIGatewayV2HTTPRequestContextHTTPDescription{
				Method: method, Path: path, Protocol: "HTTP/1.1", SourceIP: "203.0.113.7", UserAgent: "Mozilla/5.0",
			},
		},
		Body: body,
	}
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, fmt.Errorf("marshal API Gateway event: %w", err)
	}
	return b, nil
}

func sqs(body string) ([]byte, error) {
	ev := events.SQSEvent{Records: []events.SQSMessage{{
		MessageId: "19dd0b57-b21e-4ac1-bd88-01bbb068cb78", Body: body, EventSource: "aws:sqs",
		EventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:orders", AWSRegion: "eu-west-1",
	}}}
	b, err := json.Marshal(ev)
	if err != nil {
		return nil, fmt.Errorf("marshal SQS event: %w", err)
	}
	return b, nil
}

// loadScenarios returns the built-in scenarios followed by up to max JSON
// files from dir (relative to the module root). When dir does not exist, a
// few of aws-lambda-go's own test events are used instead.
func loadScenarios(ctx context.Context, root, dir string, max int) ([]scenario, error) {
	out, err := builtinScenarios()
	if err != nil {
		return nil, err
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", dir, err)
	}
	if len(files) == 0 {
		files = awsLambdaGoEvents(ctx, root)
	}
	sort.Strings(files)
	if len(files) > max {
		files = files[:max]
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read event: %w", err)
		}
		out = append(out, scenario{"file: " + filepath.Base(f), b})
	}
	return out, nil
}

// awsLambdaGoEvents returns a few test events shipped with aws-lambda-go, from
// the module cache.
func awsLambdaGoEvents(ctx context.Context, root string) []string {
	cmd := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", "github.com/aws/aws-lambda-go")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "events", "testdata")
	var files []string
	for _, name := range []string{"apigw-v2-request-no-authorizer.json", "sqs-event.json", "s3-event.json"} {
		if p := filepath.Join(dir, name); fileExists(p) {
			files = append(files, p)
		}
	}
	return files
}
