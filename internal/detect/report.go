package detect

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// Cell counts blocked cases out of a total.
type Cell struct {
	Blocked, Total int
}

// Rate is Blocked/Total in percent (0 when empty).
func (c Cell) Rate() float64 {
	if c.Total == 0 {
		return 0
	}
	return 100 * float64(c.Blocked) / float64(c.Total)
}

func (c Cell) add(blocked bool) Cell {
	c.Total++
	if blocked {
		c.Blocked++
	}
	return c
}

func (c Cell) String() string {
	if c.Total == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d %.1f%%", c.Blocked, c.Total, c.Rate())
}

// Report is the result of Measure.
type Report struct {
	// CRS counts blocked attack records by family and paranoia level (0 = none).
	CRS map[string]map[int]Cell
	// CRSBenign counts blocked "benign"-labelled CRS records by family. Many are
	// real attacks meant for another rule (see the corpus README): informational only.
	CRSBenign map[string]Cell
	// MissedPL1 lists the ids of paranoia-level-1 attack records not blocked.
	MissedPL1 []string
	Benign    BenignStats
	BLNS      BLNSStats
	// Errors lists every input-build or evaluation error, "<case>: <error>".
	Errors []string
}

// BenignStats summarises the benign corpus.
type BenignStats struct {
	Total int
	// FalsePositives lists "<name>: <rule ids>" of blocked events.
	FalsePositives []string
	// Masked counts events whose decision was mask; MaskExpected those labelled mask;
	// MaskMissed the labelled ones that were not masked.
	Masked, MaskExpected, MaskMissed int
}

// FPRate is the percentage of benign events blocked.
func (b BenignStats) FPRate() float64 {
	if b.Total == 0 {
		return 0
	}
	return 100 * float64(len(b.FalsePositives)) / float64(b.Total)
}

// BLNSStats summarises the naughty-strings run.
type BLNSStats struct {
	Strings, Evaluations int
	// Blocked maps a field name to the indexes of the strings blocked there.
	Blocked map[string][]int
	// Findings lists "<field> #<index> <rule ids>: <string>" for blocked strings
	// outside the injection range of the list (indexes < 177 or > 444).
	Findings []string
}

// PL1 returns the paranoia-level-1 cell of a family.
func (r *Report) PL1(family string) Cell { return r.CRS[family][1] }

// PL1Total sums the paranoia-level-1 cells of every family.
func (r *Report) PL1Total() Cell {
	var t Cell
	for _, byPL := range r.CRS {
		t.Blocked += byPL[1].Blocked
		t.Total += byPL[1].Total
	}
	return t
}

// Format prints the report as text tables.
func (r *Report) Format(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "CRS attack cases blocked\tPL1\tPL2\tPL3\tPL4\tbenign-labelled blocked\t")
	fams := make([]string, 0, len(r.CRS))
	for f := range r.CRS {
		fams = append(fams, f)
	}
	sort.Strings(fams)
	for _, f := range fams {
		byPL := r.CRS[f]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t\n", f, byPL[1], byPL[2], byPL[3], byPL[4], r.CRSBenign[f])
	}
	fmt.Fprintf(tw, "all PL1\t%s\t\t\t\t\t\n", r.PL1Total())
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	fmt.Fprintf(w, "\nmissed PL1 attacks (%d): %s\n", len(r.MissedPL1), strings.Join(r.MissedPL1, " "))
	b := r.Benign
	fmt.Fprintf(w, "\nbenign corpus: %d events, %d blocked (false-positive rate %.2f%%), %d masked (%d labelled mask, %d of them not masked)\n",
		b.Total, len(b.FalsePositives), b.FPRate(), b.Masked, b.MaskExpected, b.MaskMissed)
	for _, fp := range b.FalsePositives {
		fmt.Fprintf(w, "  FP %s\n", fp)
	}
	fmt.Fprintf(w, "\nblns: %d strings x %d fields = %d evaluations\n", r.BLNS.Strings, len(blnsFields), r.BLNS.Evaluations)
	for _, f := range blnsFields {
		fmt.Fprintf(w, "  %-10s blocked %3d strings\n", f.name, len(r.BLNS.Blocked[f.name]))
	}
	fmt.Fprintf(w, "  blocked outside the injection range 177-444: %d\n", len(r.BLNS.Findings))
	for _, s := range r.BLNS.Findings {
		fmt.Fprintf(w, "    %s\n", s)
	}
	fmt.Fprintf(w, "\nerrors: %d\n", len(r.Errors))
	for _, e := range r.Errors {
		fmt.Fprintf(w, "  %s\n", e)
	}
	return nil
}
