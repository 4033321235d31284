package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
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
	c := &e.logConst
	attrs := []slog.Attr{
		slog.String("decision_id", newDecisionID()),
		slog.String("timestamp", rec.start.UTC().Format(time.RFC3339Nano)),
		c.path,
		c.bundles,
		// A group, not a map: no reflection. Keys in encoding/json's order.
		slog.Group("metrics",
			slog.Int64("timer_apply_ns", rec.applyNs),
			slog.Int64("timer_input_build_ns", rec.buildNs),
			slog.Int64("timer_rego_query_eval_ns", rec.evalNs)),
		slog.String("request_id", rec.requestID),
		slog.String("phase", string(rec.phase)),
		slog.String("source", string(rec.source)),
		slog.String("action", rec.action),
		slog.String("verdict", rec.verdict.String()),
		slog.Bool("enforced", rec.enforced),
		c.mode,
		listAttr("rule_ids", rec.ruleIDs()),
		listAttr("categories", rec.categories()),
		listAttr("reasons", reasonSummaries(rec.reasons)),
		listAttr("masked_paths", rec.masked),
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

// emptyList is the JSON of an empty list, written as it is: encoding an
// empty slice by reflection costs as much as a short one.
var emptyList = json.RawMessage("[]")

// listAttr is an attribute whose value is list, written [] when empty.
func listAttr[T any](key string, list []T) slog.Attr {
	if len(list) == 0 {
		return slog.Any(key, emptyList)
	}
	return slog.Any(key, list)
}

// decisionLogConst are the decision-log attributes of an engine's
// configuration.
type decisionLogConst struct {
	path, bundles, mode slog.Attr
}

func newDecisionLogConst(cfg Config) decisionLogConst {
	names := slices.Sorted(maps.Keys(cfg.Bundles)) // encoding/json's order of a map
	bundles := make([]any, 0, len(names))
	for _, n := range names {
		bundles = append(bundles, slog.Group(n, slog.String("revision", cfg.Bundles[n])))
	}
	c := decisionLogConst{
		path:    slog.String("path", queryPath(cfg.Query)),
		bundles: slog.Group("bundles", bundles...),
		mode:    slog.String("mode", cfg.Mode),
	}
	if len(bundles) == 0 {
		// slog drops an empty group; the line keeps "bundles": {}.
		c.bundles = slog.Any("bundles", json.RawMessage("{}"))
	}
	return c
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
