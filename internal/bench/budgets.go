package bench

import (
	"fmt"
	"io"
	"time"
)

// Budget is one performance budget and how the run fared.
type Budget struct {
	Name     string
	Status   string // "met", "NOT met" or "not measured"
	Evidence string
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}

// Budgets evaluates the performance budgets on the report's figures
// (p50s at concurrency 1).
func (r *Report) Budgets() []Budget {
	var out []Budget
	add := func(name string, measured, ok bool, evidence string) {
		b := Budget{Name: name, Status: "not measured", Evidence: evidence}
		if measured {
			b.Status = verdict(ok)
		}
		out = append(out, b)
	}
	d1, ok1 := r.find(SetupDirect, Size1K5, 1)
	d2, ok2 := r.find(SetupPassthrough, Size1K5, 1)
	d3, ok3 := r.find(SetupDefault, Size1K5, 1)
	d5, ok5 := r.find(SetupOPA, Size1K5, 1)
	{
		rules, proxy := d3.P50-d2.P50, d2.P50-d1.P50
		add("1.5 KB, the proxy in the bench's process: default rules add over pass-through ≤ what pass-through adds over direct", ok1 && ok2 && ok3,
			rules <= proxy, fmt.Sprintf("rules add %s, pass-through adds %s", fmtDur(rules), fmtDur(proxy)))
	}
	{
		e2, ok2e := r.find(SetupPassthroughExt, Size1K5, 1)
		e3, ok3e := r.find(SetupDefaultExt, Size1K5, 1)
		rules, proxy := e3.P50-e2.P50, e2.P50-d1.P50
		add("1.5 KB, the extension in its own process: default rules add over pass-through ≤ what pass-through adds over direct",
			ok1 && ok2e && ok3e, rules <= proxy, fmt.Sprintf("rules add %s, pass-through adds %s", fmtDur(rules), fmtDur(proxy)))
	}
	{
		ours, opa := d3.P50-d1.P50, d5.P50-d1.P50
		add("1.5 KB: default rules add ≤ 1/3 of what OPA-as-a-server adds over direct", ok1 && ok3 && ok5,
			3*ours <= opa, fmt.Sprintf("ours add %s, OPA server adds %s (ratio %.2f)", fmtDur(ours), fmtDur(opa), ratio(ours, opa)))
	}
	{
		d4, ok4 := r.find(SetupRegoPack, Size1K5, 1)
		ours, opa := d4.P50-d1.P50, d5.P50-d1.P50
		add("1.5 KB, same Rego pack (RegoPack): in process adds ≤ 1/3 of what OPA-as-a-server adds over direct", ok1 && ok4 && ok5,
			3*ours <= opa, fmt.Sprintf("in process adds %s, OPA server adds %s (ratio %.2f)", fmtDur(ours), fmtDur(opa), ratio(ours, opa)))
	}
	{
		var dec *DecisionTiming
		for i := range r.Decisions {
			if r.Decisions[i].Size == Size1K5 && r.Decisions[i].Variant == VariantDefault {
				dec = &r.Decisions[i]
			}
		}
		p50 := time.Duration(0)
		if dec != nil {
			p50 = dec.P50
		}
		add("1.5 KB: decision alone ≤ 100 µs p50", dec != nil, p50 <= 100*time.Microsecond, "p50 "+fmtDur(p50))
	}
	{
		m, okm := r.find(SetupMasked, Size6M, 1)
		d, okd := r.find(SetupDirect, Size6M, 1)
		add("6 MB event masked end to end ≤ 40 ms added", okm && okd, m.P50-d.P50 <= 40*time.Millisecond,
			"adds "+fmtDur(m.P50-d.P50))
	}
	{
		var kb int64
		for _, p := range r.RSS {
			if p.Size == Size6M && p.Variant == VariantDefault {
				kb = p.KB
			}
		}
		add("peak RSS ≤ 64 MiB proxying a 6 MB event with default rules", kb > 0, kb <= 64<<10,
			fmt.Sprintf("%.1f MiB", float64(kb)/1024))
	}
	{
		var cs *ColdStart
		for i := range r.ColdStarts {
			if r.ColdStarts[i].Variant == VariantDefault {
				cs = &r.ColdStarts[i]
			}
		}
		var reg, first time.Duration
		if cs != nil {
			reg, first = cs.Register.P50, cs.FirstNext.P50
		}
		add("cold start exec → ready (first event to the runtime) ≤ 50 ms with the default pack", cs != nil, first <= 50*time.Millisecond,
			fmt.Sprintf("register p50 %s, first /next p50 %s", fmtDur(reg), fmtDur(first)))
	}
	{
		var size int64
		if r.Artifacts != nil {
			size = r.Artifacts.LayerZipBytes
		}
		add("layer zip ≤ 12 MiB", r.Artifacts != nil, size <= 12<<20, fmtMiB(size))
	}
	return out
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (r *Report) writeBudgets(w io.Writer) {
	fmt.Fprintln(w, "| budget | status | figures |")
	fmt.Fprintln(w, "|---|---|---|")
	for _, b := range r.Budgets() {
		fmt.Fprintf(w, "| %s | %s | %s |\n", b.Name, b.Status, b.Evidence)
	}
	fmt.Fprintln(w)
}
