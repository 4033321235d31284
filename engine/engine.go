package engine

import (
	"bytes"
	"context"
	"time"

	"github.com/tidwall/gjson"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// Decider evaluates a policy input document (JSON bytes) to a decision.
// The engine never modifies an input document after handing it over, so a
// Decider may keep references into it (policy.Evaluator does).
// *policy.Evaluator implements it. Eval must return once ctx is done.
type Decider interface {
	Eval(ctx context.Context, input []byte) (policy.Result, error)
}

// Policy decision actions.
const (
	actionAllow = "allow"
	actionMask  = "mask"
	actionBlock = "block"
)

// Engine evaluates events and responses against the policy and turns the
// decisions into verdicts. It is safe for concurrent use.
type Engine struct {
	decider Decider
	cfg     Config
	// logConst holds the decision-log attributes that are the same on
	// every line (path, bundles, mode), built once.
	logConst decisionLogConst
}

// New returns an Engine that asks d for decisions. Zero fields of cfg take
// their defaults (see Config).
func New(d Decider, cfg Config) *Engine {
	cfg = cfg.withDefaults()
	return &Engine{decider: d, cfg: cfg, logConst: newDecisionLogConst(cfg)}
}

// InspectEvent decides on an event from /next. Verdict.Memo is the event's
// *EventMemo, to hand back to InspectResponse.
func (e *Engine) InspectEvent(ctx context.Context, inv Invocation, event []byte) Verdict {
	var memo *EventMemo
	view := newPayloadView(event)
	build := func() ([]byte, error) {
		input, m, err := buildEventInput(view, inv, e.cfg.Function, e.cfg.Input)
		memo = m
		return input, err
	}
	source := func() Source {
		if memo == nil {
			memo = &EventMemo{Source: DetectSource(event)}
		}
		return memo.Source
	}
	v := e.inspect(ctx, inspectEvent, inv, view, build, source)
	if memo != nil {
		v.Memo = memo
	}
	return v
}

// InspectResponse decides on a handler response. memo is the Verdict.Memo
// of the same request's event; nil (or not an *EventMemo) means the source
// is unknown.
func (e *Engine) InspectResponse(ctx context.Context, inv Invocation, memo any, response []byte) Verdict {
	m, _ := memo.(*EventMemo)
	if m == nil {
		m = &EventMemo{Source: SourceUnknown}
	}
	view := newPayloadView(response)
	build := func() ([]byte, error) {
		return buildResponseInput(view, inv, e.cfg.Function, m, e.cfg.Input)
	}
	return e.inspect(ctx, inspectResponse, inv, view, build, func() Source { return m.Source })
}

// inspect runs build, evaluation and application, logs the decision, and
// applies the mode. source is called after build, whatever its outcome.
// build fills view, which the masks then reuse.
func (e *Engine) inspect(ctx context.Context, phase inspectPhase, inv Invocation, view *payloadView,
	build func() ([]byte, error), source func() Source) (v Verdict) {
	defer func() {
		if recover() != nil {
			v = e.lastResort(phase)
		}
	}()
	rec := &decisionRecord{
		start:     time.Now(),
		requestID: inv.RequestID,
		phase:     phase,
		enforced:  e.cfg.Mode == ModeEnforce,
	}
	v = e.decide(ctx, rec, inv, view, build, source)
	rec.verdict = v.Action
	e.logDecision(ctx, rec)
	if !rec.enforced {
		return Verdict{Action: Allow}
	}
	return v
}

// decide returns the verdict enforce mode gives payload. It never panics.
func (e *Engine) decide(ctx context.Context, rec *decisionRecord, inv Invocation, view *payloadView,
	build func() ([]byte, error), source func() Source) (v Verdict) {
	payload := view.raw
	defer func() {
		if r := recover(); r != nil {
			e.logPanic(ctx, rec, r)
			if rec.source == "" {
				rec.source = safeSource(source)
			}
			v = e.failMode(rec, payload, errClassPanic)
		}
	}()
	t := time.Now()
	input, err := build()
	rec.buildNs = time.Since(t).Nanoseconds()
	rec.source = source()
	if err != nil {
		return e.failMode(rec, payload, errClassInput)
	}
	res, err := e.eval(ctx, rec, inv, input)
	if err != nil {
		return e.failMode(rec, payload, errorClass(err))
	}
	t = time.Now()
	defer func() { rec.applyNs = time.Since(t).Nanoseconds() }()
	return e.apply(rec, view, res.Decision)
}

// apply turns a decision into a verdict.
func (e *Engine) apply(rec *decisionRecord, view *payloadView, d policy.Decision) Verdict {
	payload := view.raw
	rec.action, rec.reasons = d.Action, d.Reasons
	switch d.Action {
	case actionAllow:
		return Verdict{Action: Allow}
	case actionBlock:
		return blockVerdict(e.blockSpec(rec, payload), d)
	case actionMask:
		for _, m := range d.Mask {
			rec.masked = append(rec.masked, m.Path)
		}
		out, err := applyMasksView(view, rec.phase, d.Mask)
		if err != nil {
			rec.errClass, rec.errDetail, rec.reason = errClassMask, maskErrorDetail(err), reasonMaskFailed
			return blockVerdict(e.blockSpec(rec, payload), d)
		}
		if sameSlice(out, payload) || bytes.Equal(out, payload) {
			return Verdict{Action: Allow}
		}
		return Verdict{Action: Replace, Payload: out}
	}
	return e.failMode(rec, payload, errClassDecision)
}

func (e *Engine) blockSpec(rec *decisionRecord, payload []byte) blockSpec {
	return blockSpec{
		phase:      rec.phase,
		source:     rec.source,
		requestID:  rec.requestID,
		multiValue: rec.source == SourceALB && gjson.GetBytes(payload, "multiValueHeaders").IsObject(),
	}
}
