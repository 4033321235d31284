package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// eval asks the Decider within the evaluation budget, which never runs past
// the invocation deadline.
func (e *Engine) eval(ctx context.Context, rec *decisionRecord, inv Invocation, input []byte) (policy.Result, error) {
	if e.decider == nil {
		return policy.Result{}, classedError(errClassNoDecider)
	}
	deadline := time.Now().Add(e.cfg.EvalTimeout)
	if inv.DeadlineMs > 0 {
		if d := time.UnixMilli(inv.DeadlineMs); d.Before(deadline) {
			deadline = d
		}
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	t := time.Now()
	res, err := e.decider.Eval(ctx, input)
	rec.evalNs = res.EvalNs
	if rec.evalNs <= 0 {
		rec.evalNs = time.Since(t).Nanoseconds()
	}
	if err != nil {
		return policy.Result{}, fmt.Errorf("evaluate policy: %w", err)
	}
	return res, nil
}
