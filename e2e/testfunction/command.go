package main

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Actions understood by the function.
const (
	actionEcho  = "echo"  // return the event unchanged (the default)
	actionError = "error" // return a handled error with Message
	actionPanic = "panic" // panic with Message
	actionSleep = "sleep" // sleep Millis then echo
	actionHTTP  = "http"  // return an API Gateway v2 response with Status and Body
	actionLarge = "large" // return a JSON string document of Size bytes
	actionEnv   = "env"   // return the value of the environment variable Name as a JSON string
)

// command is what the event asks the function to do.
type command struct {
	Action  string `json:"action"`
	Marker  string `json:"marker"`
	Message string `json:"message"`
	Millis  int    `json:"millis"`
	Status  int    `json:"status"`
	Body    string `json:"body_out"`
	Size    int    `json:"size"`
	Name    string `json:"name"`
}

// triggerEvent is the part of a trigger event the function looks at: the
// headers and body of HTTP events, the message ids of SQS events.
type triggerEvent struct {
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
	Records []struct {
		MessageID string `json:"messageId"`
	} `json:"Records"`
}

// parseCommand reads the command from the event. Events that are not JSON
// objects are echoed. For HTTP events without an "action" field, the x-action,
// x-marker and x-status headers are used and the default is to answer 200 with
// the request body.
func parseCommand(payload []byte) command {
	var cmd command
	if err := json.Unmarshal(payload, &cmd); err != nil {
		cmd = command{}
	}
	var ev triggerEvent
	_ = json.Unmarshal(payload, &ev)
	if cmd.Marker == "" && len(ev.Records) > 0 {
		cmd.Marker = ev.Records[0].MessageID
	}
	if cmd.Action == "" && ev.Headers != nil {
		h := lowerKeys(ev.Headers)
		cmd.Action = h["x-action"]
		if cmd.Action == "" {
			cmd.Action = actionHTTP
			cmd.Body = ev.Body
		}
		if cmd.Marker == "" {
			cmd.Marker = h["x-marker"]
		}
	}
	if cmd.Action == "" {
		cmd.Action = actionEcho
	}
	if cmd.Marker == "" {
		cmd.Marker = "-"
	}
	return cmd
}

func lowerKeys(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// oneLine returns payload on one log line: JSON compacted (only whitespace
// between tokens goes), anything else with line breaks escaped.
func oneLine(payload []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, payload) == nil {
		return buf.String()
	}
	s := string(bytes.ReplaceAll(payload, []byte("\r"), []byte(`\r`)))
	return strings.ReplaceAll(s, "\n", `\n`)
}
