package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// maxCell bounds the width of a table cell.
const maxCell = 60

// handlerView summarises the event the handler logged: for HTTP events the
// query and body, for SQS events the message bodies, else the event.
func handlerView(event string) string {
	var ev struct {
		RawQueryString *string `json:"rawQueryString"`
		Body           *string `json:"body"`
		Records        []struct {
			Body *string `json:"body"`
		} `json:"Records"`
	}
	if json.Unmarshal([]byte(event), &ev) != nil {
		return clip(event)
	}
	switch {
	case ev.RawQueryString != nil || ev.Body != nil:
		var parts []string
		if ev.RawQueryString != nil && *ev.RawQueryString != "" {
			parts = append(parts, "query "+*ev.RawQueryString)
		}
		if ev.Body != nil && *ev.Body != "" {
			parts = append(parts, "body "+*ev.Body)
		}
		if len(parts) == 0 {
			return "(no query, no body)"
		}
		return clip(strings.Join(parts, " "))
	case len(ev.Records) > 0 && ev.Records[0].Body != nil:
		return clip("message " + *ev.Records[0].Body)
	}
	return clip(event)
}

// callerView summarises what the emulator returned to the caller.
func callerView(status int, body []byte) string {
	var resp struct {
		StatusCode   int     `json:"statusCode"`
		Body         *string `json:"body"`
		ErrorType    string  `json:"errorType"`
		ErrorMessage string  `json:"errorMessage"`
	}
	if json.Unmarshal(body, &resp) == nil {
		switch {
		case resp.StatusCode != 0 && resp.Body != nil && *resp.Body == "":
			return fmt.Sprintf("HTTP %d (empty body)", resp.StatusCode)
		case resp.StatusCode != 0 && resp.Body != nil:
			return clip(fmt.Sprintf("HTTP %d %s", resp.StatusCode, *resp.Body))
		case resp.ErrorType != "":
			return clip(fmt.Sprintf("error %s: %s", resp.ErrorType, resp.ErrorMessage))
		}
	}
	var buf bytes.Buffer
	if json.Compact(&buf, body) == nil {
		body = buf.Bytes()
	}
	return clip(fmt.Sprintf("%d %s", status, body))
}

// clip shortens s to one line of at most maxCell characters.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > maxCell {
		return string(r[:maxCell-1]) + "…"
	}
	return s
}
