package bench

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Report is everything cmd/bench measured; zero parts were not measured.
type Report struct {
	Machine     Machine
	EvalTimeout time.Duration
	RoundTrips  []RoundTrip
	Decisions   []DecisionTiming
	ColdStarts  []ColdStart
	RSS         []PeakRSS
	Artifacts   *Artifacts
	Notes       []string
}

// find returns the round trip of setup at size and concurrency.
func (r *Report) find(setup string, size, conc int) (RoundTrip, bool) {
	for _, rt := range r.RoundTrips {
		if rt.Setup == setup && rt.Size == size && rt.Concurrency == conc {
			return rt, true
		}
	}
	return RoundTrip{}, false
}

// WriteMarkdown writes the report as markdown tables.
func (r *Report) WriteMarkdown(w io.Writer) {
	m := r.Machine
	fmt.Fprintf(w, "Machine: %d CPUs, %s, %s, %s. Engine evaluation budget: %s.\n\n",
		m.CPUs, m.CPUModel, m.GoVersion, m.Date.Format("2006-01-02 15:04 UTC"), r.EvalTimeout)
	if len(r.RoundTrips) > 0 {
		r.writeRoundTrips(w)
	}
	r.writeOthers(w)
	r.writeBudgets(w)
	for _, n := range r.Notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
}

func (r *Report) writeRoundTrips(w io.Writer) {
	fmt.Fprintln(w, "| size | conc | setup | n | p50 | p90 | p99 | added p50 vs direct | p50 × direct | p50 × pass-through | invokes/s |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|")
	for _, rt := range r.RoundTrips {
		added, xDirect, xPass := "", "", ""
		if d, ok := r.find(SetupDirect, rt.Size, rt.Concurrency); ok && d.P50 > 0 && rt.Setup != SetupDirect {
			added = fmtDur(rt.P50 - d.P50)
			xDirect = fmt.Sprintf("%.2f", float64(rt.P50)/float64(d.P50))
		}
		if p, ok := r.find(SetupPassthrough, rt.Size, rt.Concurrency); ok && p.P50 > 0 && rt.Setup != SetupPassthrough {
			xPass = fmt.Sprintf("%.2f", float64(rt.P50)/float64(p.P50))
		}
		fmt.Fprintf(w, "| %s | %d | %s | %d | %s | %s | %s | %s | %s | %s | %s |\n",
			SizeName(rt.Size), rt.Concurrency, rt.Setup, rt.N, fmtDur(rt.P50), fmtDur(rt.P90), fmtDur(rt.P99),
			added, xDirect, xPass, fmtRate(rt.Throughput))
	}
	fmt.Fprintln(w)
}

func (r *Report) writeOthers(w io.Writer) {
	var rows [][2]string
	for _, d := range r.Decisions {
		rows = append(rows, [2]string{"decision alone (engine+policy), " + d.Variant + ", " + SizeName(d.Size),
			fmt.Sprintf("p50 %s, p90 %s, p99 %s (n=%d)", fmtDur(d.P50), fmtDur(d.P90), fmtDur(d.P99), d.N)})
	}
	for _, c := range r.ColdStarts {
		rows = append(rows, [2]string{"cold start, " + c.Variant,
			fmt.Sprintf("exec→register p50 %s; exec→first /next p50 %s (n=%d)", fmtDur(c.Register.P50), fmtDur(c.FirstNext.P50), c.Register.N)})
	}
	for _, p := range r.RSS {
		rows = append(rows, [2]string{fmt.Sprintf("peak RSS (VmHWM), %s, one %s event", p.Variant, SizeName(p.Size)),
			fmt.Sprintf("%.1f MiB", float64(p.KB)/1024)})
	}
	if a := r.Artifacts; a != nil {
		rows = append(rows, [2]string{"extension binary (-s -w, trimpath)", fmtMiB(a.BinaryBytes)},
			[2]string{"layer zip", fmtMiB(a.LayerZipBytes)})
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w, "| measurement | value |")
	fmt.Fprintln(w, "|---|---|")
	for _, row := range rows {
		fmt.Fprintf(w, "| %s | %s |\n", row[0], row[1])
	}
	fmt.Fprintln(w)
}

// fmtRate prints a rate with three significant digits, without exponent.
func fmtRate(f float64) string {
	if f >= 100 {
		return fmt.Sprintf("%.0f", f)
	}
	return trimFloat(f)
}

func fmtMiB(n int64) string { return fmt.Sprintf("%.2f MiB (%d bytes)", float64(n)/(1<<20), n) }

// fmtDur prints d with three significant digits.
func fmtDur(d time.Duration) string {
	neg := ""
	if d < 0 {
		neg, d = "-", -d
	}
	switch {
	case d >= time.Second:
		return neg + trimFloat(d.Seconds()) + " s"
	case d >= time.Millisecond:
		return neg + trimFloat(float64(d)/1e6) + " ms"
	default:
		return neg + trimFloat(float64(d)/1e3) + " µs"
	}
}

func trimFloat(f float64) string {
	s := fmt.Sprintf("%.3g", f)
	if strings.Contains(s, "e") {
		s = fmt.Sprintf("%.0f", f)
	}
	return s
}
