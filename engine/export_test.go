package engine

import "github.com/lambda-firewall/lambda-firewall/policy"

// ApplyEventMasks exposes the mask application of the event phase to the
// external benchmarks (inspect_bench_test.go).
func ApplyEventMasks(payload []byte, masks []policy.Mask) ([]byte, error) {
	return applyMasks(payload, inspectEvent, masks)
}
