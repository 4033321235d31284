package engine

import (
	"encoding/json"
	"strings"
	"testing"
)

// awsSampleSources classifies every event sample of aws-lambda-go. A new
// sample in a later aws-lambda-go makes TestDetectSourceAWSSamples fail
// until it is added here.
var awsSampleSources = map[string]Source{
	"activemq-event.json":                                   SourceUnknown,
	"alb-lambda-target-request-headers-only.json":           SourceALB,
	"alb-lambda-target-request-multivalue-headers.json":     SourceALB,
	"alb-lambda-target-response.json":                       SourceUnknown,
	"apigw-custom-auth-request-type-request.json":           SourceUnknown, // authorizer
	"apigw-custom-auth-request.json":                        SourceUnknown, // authorizer
	"apigw-custom-auth-response.json":                       SourceUnknown,
	"apigw-request.json":                                    SourceAPIGWREST,
	"apigw-response.json":                                   SourceUnknown,
	"apigw-restapi-openapi-request.json":                    SourceAPIGWREST,
	"apigw-v2-custom-authorizer-v1-request.json":            SourceUnknown, // authorizer
	"apigw-v2-custom-authorizer-v2-request.json":            SourceUnknown, // authorizer
	"apigw-v2-request-iam.json":                             SourceAPIGWHTTP,
	"apigw-v2-request-jwt-authorizer.json":                  SourceAPIGWHTTP,
	"apigw-v2-request-lambda-authorizer.json":               SourceAPIGWHTTP,
	"apigw-v2-request-no-authorizer.json":                   SourceAPIGWHTTP,
	"apigw-websocket-request-disconnect.json":               SourceAPIGWWebSocket,
	"apigw-websocket-request-send-message.json":             SourceAPIGWWebSocket,
	"apigw-websocket-request.json":                          SourceAPIGWWebSocket,
	"appsync-identity-cognito.json":                         SourceUnknown,
	"appsync-identity-iam.json":                             SourceUnknown,
	"appsync-lambda-auth-request.json":                      SourceUnknown,
	"appsync-lambda-auth-response.json":                     SourceUnknown,
	"autoscaling-event-launch-successful.json":              SourceEventBridge,
	"autoscaling-event-launch-unsuccessful.json":            SourceEventBridge,
	"autoscaling-event-lifecycle-action.json":               SourceEventBridge,
	"autoscaling-event-terminate-action.json":               SourceEventBridge,
	"autoscaling-event-terminate-successful.json":           SourceEventBridge,
	"autoscaling-event-terminate-unsuccessful.json":         SourceEventBridge,
	"clientvpn-connectionhandler-request.json":              SourceUnknown,
	"cloudwatch-alarm-sns-payload-multiple-metrics.json":    SourceSNS,
	"cloudwatch-alarm-sns-payload-single-metric.json":       SourceSNS,
	"cloudwatch-logs-event.json":                            SourceCloudWatchLogs,
	"code-commit-event.json":                                SourceUnknown,
	"codebuild-phase-change.json":                           SourceEventBridge,
	"codebuild-state-change.json":                           SourceEventBridge,
	"codedeploy-deployment-event.json":                      SourceEventBridge,
	"codedeploy-instance-event.json":                        SourceEventBridge,
	"codepipeline-action-execution-stage-change-event.json": SourceEventBridge,
	"codepipeline-execution-stage-change-event.json":        SourceEventBridge,
	"codepipeline-execution-state-change-event.json":        SourceEventBridge,
	"codepipeline-job-event.json":                           SourceUnknown,
	"cognito-event-userpools-create-auth-challenge.json":    SourceUnknown,
	"cognito-event-userpools-custommessage.json":            SourceUnknown,
	"cognito-event-userpools-define-auth-challenge.json":    SourceUnknown,
	"cognito-event-userpools-inbound-federation-oidc.json":  SourceUnknown,
	"cognito-event-userpools-inbound-federation-saml.json":  SourceUnknown,
	"cognito-event-userpools-migrateuser.json":              SourceUnknown,
	"cognito-event-userpools-postauthentication.json":       SourceUnknown,
	"cognito-event-userpools-postconfirmation.json":         SourceUnknown,
	"cognito-event-userpools-preauthentication.json":        SourceUnknown,
	"cognito-event-userpools-presignup.json":                SourceUnknown,
	"cognito-event-userpools-pretokengen-v2.json":           SourceUnknown,
	"cognito-event-userpools-pretokengen-v2_0.json":         SourceUnknown,
	"cognito-event-userpools-pretokengen.json":              SourceUnknown,
	"cognito-event-userpools-verify-auth-challenge.json":    SourceUnknown,
	"cognito-event.json":                                    SourceUnknown,
	"config-event.json":                                     SourceUnknown,
	"connect-event.json":                                    SourceUnknown,
	"dynamodb-event-malformed.2.json":                       SourceUnknown, // not JSON
	"dynamodb-event.json":                                   SourceDynamoDB,
	"dynamodb-time-window-event.json":                       SourceDynamoDB,
	"ecr-image-push-event.json":                             SourceEventBridge,
	"ecr-image-scan-event.json":                             SourceEventBridge,
	"ecs-container-instance-state-change.json":              SourceEventBridge,
	"iot-1-click-event.json":                                SourceUnknown,
	"iot-button-event.json":                                 SourceUnknown,
	"iot-custom-auth-request.json":                          SourceUnknown,
	"iot-custom-auth-response.json":                         SourceUnknown,
	"iot-preprovision-hook-request.json":                    SourceUnknown,
	"iot-preprovision-hook-response.json":                   SourceUnknown,
	"kafka-event.json":                                      SourceUnknown,
	"kinesis-analytics-output-delivery-event.json":          SourceUnknown,
	"kinesis-analytics-output-delivery-response.json":       SourceUnknown,
	"kinesis-event.json":                                    SourceKinesis,
	"kinesis-firehose-event.json":                           SourceUnknown,
	"kinesis-firehose-response.json":                        SourceUnknown,
	"kinesis-time-window-event.json":                        SourceKinesis,
	"lambda-urls-request.json":                              SourceFunctionURL,
	"lambda-urls-response.json":                             SourceUnknown,
	"lex-event.json":                                        SourceUnknown,
	"lex-response.json":                                     SourceUnknown,
	"rabbitmq-event.json":                                   SourceUnknown,
	"s3-batch-job-event-request-1.0.json":                   SourceUnknown,
	"s3-batch-job-event-request-2.0.json":                   SourceUnknown,
	"s3-batch-job-event-response.json":                      SourceUnknown,
	"s3-event-with-decoded.json":                            SourceS3,
	"s3-event.json":                                         SourceS3,
	"s3-glacier-event.json":                                 SourceS3,
	"s3-intelligenttier-event.json":                         SourceS3,
	"s3-lifecycle-event.json":                               SourceS3,
	"s3-object-lambda-event-get-object-assumed-role.json":   SourceUnknown,
	"s3-object-lambda-event-get-object-iam.json":            SourceUnknown,
	"s3-object-lambda-event-head-object-iam.json":           SourceUnknown,
	"s3-object-lambda-event-list-objects-iam.json":          SourceUnknown,
	"s3-object-lambda-event-list-objects-v2-iam.json":       SourceUnknown,
	"s3-replication-event.json":                             SourceS3,
	"s3-restore-event.json":                                 SourceS3,
	"secretsmanager-secret-rotation-event.json":             SourceUnknown,
	"ses-lambda-event.json":                                 SourceUnknown,
	"ses-s3-event.json":                                     SourceUnknown,
	"ses-sns-event.json":                                    SourceUnknown,
	"sns-event.json":                                        SourceSNS,
	"sqs-event.json":                                        SourceSQS,
}

func TestDetectSourceAWSSamples(t *testing.T) {
	files := awsEventFiles(t)
	for _, name := range sortedNames(files) {
		t.Run(name, func(t *testing.T) {
			want, ok := awsSampleSources[name]
			if !ok {
				t.Fatalf("new aws-lambda-go sample %s: classify it in awsSampleSources", name)
			}
			if got := DetectSource(files[name]); got != want {
				t.Errorf("DetectSource(%s) = %q, want %q", name, got, want)
			}
		})
	}
	for name := range awsSampleSources {
		if _, ok := files[name]; !ok {
			t.Errorf("awsSampleSources lists %s, which aws-lambda-go no longer ships", name)
		}
	}
}

func TestDetectSourceLocalEvents(t *testing.T) {
	for name, payload := range localEventFiles(t, "event") {
		if got := DetectSource(payload); string(got) != name {
			t.Errorf("DetectSource(testdata/input/%s.event.json) = %q", name, got)
		}
	}
}

func TestDetectSourceShapes(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    Source
	}{
		{"empty", ``, SourceUnknown},
		{"text", `hello`, SourceUnknown},
		{"truncated json", `{"Records":[{"eventSource":"aws:sqs"}`, SourceUnknown},
		{"scalar", `42`, SourceUnknown},
		{"array", `[{"eventSource":"aws:sqs"}]`, SourceUnknown},
		{"too deep", `{"Records":[{"eventSource":"aws:sqs","x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}]}`, SourceUnknown},
		{"rest minimal", `{"httpMethod":"GET","requestContext":{}}`, SourceAPIGWREST},
		{"rest without requestContext", `{"httpMethod":"GET","path":"/"}`, SourceUnknown},
		{"rest with http in requestContext", `{"httpMethod":"GET","requestContext":{"http":{}}}`, SourceUnknown},
		{"http v2", `{"version":"2.0","requestContext":{"http":{"method":"GET"}}}`, SourceAPIGWHTTP},
		{"http v1 version with http", `{"version":"1.0","requestContext":{"http":{"method":"GET"}}}`, SourceUnknown},
		{"function url", `{"version":"2.0","requestContext":{"domainName":"x.lambda-url.us-east-1.on.aws","http":{}}}`, SourceFunctionURL},
		{"function url look-alike", `{"version":"2.0","requestContext":{"domainName":"lambda-url.example.com","http":{}}}`, SourceAPIGWHTTP},
		{"alb", `{"httpMethod":"GET","requestContext":{"elb":{"targetGroupArn":"a"}}}`, SourceALB},
		{"websocket connect", `{"requestContext":{"eventType":"CONNECT","connectionId":"c","routeKey":"$connect"}}`, SourceAPIGWWebSocket},
		{"rest token authorizer", `{"type":"TOKEN","authorizationToken":"t","methodArn":"arn"}`, SourceUnknown},
		{"rest request authorizer", `{"type":"REQUEST","methodArn":"arn","httpMethod":"GET","requestContext":{}}`, SourceUnknown},
		{"http request authorizer", `{"version":"2.0","type":"REQUEST","routeArn":"arn","requestContext":{"http":{}}}`, SourceUnknown},
		{"sqs", `{"Records":[{"eventSource":"aws:sqs"}]}`, SourceSQS},
		{"sns", `{"Records":[{"EventSource":"aws:sns"}]}`, SourceSNS},
		{"sns lower-case key", `{"Records":[{"eventSource":"aws:sns"}]}`, SourceUnknown},
		{"s3", `{"Records":[{"eventSource":"aws:s3"}]}`, SourceS3},
		{"dynamodb", `{"Records":[{"eventSource":"aws:dynamodb"}]}`, SourceDynamoDB},
		{"kinesis", `{"Records":[{"eventSource":"aws:kinesis"}]}`, SourceKinesis},
		{"ses", `{"Records":[{"eventSource":"aws:ses"}]}`, SourceUnknown},
		{"empty records", `{"Records":[]}`, SourceUnknown},
		{"eventbridge", `{"detail-type":"x","source":"y","detail":{}}`, SourceEventBridge},
		{"eventbridge without detail", `{"detail-type":"x","source":"y"}`, SourceUnknown},
		{"cloudwatch logs", `{"awslogs":{"data":"H4sI"}}`, SourceCloudWatchLogs},
		{"cloudwatch logs without data", `{"awslogs":{}}`, SourceUnknown},
		{"last duplicate wins", `{"Records":[{"eventSource":"aws:sqs"}],"Records":[{"eventSource":"aws:s3"}]}`, SourceS3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectSource([]byte(tt.payload)); got != tt.want {
				t.Errorf("DetectSource(%q) = %q, want %q", tt.payload, got, tt.want)
			}
		})
	}
}

func TestIsHTTP(t *testing.T) {
	http := map[Source]bool{SourceAPIGWREST: true, SourceAPIGWHTTP: true, SourceAPIGWWebSocket: true, SourceALB: true, SourceFunctionURL: true}
	all := []Source{SourceAPIGWREST, SourceAPIGWHTTP, SourceAPIGWWebSocket, SourceALB, SourceFunctionURL, SourceSQS, SourceSNS, SourceS3, SourceEventBridge, SourceDynamoDB, SourceKinesis, SourceCloudWatchLogs, SourceUnknown, ""}
	for _, s := range all {
		if got := IsHTTP(s); got != http[s] {
			t.Errorf("IsHTTP(%q) = %v, want %v", s, got, http[s])
		}
	}
}

func FuzzDetectSource(f *testing.F) {
	for _, b := range localEventFiles(f, "event") {
		f.Add(b)
	}
	for _, b := range awsEventFiles(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		got := DetectSource(payload)
		if !contractSources[got] {
			t.Fatalf("DetectSource returned %q, not a contract source", got)
		}
		if got != SourceUnknown && !json.Valid(payload) {
			t.Fatalf("payload that is not JSON detected as %q", got)
		}
		if _, memo, err := BuildEventInput(payload, Invocation{}, FunctionInfo{}, InputOptions{}); err == nil && memo.Source != got {
			t.Fatalf("BuildEventInput source %q, DetectSource %q", memo.Source, got)
		}
	})
}

var contractSources = map[Source]bool{
	SourceAPIGWREST: true, SourceAPIGWHTTP: true, SourceAPIGWWebSocket: true, SourceALB: true,
	SourceFunctionURL: true, SourceSQS: true, SourceSNS: true, SourceS3: true, SourceEventBridge: true,
	SourceDynamoDB: true, SourceKinesis: true, SourceCloudWatchLogs: true, SourceUnknown: true,
}
