package main

import (
	"context"
	"fmt"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// maxLoggedEvent is the largest event printed in full on a HANDLER_EVENT line.
const maxLoggedEvent = 16 << 10

// function implements lambda.Handler so that payloads cross aws-lambda-go
// as raw bytes, never re-encoded: the echo action is byte-exact.
type function struct{}

// Invoke dispatches on the action named in the event.
func (function) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	cmd := parseCommand(payload)
	requestID := "-"
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		requestID = lc.AwsRequestID
	}
	fmt.Printf("HANDLER_INVOKED %s %s\n", requestID, cmd.Marker)
	if len(payload) <= maxLoggedEvent {
		fmt.Printf("HANDLER_EVENT %s %s\n", requestID, oneLine(payload))
	}
	return run(ctx, cmd, payload)
}

func main() {
	lambda.StartWithOptions(function{}, lambda.WithEnableSIGTERM(func() {
		fmt.Println("SIGTERM_RECEIVED")
	}))
}
