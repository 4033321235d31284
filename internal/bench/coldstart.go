package bench

import (
	"context"
	"fmt"
	"time"
)

// Extension variants measured against each other.
const (
	VariantDefault = "default rules"
	VariantNone    = "policy none"
)

// ColdStart is the cold start of one variant of the extension.
type ColdStart struct {
	Variant   string
	Register  Dist // exec → /extension/register
	FirstNext Dist // exec → first proxied /next answered
}

// RunColdStarts execs the extension runs times per variant, alternating the
// variants (and which goes first) so that drift hits both alike, each time
// proxying one 1.5 KB event.
func RunColdStarts(ctx context.Context, bin string, runs int) ([]ColdStart, error) {
	event, err := APIGWEvent(Size1K5, false)
	if err != nil {
		return nil, err
	}
	variants := []string{VariantDefault, VariantNone}
	reg := make([][]time.Duration, len(variants))
	first := make([][]time.Duration, len(variants))
	for i := range runs {
		for k := range variants {
			v := (k + i) % len(variants)
			r, err := RunExtension(ctx, ExtensionOptions{Bin: bin, PolicyNone: variants[v] == VariantNone, Event: event})
			if err != nil {
				return nil, fmt.Errorf("cold start %d of %s: %w", i+1, variants[v], err)
			}
			reg[v] = append(reg[v], r.Register)
			first[v] = append(first[v], r.FirstNext)
		}
	}
	out := make([]ColdStart, len(variants))
	for v, name := range variants {
		out[v] = ColdStart{Variant: name, Register: Summarize(reg[v]), FirstNext: Summarize(first[v])}
	}
	return out, nil
}

// PeakRSS is the peak RSS of the extension that proxied one event.
type PeakRSS struct {
	Variant string
	Size    int
	KB      int64
}

// RunPeakRSS runs the extension once per size and variant, proxying one
// event of that size, and reads its VmHWM. evalTimeout is handed to the
// extension (LAMBDA_FIREWALL_EVAL_TIMEOUT) so that a slow decision is
// measured rather than failed closed.
func RunPeakRSS(ctx context.Context, bin string, sizes []int, evalTimeout string) ([]PeakRSS, error) {
	var out []PeakRSS
	for _, size := range sizes {
		event, err := APIGWEvent(size, false)
		if err != nil {
			return nil, err
		}
		for _, variant := range []string{VariantDefault, VariantNone} {
			r, err := RunExtension(ctx, ExtensionOptions{Bin: bin, PolicyNone: variant == VariantNone,
				Event: event, EvalTimeout: evalTimeout})
			if err != nil {
				return nil, fmt.Errorf("peak RSS of %s at %s: %w", variant, SizeName(size), err)
			}
			out = append(out, PeakRSS{Variant: variant, Size: size, KB: r.PeakRSSKB})
		}
	}
	return out, nil
}
