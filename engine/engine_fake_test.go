package engine

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// deciderFunc is a fake Decider.
type deciderFunc func(ctx context.Context, input []byte) (policy.Result, error)

func (f deciderFunc) Eval(ctx context.Context, input []byte) (policy.Result, error) {
	return f(ctx, input)
}

// decides returns a fake that always answers d.
func decides(d policy.Decision) Decider {
	return deciderFunc(func(context.Context, []byte) (policy.Result, error) {
		return policy.Result{Decision: d, EvalNs: 1500}, nil
	})
}

// fails returns a fake that always returns err.
func fails(err error) Decider {
	return deciderFunc(func(context.Context, []byte) (policy.Result, error) {
		return policy.Result{}, err
	})
}

// waitsForContext is a fake that only returns when ctx is done.
func waitsForContext() Decider {
	return deciderFunc(func(ctx context.Context, _ []byte) (policy.Result, error) {
		<-ctx.Done()
		return policy.Result{}, ctx.Err()
	})
}

// panics is a fake that panics with a value holding payload data.
func panics(v any) Decider {
	return deciderFunc(func(context.Context, []byte) (policy.Result, error) {
		panic(v)
	})
}

// goldenInvocation is the invocation of the golden files.
func goldenInvocation() Invocation {
	return Invocation{
		RequestID:          "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
		InvokedFunctionARN: "arn:aws:lambda:us-east-1:123456789012:function:fn",
		TraceID:            "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
	}
}

// checkGolden compares got with testdata/golden/name, or rewrites it with
// -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, append(bytes.Clone(got), '\n'), 0o644); err != nil {
			t.Fatalf("update golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if !bytes.Equal(bytes.TrimSuffix(want, []byte("\n")), got) {
		t.Errorf("%s differs from golden\n got %s\nwant %s", name, got, want)
	}
}
