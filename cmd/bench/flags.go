package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lambda-firewall/lambda-firewall/internal/bench"
)

// Parts of the run that can be skipped.
const (
	partRoundTrip = "roundtrip"
	partDecision  = "decision"
	partColdStart = "coldstart"
	partRSS       = "rss"
	partArtifacts = "artifacts"
)

var parts = []string{partRoundTrip, partDecision, partColdStart, partRSS, partArtifacts}

// options are the parsed flags.
type options struct {
	roundTrip      bench.RoundTripConfig
	setups         []string
	decisions      int
	decisionsLarge int
	decisionSizes  []int
	coldStarts     int
	rssSizes       []int
	evalTimeout    time.Duration
	opaBin         string
	root           string
	skip           []string
}

func (o options) runs(part string) bool { return !slices.Contains(o.skip, part) }

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	quick := fs.Bool("quick", false, "smoke run for CI: 1.5 KB only, a few invokes, 2 cold starts")
	sizes := fs.String("sizes", "1.5KB,64KB,1MB,6MB", "round-trip event sizes (B, KB, MB: binary units)")
	conc := fs.String("conc", "1,4", "concurrent invokes (1 runs the proxy non-concurrent)")
	setups := fs.String("setups", "", "comma list of setups (default all: "+strings.Join(bench.SetupNames, ",")+")")
	fs.IntVar(&o.roundTrip.Invokes, "n", 300, "measured invokes per setup, size and concurrency")
	fs.IntVar(&o.roundTrip.InvokesLarge, "n-large", 4, "measured invokes for sizes of -large-from and more")
	large := fs.String("large-from", "64KB", "size from which -n-large applies")
	fs.IntVar(&o.roundTrip.Block, "block", 20, "invokes per round-robin block")
	fs.IntVar(&o.roundTrip.Warmup, "warmup", 10, "unmeasured invokes per setup before each size below -large-from")
	fs.IntVar(&o.decisions, "decisions", 2000, "timed decisions per size below -large-from (a 1.5 KB decision takes ~0.1 ms: 2000 make a p50 that one noisy moment of the host does not move)")
	fs.IntVar(&o.decisionsLarge, "decisions-large", 3, "timed decisions per size from -large-from")
	decSizes := fs.String("decision-sizes", "1.5KB,64KB,1MB,6MB", "decision-alone event sizes")
	fs.IntVar(&o.coldStarts, "coldstarts", 15, "extension cold starts per variant")
	rssSizes := fs.String("rss-sizes", "1.5KB,1MB,6MB", "event sizes for the extension's peak RSS")
	fs.DurationVar(&o.evalTimeout, "eval-timeout", 5*time.Minute,
		"engine evaluation budget (the extension's default is 100ms: a slower decision fails closed and the run fails)")
	fs.StringVar(&o.opaBin, "opa", "", "OPA binary for the opa-server setup (default: go build it from go.mod's module)")
	fs.StringVar(&o.root, "root", ".", "module root (to build the extension and find wrapper-script.sh)")
	skip := fs.String("skip", "", "comma list of parts to skip: "+strings.Join(parts, ","))
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if *quick {
		*sizes, *conc, *decSizes, *rssSizes = "1.5KB", "1,4", "1.5KB", "1.5KB"
		o.roundTrip.Invokes, o.roundTrip.Block, o.roundTrip.Warmup = 12, 4, 2
		o.decisions, o.coldStarts = 20, 2
	}
	var errs []error
	var err error
	if o.roundTrip.Sizes, err = parseSizes(*sizes); err != nil {
		errs = append(errs, err)
	}
	if o.decisionSizes, err = parseSizes(*decSizes); err != nil {
		errs = append(errs, err)
	}
	if o.rssSizes, err = parseSizes(*rssSizes); err != nil {
		errs = append(errs, err)
	}
	if ls, err := parseSizes(*large); err != nil || len(ls) != 1 {
		errs = append(errs, fmt.Errorf("-large-from %q: want one size", *large))
	} else {
		o.roundTrip.LargeFrom = ls[0]
	}
	if o.roundTrip.Concurrency, err = parseInts(*conc); err != nil {
		errs = append(errs, fmt.Errorf("-conc: %w", err))
	}
	o.setups = splitList(*setups)
	o.skip = splitList(*skip)
	for _, p := range o.skip {
		if !slices.Contains(parts, p) {
			errs = append(errs, fmt.Errorf("-skip: unknown part %q", p))
		}
	}
	if o.roundTrip.Invokes < 1 || o.roundTrip.InvokesLarge < 1 || o.roundTrip.Block < 1 || o.decisions < 1 ||
		o.decisionsLarge < 1 || o.coldStarts < 1 || o.evalTimeout <= 0 || o.roundTrip.Warmup < 0 {
		errs = append(errs, errors.New("counts must be positive"))
	}
	return o, errors.Join(errs...)
}

// parseSizes parses "1.5KB,64KB,1MB" (binary units).
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		mult, num := 1, f
		switch u := strings.ToUpper(f); {
		case strings.HasSuffix(u, "MB"):
			mult, num = 1<<20, f[:len(f)-2]
		case strings.HasSuffix(u, "KB"):
			mult, num = 1<<10, f[:len(f)-2]
		case strings.HasSuffix(u, "B"):
			num = f[:len(f)-1]
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || v <= 0 || v*float64(mult) > 6<<20 {
			return nil, fmt.Errorf("size %q: want e.g. 1.5KB, 64KB, 6MB (at most 6MB)", f)
		}
		out = append(out, int(v*float64(mult)))
	}
	return out, nil
}

func parseInts(s string) ([]int, error) {
	var out []int
	for _, f := range splitList(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%q: want a positive integer", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
