package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/lambda-firewall/lambda-firewall/internal/rie"
)

// row is one line of the demo's table.
type row struct {
	event    string
	decision string // what the policy decided, from the extension's decision lines
	handler  string // what the handler received
	caller   string // what the caller got
}

// decisionLine is the part of an extension decision log line the demo shows.
type decisionLine struct {
	Msg         string   `json:"msg"`
	RequestID   string   `json:"request_id"`
	Phase       string   `json:"phase"`
	Action      string   `json:"action"`
	Verdict     string   `json:"verdict"`
	RuleIDs     []string `json:"rule_ids"`
	MaskedPaths [][]any  `json:"masked_paths"`
	Error       string   `json:"error"`
}

// play invokes the function with s under request id id and reads back what
// happened from the logs.
func play(ctx context.Context, e *rie.Emulator, id string, s scenario) (row, error) {
	ictx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	status, body, _, err := e.InvokeWithHeader(ictx, s.payload, http.Header{rie.HeaderRequestID: {id}})
	if err != nil {
		return row{}, err
	}
	r := row{event: s.name, caller: callerView(status, body)}
	ev, found := waitDecision(ctx, e, id, "event", 3*time.Second)
	r.decision = "(no decision logged)"
	if found {
		r.decision = describeDecision(ev)
	}
	r.handler = "— not invoked"
	if !found || ev.Verdict == "allow" || ev.Verdict == "mask" || ev.Action != "block" {
		if line, ok := waitLine(ctx, e, "HANDLER_EVENT "+id+" ", 3*time.Second); ok {
			r.handler = handlerView(strings.TrimPrefix(line, "HANDLER_EVENT "+id+" "))
		}
	}
	if resp, ok := waitDecision(ctx, e, id, "response", time.Second); ok && resp.Action != "allow" {
		r.decision += "; response: " + describeAction(resp)
	}
	return r, nil
}

func waitLine(ctx context.Context, e *rie.Emulator, prefix string, d time.Duration) (string, bool) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	line, err := e.WaitLog(ctx, func(l string) bool { return strings.HasPrefix(l, prefix) })
	return line, err == nil
}

func waitDecision(ctx context.Context, e *rie.Emulator, id, phase string, d time.Duration) (decisionLine, bool) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var found decisionLine
	_, err := e.WaitLog(ctx, func(l string) bool {
		var dl decisionLine
		if !strings.Contains(l, `"msg":"decision"`) || json.Unmarshal([]byte(l), &dl) != nil {
			return false
		}
		if dl.RequestID == id && dl.Phase == phase {
			found = dl
			return true
		}
		return false
	})
	return found, err == nil
}

// describeDecision is the action, verdict, rule ids and the first masked path
// (with how many more) of a decision line.
func describeDecision(d decisionLine) string {
	s := describeAction(d)
	if n := len(d.MaskedPaths); n > 0 {
		s += " " + pathString(d.MaskedPaths[0])
		if n > 1 {
			s += fmt.Sprintf(" (+%d)", n-1)
		}
	}
	return s
}

// describeAction is the action, verdict and rule ids of a decision line.
func describeAction(d decisionLine) string {
	s := d.Action
	if d.Error != "" {
		s = "error " + d.Error
	}
	if d.Verdict != "" && d.Verdict != d.Action {
		s += " (" + d.Verdict + ")"
	}
	if len(d.RuleIDs) > 0 {
		s += " " + strings.Join(slices.Compact(slices.Sorted(slices.Values(d.RuleIDs))), ",")
	}
	return s
}

func pathString(p []any) string {
	parts := make([]string, len(p))
	for i, seg := range p {
		parts[i] = fmt.Sprint(seg)
	}
	return strings.Join(parts, ".")
}
