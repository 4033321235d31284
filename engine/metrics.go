package engine

import (
	"context"
	"log/slog"
)

// CloudWatch Embedded Metric Format names.
const (
	metricsNamespace = "LambdaFirewall"
	dimPhase         = "Phase"
	dimAction        = "Action"
	unitCount        = "Count"
	unitMicros       = "Microseconds"
)

type emfMetric struct {
	Name string `json:"Name"`
	Unit string `json:"Unit"`
}

type emfDirective struct {
	Namespace  string      `json:"Namespace"`
	Dimensions [][]string  `json:"Dimensions"`
	Metrics    []emfMetric `json:"Metrics"`
}

type emfMetadata struct {
	Timestamp         int64          `json:"Timestamp"`
	CloudWatchMetrics []emfDirective `json:"CloudWatchMetrics"`
}

// outcome is the Action dimension: allow, mask or block, as enforce mode
// does it (an error is also counted in Errors).
func (rec *decisionRecord) outcome() string {
	switch {
	case rec.verdict == Allow:
		return "allow"
	case rec.action == "mask" && rec.errClass == "":
		return "mask"
	}
	return "block"
}

// logMetrics writes one EMF line: the "_aws" metadata, the dimension values
// and one value per metric at the root of the JSON object.
func (e *Engine) logMetrics(ctx context.Context, rec *decisionRecord) {
	out := rec.outcome()
	count := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	meta := emfMetadata{
		Timestamp: rec.start.UnixMilli(),
		CloudWatchMetrics: []emfDirective{{
			Namespace:  metricsNamespace,
			Dimensions: [][]string{{dimPhase, dimAction}},
			Metrics: []emfMetric{
				{"Decisions", unitCount}, {"Allowed", unitCount}, {"Masked", unitCount},
				{"Blocked", unitCount}, {"Errors", unitCount}, {"EvalTime", unitMicros},
			},
		}},
	}
	e.cfg.Logger.LogAttrs(ctx, slog.LevelInfo, "metrics",
		slog.Any("_aws", meta),
		slog.String(dimPhase, string(rec.phase)),
		slog.String(dimAction, out),
		slog.Int("Decisions", 1),
		slog.Int("Allowed", count(out == "allow")),
		slog.Int("Masked", count(out == "mask")),
		slog.Int("Blocked", count(out == "block")),
		slog.Int("Errors", count(rec.errClass != "")),
		slog.Float64("EvalTime", float64(rec.evalNs)/1e3),
	)
}
