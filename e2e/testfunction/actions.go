package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// errHandled is the error type returned by the "error" action; aws-lambda-go
// reports its type name as errorType.
type errHandled struct{ msg string }

func (e *errHandled) Error() string { return e.msg }

// run performs cmd and returns the response payload.
func run(ctx context.Context, cmd command, payload []byte) ([]byte, error) {
	switch cmd.Action {
	case actionEcho:
		return payload, nil
	case actionError:
		return nil, &errHandled{msg: cmd.Message}
	case actionPanic:
		panic(cmd.Message)
	case actionSleep:
		// A handler stuck past its deadline: it does not watch ctx, so the
		// Runtime API's own timeout always ends the invoke (watching ctx
		// raced that timeout at exactly the deadline).
		time.Sleep(time.Duration(cmd.Millis) * time.Millisecond)
		return payload, nil
	case actionHTTP:
		return httpResponse(cmd)
	case actionLarge:
		return large(cmd.Size), nil
	case actionEnv:
		return json.Marshal(os.Getenv(cmd.Name))
	}
	return nil, errors.New("unknown action " + cmd.Action)
}

func httpResponse(cmd command) ([]byte, error) {
	status := cmd.Status
	if status == 0 {
		status = 200
	}
	resp := events.APIGatewayV2HTTPResponse{
		StatusCode: status,
		Headers:    map[string]string{"content-type": "application/json"},
		Body:       cmd.Body,
	}
	out, err := json.Marshal(resp)
	if err != nil {
		return nil, fmt.Errorf("marshal http response: %w", err)
	}
	return out, nil
}

// large returns a JSON string of exactly size bytes (at least 2).
func large(size int) []byte {
	if size < 2 {
		size = 2
	}
	return []byte(`"` + strings.Repeat("x", size-2) + `"`)
}
