package detect

import (
	"context"
	"fmt"
	"strings"
)

// Options says which corpora Measure replays; an empty path skips that corpus.
type Options struct {
	CRSPath   string // crs-regression.jsonl
	BenignDir string // directory of labelled *.jsonl benign events
	BLNSPath  string // blns.json
}

// Measure replays the corpora through engine.BuildEventInput and d.
// Errors of single cases are collected in the report; err is only for
// corpora that cannot be read.
func Measure(ctx context.Context, d Decider, opts Options) (*Report, error) {
	r := &Report{CRS: map[string]map[int]Cell{}, CRSBenign: map[string]Cell{}, BLNS: BLNSStats{Blocked: map[string][]int{}}}
	if opts.CRSPath != "" {
		recs, err := LoadCRS(opts.CRSPath)
		if err != nil {
			return nil, err
		}
		r.measureCRS(ctx, d, recs)
	}
	if opts.BenignDir != "" {
		evs, err := LoadBenign(opts.BenignDir)
		if err != nil {
			return nil, err
		}
		r.measureBenign(ctx, d, evs)
	}
	if opts.BLNSPath != "" {
		strs, err := LoadBLNS(opts.BLNSPath)
		if err != nil {
			return nil, err
		}
		r.measureBLNS(ctx, d, strs)
	}
	return r, nil
}

// decideRequest turns a request into a v2 event and decides it.
func decideRequest(ctx context.Context, d Decider, req Request) (Outcome, error) {
	ev, err := req.V2Event()
	if err != nil {
		return Outcome{}, err
	}
	return Decide(ctx, d, ev)
}

func (r *Report) measureCRS(ctx context.Context, d Decider, recs []Record) {
	for _, rec := range recs {
		o, err := decideRequest(ctx, d, rec.Request())
		if err != nil {
			r.Errors = append(r.Errors, fmt.Sprintf("crs %s: %v", rec.ID, err))
			continue
		}
		blocked := o.Action == "block"
		if rec.Expect != "attack" {
			r.CRSBenign[rec.Family] = r.CRSBenign[rec.Family].add(blocked)
			continue
		}
		if r.CRS[rec.Family] == nil {
			r.CRS[rec.Family] = map[int]Cell{}
		}
		pl := rec.PL()
		r.CRS[rec.Family][pl] = r.CRS[rec.Family][pl].add(blocked)
		if pl == 1 && !blocked {
			r.MissedPL1 = append(r.MissedPL1, rec.ID)
		}
	}
}

func (r *Report) measureBenign(ctx context.Context, d Decider, evs []BenignEvent) {
	for _, e := range evs {
		o, err := Decide(ctx, d, e.Event)
		if err != nil {
			r.Errors = append(r.Errors, fmt.Sprintf("benign %s: %v", e.Name, err))
			continue
		}
		r.Benign.Total++
		switch o.Action {
		case "block":
			r.Benign.FalsePositives = append(r.Benign.FalsePositives, e.Name+": "+strings.Join(o.RuleIDs(), " "))
		case "mask":
			r.Benign.Masked++
		}
		if e.Expect == "mask" {
			r.Benign.MaskExpected++
			if o.Action != "mask" {
				r.Benign.MaskMissed++
			}
		}
	}
}

func (r *Report) measureBLNS(ctx context.Context, d Decider, strs []string) {
	r.BLNS.Strings = len(strs)
	for _, f := range blnsFields {
		for i, s := range strs {
			r.BLNS.Evaluations++
			o, err := decideRequest(ctx, d, f.build(s))
			if err != nil {
				r.Errors = append(r.Errors, fmt.Sprintf("blns %s #%d: %v", f.name, i, err))
				continue
			}
			if o.Action != "block" {
				continue
			}
			r.BLNS.Blocked[f.name] = append(r.BLNS.Blocked[f.name], i)
			if i < blnsInjectionFirst || i > blnsInjectionLast {
				r.BLNS.Findings = append(r.BLNS.Findings, fmt.Sprintf("%s #%d %v: %q", f.name, i, o.RuleIDs(), s))
			}
		}
	}
}
