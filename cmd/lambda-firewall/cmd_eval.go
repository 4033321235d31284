package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/policy"
)

func init() { subcommands["eval"] = cmdEval }

// evalOutput is what `eval` prints: the decision, and what the handler (for
// an event) or the caller (for a response) would get.
type evalOutput struct {
	Phase     string           `json:"phase"`
	Source    engine.Source    `json:"source"`
	Decision  *policy.Decision `json:"decision,omitempty"`
	Error     string           `json:"error,omitempty"`
	Verdict   string           `json:"verdict"`
	Outcome   string           `json:"outcome"`
	Payload   json.RawMessage  `json:"payload,omitempty"`
	ErrorType string           `json:"error_type,omitempty"`
	ErrorMsg  string           `json:"error_message,omitempty"`
}

// cmdEval evaluates one event (or response) file offline with the same
// engine the extension runs.
func cmdEval(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	eventFile := fs.String("event", "", "the event (or, with --phase response, the response) JSON file")
	requestFile := fs.String("request", "", "with --phase response: the event the response answers (gives source and http)")
	policies := fs.String("policy", "", "comma-separated bundle directories or .tar.gz files (default: the embedded pack)")
	phase := fs.String("phase", "event", "event or response")
	query := fs.String("query", defaultQuery, "the decision query")
	audit := fs.Bool("audit", false, "evaluate in audit mode")
	maxInspect := fs.Int("max-inspect-bytes", defaultMaxInspect, "bytes of body and payload strings handed to the policy")
	timeout := fs.Duration("eval-timeout", defaultEvalTimeout, "budget per evaluation, as in the extension")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *eventFile == "" || (*phase != "event" && *phase != "response") {
		fmt.Fprintln(stderr, "usage: lambda-firewall eval --event FILE [--policy PATH] [--phase event|response] [--request EVENT_FILE]")
		return 2
	}
	cfg := toolConfig(*policies, getenv)
	cfg.Query, cfg.EvalTimeout, cfg.MaxInspectBytes, cfg.Audit = *query, *timeout, *maxInspect, *audit
	out, err := evaluateFile(ctx, cfg, *phase, *eventFile, *requestFile, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "lambda-firewall eval:", err)
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(stderr, "lambda-firewall eval:", err)
		return 1
	}
	return 0
}

func evaluateFile(ctx context.Context, cfg Config, phase, file, requestFile string, logw io.Writer) (*evalOutput, error) {
	payload, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("failed to read the event: %w", err)
	}
	ev, err := loadPolicy(ctx, cfg)
	if err != nil {
		return nil, err
	}
	log := newLogger(logw, slog.LevelWarn) // decision lines stay out of the report
	ecfg := engineConfig(cfg, ev, log)
	eng := engine.New(ev, ecfg)
	inv := engine.Invocation{RequestID: "eval-request"}
	out := &evalOutput{Phase: phase}

	var input []byte
	var memo *engine.EventMemo
	var v engine.Verdict
	if phase == "event" {
		input, memo, err = engine.BuildEventInput(payload, inv, ecfg.Function, ecfg.Input)
		v = eng.InspectEvent(ctx, inv, payload)
	} else {
		if requestFile != "" {
			req, rerr := os.ReadFile(requestFile)
			if rerr != nil {
				return nil, fmt.Errorf("failed to read the request event: %w", rerr)
			}
			if _, memo, rerr = engine.BuildEventInput(req, inv, ecfg.Function, ecfg.Input); rerr != nil {
				return nil, fmt.Errorf("failed to build the request's input: %w", rerr)
			}
		}
		input, err = engine.BuildResponseInput(payload, inv, ecfg.Function, memo, ecfg.Input)
		v = eng.InspectResponse(ctx, inv, memo, payload)
	}
	out.Source = engine.DetectSource(payload)
	if memo != nil {
		out.Source = memo.Source
	}
	if err != nil {
		out.Error = "input: " + err.Error()
	} else if res, eerr := ev.Eval(ctx, input); eerr != nil {
		out.Error = eerr.Error()
	} else {
		out.Decision = &res.Decision
	}
	describeVerdict(out, phase, v, payload)
	return out, nil
}

// describeVerdict fills what the handler or the caller would get.
func describeVerdict(out *evalOutput, phase string, v engine.Verdict, original []byte) {
	out.Verdict = v.Action.String()
	switch v.Action {
	case engine.Allow:
		out.Outcome = "the " + receiver(phase) + " gets the payload unchanged"
		out.Payload = asJSON(original)
	case engine.Replace:
		out.Outcome = "the " + receiver(phase) + " gets the payload below"
		out.Payload = asJSON(v.Payload)
	case engine.Respond:
		out.Outcome = "blocked: the handler never sees the event; the caller gets the response below"
		out.Payload = asJSON(v.Payload)
	case engine.Fail:
		out.Outcome = "blocked: an error is posted instead"
		if phase == "event" {
			out.Outcome = "blocked: the handler never sees the event; an error is posted for it"
		}
		out.ErrorType, out.ErrorMsg = v.ErrorType, v.ErrorMessage
	}
}

func receiver(phase string) string {
	if phase == "event" {
		return "handler"
	}
	return "caller"
}

// asJSON embeds b as JSON when it is, else as a JSON string.
func asJSON(b []byte) json.RawMessage {
	if json.Valid(b) {
		return bytes.TrimSpace(b)
	}
	s, _ := json.Marshal(string(b))
	return s
}
