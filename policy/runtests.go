package policy

import (
	"context"
	"fmt"
	"io"
	"io/fs"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// RunTests runs the Rego tests (test_* rules, usually in *_test.rego files)
// of the bundles at paths, or of embedded when paths is empty, with the
// custom builtins registered and the same builtin restrictions as Load. It
// prints the results to out as `opa test` does (every test when verbose) and
// returns the number of passed and failed tests; tests that errored count as
// failed, skipped tests as neither. err reports a failure to load or compile.
// Bundle signatures are not verified.
func RunTests(ctx context.Context, paths []string, embedded fs.FS, out io.Writer, verbose bool) (passed, failed int, err error) {
	custom := customBuiltins()
	caps, err := capabilities(nil, custom)
	if err != nil {
		return 0, 0, err
	}
	bl := bundleLoader{caps: caps, tests: true}
	loaded, err := bl.loadAll(Options{Paths: paths, Embedded: embedded})
	if err != nil {
		return 0, 0, err
	}
	bundles := make(map[string]*bundle.Bundle, len(loaded))
	for _, nb := range loaded {
		if err := checkDisabledBuiltins(nb.bundle.ParsedModules(nb.name), caps); err != nil {
			return 0, 0, fmt.Errorf("failed to compile bundle %s: %w", nb.name, err)
		}
		bundles[nb.name] = nb.bundle
	}

	store := inmem.New()
	txn, err := store.NewTransaction(ctx, storage.WriteParams)
	if err != nil {
		return 0, 0, fmt.Errorf("failed to open store transaction: %w", err)
	}
	defer store.Abort(ctx, txn)

	compiler := ast.NewCompiler().
		WithCapabilities(caps).
		WithEnablePrintStatements(true).
		WithUseTypeCheckAnnotations(true)
	runner := tester.NewRunner().
		SetCompiler(compiler).
		SetStore(store).
		AddCustomBuiltins(testerBuiltins(custom)).
		SetRuntime(runtimeTerm()).
		SetBundles(bundles).
		CapturePrintOutput(true).
		EnableTracing(verbose).
		SetDefaultRegoVersion(ast.RegoV1)
	ch, err := runner.RunTests(ctx, txn)
	if err != nil {
		return 0, 0, fmt.Errorf("failed to run tests: %w", err)
	}

	counted := make(chan *tester.Result)
	go func() {
		defer close(counted)
		for r := range ch {
			switch {
			case r.Pass():
				passed++
			case !r.Skip:
				failed++
			}
			counted <- r
		}
	}()
	reporter := tester.PrettyReporter{Output: out, Verbose: verbose}
	if err := reporter.Report(counted); err != nil {
		for range counted { // drain so the counting goroutine ends
		}
		return passed, failed, fmt.Errorf("failed to report test results: %w", err)
	}
	return passed, failed, nil
}
