package main

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
)

// Test values that the PII pack masks in events by default.
const (
	testCard      = "4111 1111 1111 1111"
	testAccessKey = "AKIAIOSFODNN7EXAMPLE"
)

// domainEvent is the JSON message an application puts on a queue or topic.
func domainEvent(rng *rand.Rand, i int, withCard bool) map[string]any {
	ev := map[string]any{
		"eventId":    fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", rng.Uint32(), rng.IntN(0xffff), rng.IntN(0xfff), rng.IntN(0xfff), rng.Int64N(0xffffffffffff)),
		"type":       pick(rng, []string{"OrderPlaced", "OrderShipped", "CustomerUpdated", "ReviewPosted", "ListItemDeleted"}),
		"occurredAt": fmt.Sprintf("2026-11-%02dT%02d:%02d:%02d.%03dZ", rng.IntN(28)+1, rng.IntN(24), rng.IntN(60), rng.IntN(60), rng.IntN(1000)),
		"orderId":    1700000000000 + rng.Int64N(99999999999),
		"customer":   map[string]any{"name": pick(rng, names), "email": pick(rng, emails), "city": pick(rng, cities)},
		"items":      []any{map[string]any{"name": pick(rng, products), "qty": rng.IntN(4) + 1}},
		"note":       pick(rng, prose),
		"version":    3,
	}
	if withCard {
		ev["payment"] = map[string]any{"method": "card", "card": testCard, "expiry": "12/29", "holder": pick(rng, names)}
	}
	return ev
}

func sqs(rng *rand.Rand, i int, withCard bool) map[string]any {
	var recs []any
	for k := 0; k < 1+i%3; k++ {
		recs = append(recs, map[string]any{
			"messageId": fmt.Sprintf("059f36b4-87a3-44ab-83d2-%012d", i*10+k), "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
			"body":              jsonBody(domainEvent(rng, i, withCard && k == 0)),
			"attributes":        map[string]any{"ApproximateReceiveCount": "1", "SentTimestamp": fmt.Sprint(epochMs), "SenderId": "AIDAIENQZJOLO23YVJ4VO"},
			"messageAttributes": map[string]any{"tenant": map[string]any{"stringValue": "acme-eu", "dataType": "String"}},
			"md5OfBody":         "e4e68fb7bd0e697a0ae8f1bb342846b3", "eventSource": "aws:sqs",
			"eventSourceARN": "arn:aws:sqs:eu-west-1:" + accountID + ":orders", "awsRegion": "eu-west-1",
		})
	}
	return map[string]any{"Records": recs}
}

func sns(rng *rand.Rand, i int, withKey bool) map[string]any {
	msg := jsonBody(domainEvent(rng, i, false))
	if i%4 == 0 {
		msg = pick(rng, prose)
	}
	if withKey {
		msg = jsonBody(map[string]any{"alert": "Credentials rotated", "access_key_id": testAccessKey, "user": "ci-deployer", "at": "2026-11-25T18:00:00Z"})
	}
	return map[string]any{"Records": []any{map[string]any{
		"EventSource": "aws:sns", "EventVersion": "1.0", "EventSubscriptionArn": "arn:aws:sns:eu-west-1:" + accountID + ":notifications:2bcfbf39",
		"Sns": map[string]any{
			"Type": "Notification", "MessageId": fmt.Sprintf("95df01b4-ee98-5cb9-9903-%012d", i), "TopicArn": "arn:aws:sns:eu-west-1:" + accountID + ":notifications",
			"Subject": pick(rng, []string{"Order update", "Select your delivery slot", "Weekly digest"}), "Message": msg,
			"Timestamp": "2026-11-25T18:00:00.000Z", "SignatureVersion": "1", "Signature": "tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...",
			"MessageAttributes": map[string]any{"priority": map[string]any{"Type": "String", "Value": "normal"}},
		},
	}}}
}

func s3(rng *rand.Rand, i int) map[string]any {
	key := fmt.Sprintf("uploads/2026/11/%s invoice (%d).pdf", pick(rng, []string{"O'Brien", "Zoë", "李", "select-report", "drop_v2"}), i)
	return map[string]any{"Records": []any{map[string]any{
		"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "eu-west-1", "eventTime": "2026-11-25T18:00:00.000Z",
		"eventName":    pick(rng, []string{"ObjectCreated:Put", "ObjectCreated:CompleteMultipartUpload", "ObjectRemoved:Delete"}),
		"userIdentity": map[string]any{"principalId": "AWS:AROAEXAMPLE:uploader"}, "requestParameters": map[string]any{"sourceIPAddress": "198.51.100.7"},
		"responseElements": map[string]any{"x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
		"s3": map[string]any{"s3SchemaVersion": "1.0", "configurationId": "on-upload",
			"bucket": map[string]any{"name": "acme-uploads", "arn": "arn:aws:s3:::acme-uploads", "ownerIdentity": map[string]any{"principalId": "A3NL1KOZZKExample"}},
			"object": map[string]any{"key": strings.ReplaceAll(url.QueryEscape(key), "%2F", "/"), "size": rng.IntN(5000000), "eTag": "d41d8cd98f00b204e9800998ecf8427e", "sequencer": "0055AED6DCD90281E5"}},
	}}}
}

func eventBridge(rng *rand.Rand, i int) map[string]any {
	return map[string]any{
		"version": "0", "id": fmt.Sprintf("6a7e8feb-b491-4cf7-a9f1-%012d", i), "detail-type": pick(rng, []string{"Order Placed", "EC2 Instance State-change Notification", "Scheduled Event"}),
		"source": pick(rng, []string{"com.acme.orders", "aws.ec2", "aws.events"}), "account": accountID, "time": "2026-11-25T18:00:00Z", "region": "eu-west-1",
		"resources": []string{"arn:aws:events:eu-west-1:" + accountID + ":rule/nightly"},
		"detail":    domainEvent(rng, i, false),
	}
}

func dynamoDB(rng *rand.Rand, i int) map[string]any {
	return map[string]any{"Records": []any{map[string]any{
		"eventID": fmt.Sprintf("c4ca4238a0b923820dcc509a6f75849%d", i%10), "eventName": pick(rng, []string{"INSERT", "MODIFY", "REMOVE"}), "eventVersion": "1.1",
		"eventSource": "aws:dynamodb", "awsRegion": "eu-west-1",
		"dynamodb": map[string]any{"ApproximateCreationDateTime": 1795716000, "Keys": map[string]any{"pk": map[string]any{"S": fmt.Sprintf("USER#%d", i)}},
			"NewImage": map[string]any{"pk": map[string]any{"S": fmt.Sprintf("USER#%d", i)}, "name": map[string]any{"S": pick(rng, names)},
				"bio": map[string]any{"S": pick(rng, prose)}, "score": map[string]any{"N": fmt.Sprint(rng.IntN(1000))}, "tags": map[string]any{"SS": []string{"a", "b"}}},
			"SequenceNumber": fmt.Sprintf("1110000000000000%05d", i), "SizeBytes": 59, "StreamViewType": "NEW_AND_OLD_IMAGES"},
		"eventSourceARN": "arn:aws:dynamodb:eu-west-1:" + accountID + ":table/users/stream/2026-11-25T00:00:00.000",
	}}}
}

func kinesis(rng *rand.Rand, i int) map[string]any {
	data := base64.StdEncoding.EncodeToString([]byte(jsonBody(domainEvent(rng, i, false))))
	return map[string]any{"Records": []any{map[string]any{
		"kinesis": map[string]any{"kinesisSchemaVersion": "1.0", "partitionKey": fmt.Sprint(i), "sequenceNumber": fmt.Sprintf("4959033%035d", i),
			"data": data, "approximateArrivalTimestamp": 1795716000.123},
		"eventSource": "aws:kinesis", "eventVersion": "1.0", "eventID": fmt.Sprintf("shardId-000000000006:4959033%035d", i), "eventName": "aws:kinesis:record",
		"invokeIdentityArn": "arn:aws:iam::" + accountID + ":role/kinesis-reader", "awsRegion": "eu-west-1",
		"eventSourceARN": "arn:aws:kinesis:eu-west-1:" + accountID + ":stream/clicks",
	}}}
}

func cloudWatchLogs(rng *rand.Rand, i int) map[string]any {
	payload := map[string]any{"messageType": "DATA_MESSAGE", "owner": accountID, "logGroup": "/aws/lambda/orders", "logStream": "2026/11/25/[$LATEST]abc",
		"subscriptionFilters": []string{"errors"}, "logEvents": []any{map[string]any{"id": fmt.Sprint(i), "timestamp": epochMs,
			"message": fmt.Sprintf("INFO order %d processed for %s in %dms", rng.IntN(99999), pick(rng, names), rng.IntN(900))}}}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.ModTime = zeroTime
	_, _ = zw.Write([]byte(jsonBody(payload)))
	_ = zw.Close()
	return map[string]any{"awslogs": map[string]any{"data": base64.StdEncoding.EncodeToString(buf.Bytes())}}
}
