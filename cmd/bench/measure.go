package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"

	"github.com/lambda-firewall/lambda-firewall/internal/bench"
)

// measure runs every part not skipped and returns the report.
func measure(ctx context.Context, o options, progress io.Writer) (*bench.Report, error) {
	r := &bench.Report{Machine: bench.ThisMachine(), EvalTimeout: o.evalTimeout}
	tmp, err := os.MkdirTemp("", "lambda-firewall-bench-")
	if err != nil {
		return nil, fmt.Errorf("failed to create a temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)

	// The extension binary: for the -ext round-trip setups, the cold
	// starts, the peak RSS and the sizes.
	var bin string
	wantsExt := o.runs(partRoundTrip) && (len(o.setups) == 0 ||
		slices.Contains(o.setups, bench.SetupPassthroughExt) || slices.Contains(o.setups, bench.SetupDefaultExt))
	if wantsExt || o.runs(partColdStart) || o.runs(partRSS) || o.runs(partArtifacts) {
		fmt.Fprintln(progress, "building the extension")
		if bin, err = bench.BuildExtension(ctx, o.root, tmp); err != nil {
			return nil, err
		}
	}

	var env *bench.Env
	if o.runs(partRoundTrip) || o.runs(partDecision) {
		fmt.Fprintln(progress, "loading the default rule pack")
		eng, err := bench.NewDefaultEngine(ctx, o.evalTimeout)
		if err != nil {
			return nil, err
		}
		regoOnly, err := bench.NewRegoOnlyEngine(ctx, o.evalTimeout)
		if err != nil {
			return nil, err
		}
		pack, err := bench.NewEngine(ctx, bench.RegoPack, o.evalTimeout)
		if err != nil {
			return nil, err
		}
		env = &bench.Env{Engine: eng, RegoOnly: regoOnly, RegoPack: pack, ExtensionBin: bin, EvalTimeout: o.evalTimeout}
	}
	if o.runs(partRoundTrip) {
		if err := roundTrips(ctx, o, env, tmp, r, progress); err != nil {
			return nil, err
		}
	}
	if o.runs(partDecision) {
		fmt.Fprintln(progress, "timing decisions")
		n := func(size int) int {
			if size >= o.roundTrip.LargeFrom {
				return o.decisionsLarge
			}
			return o.decisions
		}
		engines := []bench.NamedEngine{{Name: bench.VariantDefault, Engine: env.Engine}, {Name: bench.VariantRegoOnly, Engine: env.RegoOnly}}
		if r.Decisions, err = bench.RunDecisions(ctx, engines, o.decisionSizes, n); err != nil {
			return nil, err
		}
	}
	if !o.runs(partColdStart) && !o.runs(partRSS) && !o.runs(partArtifacts) {
		return r, nil
	}
	if o.runs(partColdStart) {
		fmt.Fprintln(progress, "cold starts")
		if r.ColdStarts, err = bench.RunColdStarts(ctx, bin, o.coldStarts); err != nil {
			return nil, err
		}
	}
	if o.runs(partRSS) {
		fmt.Fprintln(progress, "peak RSS")
		if r.RSS, err = bench.RunPeakRSS(ctx, bin, o.rssSizes, o.evalTimeout.String()); err != nil {
			return nil, err
		}
	}
	if o.runs(partArtifacts) {
		a, err := bench.MeasureArtifacts(bin, filepath.Join(o.root, "wrapper-script.sh"), tmp)
		if err != nil {
			return nil, err
		}
		r.Artifacts = &a
	}
	return r, nil
}

// roundTrips starts OPA when its setup is wanted and runs the round trips.
func roundTrips(ctx context.Context, o options, env *bench.Env, tmp string, r *bench.Report, progress io.Writer) error {
	if len(o.setups) == 0 || slices.Contains(o.setups, bench.SetupOPA) {
		fmt.Fprintln(progress, "starting OPA (stock, RegoPack with Rego stand-ins for our builtins)")
		srv, err := bench.StartStockOPA(ctx, tmp, o.opaBin)
		if err != nil {
			return err
		}
		defer srv.Close()
		env.OPA = bench.NewOPAInspector(srv.Addr)
		r.Notes = append(r.Notes, "default/masked: the embedded default pack of this tree. regopack: our engine in process "+
			"with internal/bench/testdata/regopack (the default pack before its matching moved into Go builtins, pure Rego but for 5 lambda_firewall.* builtins). "+
			"opa-server: stock OPA "+opaVersion()+" over REST with the same regopack, its lambda_firewall.* calls going to the "+
			"Rego stand-ins of internal/bench/testdata/opashim (cheaper than ours: normalize only lower-cases, one regex for sqli/xss).")
	}
	setups, err := env.Setups(o.setups)
	if err != nil {
		return err
	}
	r.RoundTrips, err = bench.RunRoundTrips(ctx, setups, o.roundTrip, progress)
	return err
}

// opaVersion is the OPA module version this binary was built with, which
// is the one BuildOPA builds.
func opaVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/open-policy-agent/opa" {
				return d.Version
			}
		}
	}
	return "(version unknown)"
}
