package main

import (
	"fmt"
	"strings"
)

const (
	accountID = "123456789012"
	epochMs   = int64(1795716000000)
)

// headerValues splits the request headers into single-value and multi-value forms.
func multi(h map[string]string) map[string][]string {
	out := make(map[string][]string, len(h))
	for k, v := range h {
		out[k] = []string{v}
	}
	return out
}

func withCookieHeader(r httpReq) map[string]string {
	h := make(map[string]string, len(r.headers)+1)
	for k, v := range r.headers {
		h[k] = v
	}
	if len(r.cookies) > 0 {
		h["cookie"] = strings.Join(r.cookies, "; ")
	}
	return h
}

func singleQuery(r httpReq) map[string]string {
	if len(r.query) == 0 {
		return nil
	}
	out := map[string]string{}
	for _, k := range sortedKeys(r.query) {
		out[k] = strings.Join(r.query[k], ",")
	}
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// apigwV1 is an API Gateway REST (payload v1) event.
func apigwV1(r httpReq, i int) map[string]any {
	h := withCookieHeader(r)
	var mvq map[string][]string
	if len(r.query) > 0 {
		mvq = map[string][]string(r.query)
	}
	return map[string]any{
		"resource": "/{proxy+}", "path": r.path, "httpMethod": r.method,
		"headers": h, "multiValueHeaders": multi(h),
		"queryStringParameters": singleQuery(r), "multiValueQueryStringParameters": mvq,
		"pathParameters": map[string]string{"proxy": strings.TrimPrefix(r.path, "/")}, "stageVariables": nil,
		"requestContext": map[string]any{
			"accountId": accountID, "apiId": "a1b2c3d4e5", "resourcePath": "/{proxy+}", "httpMethod": r.method,
			"path": "/prod" + r.path, "stage": "prod", "requestId": fmt.Sprintf("req-v1-%d", i), "requestTimeEpoch": epochMs,
			"protocol": "HTTP/1.1", "domainName": "a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com",
			"identity": map[string]any{"sourceIp": r.headers["x-forwarded-for"], "userAgent": r.headers["user-agent"]},
		},
		"body": nilIfEmpty(r.body), "isBase64Encoded": false,
	}
}

// apigwV2 is an API Gateway HTTP API (payload v2) event; functionURL reuses it.
func apigwV2(r httpReq, i int, domain string) map[string]any {
	ev := map[string]any{
		"version": "2.0", "routeKey": "$default", "rawPath": r.path, "rawQueryString": r.rawQuery(),
		"headers": r.headers, "queryStringParameters": singleQuery(r),
		"requestContext": map[string]any{
			"accountId": accountID, "apiId": "f6g7h8i9j0", "domainName": domain, "requestId": fmt.Sprintf("req-v2-%d", i),
			"routeKey": "$default", "stage": "$default", "timeEpoch": epochMs,
			"http": map[string]any{"method": r.method, "path": r.path, "protocol": "HTTP/1.1",
				"sourceIp": r.headers["x-forwarded-for"], "userAgent": r.headers["user-agent"]},
		},
		"isBase64Encoded": false,
	}
	if len(r.cookies) > 0 {
		ev["cookies"] = r.cookies
	}
	if r.body != "" {
		ev["body"] = r.body
	}
	return ev
}

// alb is an Application Load Balancer event (multi-value headers enabled).
func alb(r httpReq, i int) map[string]any {
	h := withCookieHeader(r)
	mvq := map[string][]string{}
	for k, vs := range r.query {
		mvq[k] = vs
	}
	return map[string]any{
		"requestContext": map[string]any{"elb": map[string]any{"targetGroupArn": "arn:aws:elasticloadbalancing:eu-west-1:" + accountID + ":targetgroup/api/abc123"}},
		"httpMethod":     r.method, "path": r.path, "multiValueQueryStringParameters": mvq,
		"multiValueHeaders": multi(h), "body": r.body, "isBase64Encoded": false,
	}
}

// websocket is an API Gateway WebSocket MESSAGE event carrying the request body.
func websocket(r httpReq, i int) map[string]any {
	body := r.body
	if body == "" {
		body = `{"action":"ping","ts":"2026-11-25T18:00:00Z"}`
	}
	return map[string]any{
		"requestContext": map[string]any{
			"routeKey": "sendmessage", "eventType": "MESSAGE", "messageId": fmt.Sprintf("msg-%d", i), "connectionId": fmt.Sprintf("conn%08d=", i),
			"domainName": "ws.example.com", "stage": "prod", "apiId": "k1l2m3n4o5", "requestId": fmt.Sprintf("req-ws-%d", i),
			"requestTimeEpoch": epochMs, "messageDirection": "IN", "connectedAt": epochMs - 60000,
			"identity": map[string]any{"sourceIp": r.headers["x-forwarded-for"], "userAgent": r.headers["user-agent"]},
		},
		"body": body, "isBase64Encoded": false,
	}
}
