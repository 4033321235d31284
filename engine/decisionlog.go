package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// Engine reason ids added to rule_ids when the engine, not a rule, blocks.
const (
	reasonPolicyError = "policy_error"
	reasonMaskFailed  = "mask_failed"
)

// Error classes of the decision log "error" field.
const (
	errClassInput     = "input_error"
	errClassTimeout   = "timeout"
	errClassCanceled  = "canceled"
	errClassEval      = "eval_error"
	errClassDecision  = "invalid_decision"
	errClassPanic     = "panic"
	errClassMask      = "mask_failed"
	errClassNoDecider = "no_decider"
)

// decisionRecord gathers what one decision log line says. It holds no
// payload data: only ids, classes, field paths and timings.
type decisionRecord struct {
	start     time.Time
	requestID string
	phase     inspectPhase
	source    Source
	action    string // the policy's action; empty when none was reached
	verdict   Action // what enforce mode does (or did)
	enforced  bool
	reasons   []policy.Reason
	masked    [][]any
	errClass  string
	errDetail string // mask failures: which kind
	reason    string // engine reason id, when the engine blocked or allowed on failure
	buildNs   int64
	evalNs    int64
	applyNs   int64
}

// logDecision writes the decision line, and the metric line when enabled.
// A panicking handler is swallowed: logging never fails an invocation.
func (e *Engine) logDecision(ctx context.Context, rec *decisionRecord) {
	defer func() { _ = recover() }()
	e.cfg.Logger.LogAttrs(ctx, slog.LevelInfo, "decision", e.decisionAttrs(rec)...)
	if e.cfg.Metrics {
		e.logMetrics(ctx, rec)
	}
}

func (e *Engine) decisionAttrs(rec *decisionRecord) []slog.Attr {
	attrs := []slog.Attr{
		slog.String("decision_id", newDecisionID()),
		slog.String("timestamp", rec.start.UTC().Format(time.RFC3339Nano)),
		slog.String("path", queryPath(e.cfg.Query)),
		slog.Any("bundles", bundleRevisions(e.cfg.Bundles)),
		slog.Any("metrics", map[string]int64{
			"timer_input_build_ns":     rec.buildNs,
			"timer_rego_query_eval_ns": rec.evalNs,
			"timer_apply_ns":           rec.applyNs,
		}),
		slog.String("request_id", rec.requestID),
		slog.String("phase", string(rec.phase)),
		slog.String("source", string(rec.source)),
		slog.String("action", rec.action),
		slog.String("verdict", rec.verdict.String()),
		slog.Bool("enforced", rec.enforced),
		slog.String("mode", e.cfg.Mode),
		slog.Any("rule_ids", rec.ruleIDs()),
		slog.Any("categories", rec.categories()),
		slog.Any("reasons", reasonSummaries(rec.reasons)),
		slog.Any("masked_paths", maskedPaths(rec.masked)),
	}
	if rec.errClass != "" {
		attrs = append(attrs, slog.String("error", rec.errClass))
	}
	if rec.errDetail != "" {
		attrs = append(attrs, slog.String("error_detail", rec.errDetail))
	}
	return attrs
}

func (rec *decisionRecord) ruleIDs() []string {
	ids := make([]string, 0, len(rec.reasons)+1)
	for _, r := range rec.reasons {
		ids = append(ids, r.ID)
	}
	if rec.reason != "" {
		ids = append(ids, rec.reason)
	}
	return ids
}

func (rec *decisionRecord) categories() []string {
	cats := make([]string, 0, len(rec.reasons))
	for _, r := range rec.reasons {
		if r.Category != "" && !slices.Contains(cats, r.Category) {
			cats = append(cats, r.Category)
		}
	}
	slices.Sort(cats)
	return cats
}

// reasonSummary is a reason without its message and path: a message may
// interpolate payload values.
type reasonSummary struct {
	ID       string `json:"id"`
	Category string `json:"category,omitempty"`
	Severity string `json:"severity,omitempty"`
}

func reasonSummaries(rs []policy.Reason) []reasonSummary {
	out := make([]reasonSummary, 0, len(rs))
	for _, r := range rs {
		out = append(out, reasonSummary{ID: r.ID, Category: r.Category, Severity: r.Severity})
	}
	return out
}

func maskedPaths(paths [][]any) [][]any {
	if paths == nil {
		return [][]any{}
	}
	return paths
}

type bundleInfo struct {
	Revision string `json:"revision"`
}

func bundleRevisions(b map[string]string) map[string]bundleInfo {
	out := make(map[string]bundleInfo, len(b))
	for name, rev := range b {
		out[name] = bundleInfo{Revision: rev}
	}
	return out
}

// queryPath turns "data.lambda_firewall.decision" into the decision-log
// path "lambda_firewall/decision".
func queryPath(q string) string {
	return strings.ReplaceAll(strings.TrimPrefix(q, "data."), ".", "/")
}

// newDecisionID is a random RFC 4122 version 4 UUID.
func newDecisionID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// errorClass names an evaluation error without its message, which may
// quote input values: the policy error code when there is one.
func errorClass(err error) string {
	var classed classedError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return errClassTimeout
	case errors.Is(err, context.Canceled):
		return errClassCanceled
	case policy.ErrorCode(err) != "":
		return policy.ErrorCode(err)
	case errors.As(err, &classed):
		return string(classed)
	}
	return errClassEval
}

// maskErrorDetail names the kind of a mask failure.
func maskErrorDetail(err error) string {
	kinds := []struct {
		err  error
		name string
	}{
		{errPathMissing, "path_not_found"},
		{errPathDuplicate, "duplicate_key"},
		{errPathType, "segment_type"},
		{errNotJSON, "not_json"},
		{errMaskRoot, "unsupported_root"},
		{errNoMasks, "no_masks"},
		{errNoBody, "no_body"},
		{errBodyBase64, "bad_base64"},
		{errMaskedLarge, "payload_too_large"},
		{errMaskPattern, "bad_pattern"},
		{errMaskStrategy, "unknown_strategy"},
		{errVerify, "verify_failed"},
	}
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			return k.name
		}
	}
	return "other"
}
