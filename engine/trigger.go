package engine

import (
	"strings"

	"github.com/tidwall/gjson"
)

// Source identifies the AWS trigger that produced an event.
type Source string

// Sources recognised by DetectSource; the values are the input document's
// "source" strings.
const (
	SourceAPIGWREST      Source = "apigw_rest"
	SourceAPIGWHTTP      Source = "apigw_http"
	SourceAPIGWWebSocket Source = "apigw_websocket"
	SourceALB            Source = "alb"
	SourceFunctionURL    Source = "function_url"
	SourceSQS            Source = "sqs"
	SourceSNS            Source = "sns"
	SourceS3             Source = "s3"
	SourceEventBridge    Source = "eventbridge"
	SourceDynamoDB       Source = "dynamodb"
	SourceKinesis        Source = "kinesis"
	SourceCloudWatchLogs Source = "cloudwatch_logs"
	SourceUnknown        Source = "unknown"
)

// IsHTTP reports whether s is an HTTP trigger, i.e. one whose input
// document carries an "http" object (and a "response" object in the
// response phase).
func IsHTTP(s Source) bool {
	switch s {
	case SourceAPIGWREST, SourceAPIGWHTTP, SourceAPIGWWebSocket, SourceALB, SourceFunctionURL:
		return true
	}
	return false
}

// DetectSource reports which trigger produced payload, from the shape of
// the event alone. Payloads that are not JSON, are nested deeper than the
// default maximum depth, or match no known trigger are SourceUnknown.
//
// The markers, checked in this order: requestContext.elb (ALB);
// requestContext.connectionId and eventType (WebSocket); version "2.0" with
// requestContext.http (HTTP API, or function URL when
// requestContext.domainName is <id>.lambda-url.<region>.on.aws);
// httpMethod with a requestContext that has no http member (REST; an HTTP
// API using payload format 1.0 has this shape too and is reported as REST);
// the eventSource of Records[0] (aws:sqs, aws:s3, aws:dynamodb,
// aws:kinesis) or its EventSource (aws:sns); detail-type, source and detail
// (EventBridge); awslogs.data (CloudWatch Logs).
//
// API Gateway Lambda authorizer events (REST "TOKEN"/"REQUEST" and HTTP API
// "REQUEST" payloads, recognised by "type" with "methodArn" or "routeArn")
// are SourceUnknown: the authorizer never sees the request body and its
// answer is an IAM policy, not an HTTP response, so there is no HTTP request
// to protect in that function.
func DetectSource(payload []byte) Source {
	v := newPayloadView(payload)
	if sc, err := v.doc.checked(defaultMaxDepth); err != nil || !sc.valid {
		return SourceUnknown
	}
	f := scanEventFields(v)
	return f.detect()
}

// eventFields holds the top-level members of an event that detection and
// the HTTP view read. When a member is repeated the last one wins, as in the
// JSON decoders of the Lambda runtimes. The body is not among them: it is
// read through payloadView.httpBody, and only decoded when needed.
type eventFields struct {
	version, httpMethod, path, rawPath, rawQuery gjson.Result
	headers, mvHeaders, query, mvQuery, cookies  gjson.Result
	requestContext, isBase64, routeKey           gjson.Result
	typ, methodArn, routeArn                     gjson.Result
	records, detailType, source, detail, awslogs gjson.Result
	statusCode                                   gjson.Result
}

// scanEventFields reads the fields of a payload scanned as valid JSON
// from its scan; members it does not keep are not even parsed.
func scanEventFields(pv *payloadView) eventFields {
	var f eventFields
	text := pv.doc.text
	for _, m := range pv.doc.current().members {
		if dst := f.field(m.key); dst != nil {
			*dst = gjson.Parse(text[m.start:m.end])
		}
	}
	return f
}

// field is where the member named key goes, nil for members not kept.
func (f *eventFields) field(key string) *gjson.Result {
	switch key {
	case "version":
		return &f.version
	case "httpMethod":
		return &f.httpMethod
	case "path":
		return &f.path
	case "rawPath":
		return &f.rawPath
	case "rawQueryString":
		return &f.rawQuery
	case "headers":
		return &f.headers
	case "multiValueHeaders":
		return &f.mvHeaders
	case "queryStringParameters":
		return &f.query
	case "multiValueQueryStringParameters":
		return &f.mvQuery
	case "cookies":
		return &f.cookies
	case "requestContext":
		return &f.requestContext
	case "isBase64Encoded":
		return &f.isBase64
	case "routeKey":
		return &f.routeKey
	case "type":
		return &f.typ
	case "methodArn":
		return &f.methodArn
	case "routeArn":
		return &f.routeArn
	case "Records":
		return &f.records
	case "detail-type":
		return &f.detailType
	case "source":
		return &f.source
	case "detail":
		return &f.detail
	case "awslogs":
		return &f.awslogs
	case "statusCode":
		return &f.statusCode
	}
	return nil
}

func (f *eventFields) detect() Source {
	if s := f.detectHTTP(); s != SourceUnknown {
		return s
	}
	if f.isAuthorizer() {
		return SourceUnknown
	}
	if f.records.IsArray() {
		first := f.records.Get("0")
		switch first.Get("eventSource").Str {
		case "aws:sqs":
			return SourceSQS
		case "aws:s3":
			return SourceS3
		case "aws:dynamodb":
			return SourceDynamoDB
		case "aws:kinesis":
			return SourceKinesis
		}
		if first.Get("EventSource").Str == "aws:sns" {
			return SourceSNS
		}
	}
	if f.detailType.Type == gjson.String && f.source.Type == gjson.String && f.detail.Exists() {
		return SourceEventBridge
	}
	if f.awslogs.Get("data").Type == gjson.String {
		return SourceCloudWatchLogs
	}
	return SourceUnknown
}

// isAuthorizer recognises API Gateway Lambda authorizer events.
func (f *eventFields) isAuthorizer() bool {
	return f.typ.Type == gjson.String && (f.methodArn.Exists() || f.routeArn.Exists())
}

func (f *eventFields) detectHTTP() Source {
	rc := f.requestContext
	if !rc.IsObject() || f.isAuthorizer() {
		return SourceUnknown
	}
	if rc.Get("elb").IsObject() {
		return SourceALB
	}
	if rc.Get("connectionId").Type == gjson.String && rc.Get("eventType").Type == gjson.String {
		return SourceAPIGWWebSocket
	}
	if rc.Get("http").IsObject() && f.version.Str == "2.0" {
		if isFunctionURLDomain(rc.Get("domainName").Str) {
			return SourceFunctionURL
		}
		return SourceAPIGWHTTP
	}
	if f.httpMethod.Type == gjson.String && !rc.Get("http").Exists() {
		return SourceAPIGWREST
	}
	return SourceUnknown
}

// isFunctionURLDomain matches <url-id>.lambda-url.<region>.on.aws, the
// only domain a function URL event carries (custom domains in front of a
// function URL still reach it under this name).
func isFunctionURLDomain(d string) bool {
	return strings.HasSuffix(d, ".on.aws") && strings.Contains(d, ".lambda-url.")
}
