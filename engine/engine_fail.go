package engine

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// failMode is the verdict when no decision could be applied: allow when
// failing open, otherwise a block with the default response.
func (e *Engine) failMode(rec *decisionRecord, payload []byte, class string) Verdict {
	rec.errClass, rec.reason = class, reasonPolicyError
	if e.cfg.FailOpen {
		return Verdict{Action: Allow}
	}
	return blockVerdict(e.blockSpec(rec, payload), policy.Decision{})
}

// lastResort is the verdict when even the failure handling panicked: the
// fail mode, without a trigger-shaped response.
func (e *Engine) lastResort(phase inspectPhase) Verdict {
	if e.cfg.FailOpen || e.cfg.Mode == ModeAudit {
		return Verdict{Action: Allow}
	}
	return failVerdict(phase, nil)
}

// logPanic logs a recovered panic: its type and stack, never its value,
// which may hold payload data.
func (e *Engine) logPanic(ctx context.Context, rec *decisionRecord, r any) {
	defer func() { _ = recover() }()
	e.cfg.Logger.LogAttrs(ctx, slog.LevelError, "engine panic",
		slog.String("request_id", rec.requestID),
		slog.String("phase", string(rec.phase)),
		slog.String("panic_type", fmt.Sprintf("%T", r)),
		slog.String("stack", string(debug.Stack())),
	)
}

// classedError is an engine error known only by its class.
type classedError string

func (c classedError) Error() string { return string(c) }

// safeSource calls source, answering SourceUnknown if it panics.
func safeSource(source func() Source) (s Source) {
	defer func() {
		if recover() != nil {
			s = SourceUnknown
		}
	}()
	return source()
}
