package bench

import (
	"strings"
	"testing"
	"time"
)

func TestBudgets(t *testing.T) {
	ms := time.Millisecond
	r := &Report{
		RoundTrips: []RoundTrip{
			{Setup: SetupDirect, Size: Size1K5, Concurrency: 1, Dist: Dist{P50: 100 * time.Microsecond}},
			{Setup: SetupPassthrough, Size: Size1K5, Concurrency: 1, Dist: Dist{P50: 200 * time.Microsecond}},
			{Setup: SetupDefault, Size: Size1K5, Concurrency: 1, Dist: Dist{P50: 250 * time.Microsecond}},
			{Setup: SetupPassthroughExt, Size: Size1K5, Concurrency: 1, Dist: Dist{P50: 400 * time.Microsecond}},
			{Setup: SetupDefaultExt, Size: Size1K5, Concurrency: 1, Dist: Dist{P50: 750 * time.Microsecond}},
			{Setup: SetupOPA, Size: Size1K5, Concurrency: 1, Dist: Dist{P50: 1 * ms}},
			{Setup: SetupDirect, Size: Size6M, Concurrency: 1, Dist: Dist{P50: 10 * ms}},
			{Setup: SetupMasked, Size: Size6M, Concurrency: 1, Dist: Dist{P50: 60 * ms}},
		},
		Decisions: []DecisionTiming{{Variant: VariantDefault, Size: Size1K5, Dist: Dist{P50: 90 * time.Microsecond}}},
		RSS:       []PeakRSS{{Variant: VariantDefault, Size: Size6M, KB: 70 << 10}},
	}
	want := []string{"met", "NOT met", "met", "not measured", "met", "NOT met", "NOT met", "not measured", "not measured"}
	for i, b := range r.Budgets() {
		if b.Status != want[i] {
			t.Errorf("%s: %s (%s), want %s", b.Name, b.Status, b.Evidence, want[i])
		}
	}
	var sb strings.Builder
	r.WriteMarkdown(&sb)
	if !strings.Contains(sb.String(), "| 1.5KB | 1 | default | 0 | 250 µs |") {
		t.Errorf("markdown:\n%s", sb.String())
	}
}

func TestAPIGWEventSizes(t *testing.T) {
	for _, size := range []int{Size1K5, Size64K, Size1M} {
		for _, sensitive := range []bool{false, true} {
			ev, err := APIGWEvent(size, sensitive)
			if err != nil {
				t.Fatal(err)
			}
			if len(ev) != size {
				t.Errorf("%s sensitive=%v: %d bytes", SizeName(size), sensitive, len(ev))
			}
		}
	}
}
