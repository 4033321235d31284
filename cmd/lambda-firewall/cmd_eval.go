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
	rec := &recorder{Decider: ev}
	eng := engine.New(rec, ecfg)
	inv := engine.Invocation{RequestID: "eval-request"}
	out := &evalOutput{Phase: phase}

	var memo *engine.EventMemo
	var v engine.Verdict
	// buildInput rebuilds the input only to report why the engine could not
	// (the engine evaluates the policy once; rec keeps that decision).
	var buildInput func() error
	if phase == "event" {
		v = eng.InspectEvent(ctx, inv, payload)
		_, memo, _ = engine.BuildEventInput(payload, inv, ecfg.Function, ecfg.Input)
		buildInput = func() error {
			_, _, err := engine.BuildEventInput(payload, inv, ecfg.Function, ecfg.Input)
			return err
		}
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
		v = eng.InspectResponse(ctx, inv, memo, payload)
		buildInput = func() error {
			_, err := engine.BuildResponseInput(payload, inv, ecfg.Function, memo, ecfg.Input)
			return err
		}
	}
	out.Source = engine.DetectSource(payload)
	if memo != nil {
		out.Source = memo.Source
	}
	switch {
	case !rec.called:
		if err := buildInput(); err != nil {
			out.Error = "input: " + err.Error()
		}
	case rec.err != nil:
		out.Error = rec.err.Error()
	default:
		out.Decision = &rec.res.Decision
	}
	describeVerdict(out, phase, v, payload)
	return out, nil
}

// recorder is the policy as the engine sees it; it keeps the decision the
// engine got, so that eval prints it without evaluating the policy again.
type recorder struct {
	engine.Decider
	called bool
	res    policy.Result
	err    error
}

func (r *recorder) Eval(ctx context.Context, input []byte) (policy.Result, error) {
	r.called = true
	r.res, r.err = r.Decider.Eval(ctx, input)
	return r.res, r.err
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
