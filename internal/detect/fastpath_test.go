package detect_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/internal/detect"
	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

// comparingDecider evaluates each input with the fast path and with the
// Rego evaluator alone, records any difference and returns the latter.
type comparingDecider struct {
	fast, rego *policy.Evaluator
	mu         sync.Mutex
	n          int
	diffs      []string
}

func (c *comparingDecider) Eval(ctx context.Context, input []byte) (policy.Result, error) {
	a, errA := c.fast.Eval(ctx, input)
	b, errB := c.rego.Eval(ctx, input)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	if (errA == nil) != (errB == nil) || errA != nil && errA.Error() != errB.Error() ||
		!reflect.DeepEqual(a.Decision, b.Decision) {
		c.diffs = append(c.diffs, fmt.Sprintf("fast path %+v (err %v), Rego %+v (err %v)", a.Decision, errA, b.Decision, errB))
	}
	return b, errB
}

// TestFastPathSameDecisionsCorpus checks that the evaluator's fast path
// decides every CRS regression case, benign event and naughty string
// exactly as the Rego evaluator does.
func TestFastPathSameDecisionsCorpus(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "crs-regression.jsonl")); err != nil {
		t.Skipf("CRS corpus not available at %s (%v)", corpusDir, err)
	}
	ctx := context.Background()
	fast := loadDefault(t)
	rego, err := policy.Load(ctx, policy.Options{Embedded: rules.Default, RegoOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	c := &comparingDecider{fast: fast, rego: rego}
	if _, err := detect.Measure(ctx, c, detect.Options{
		CRSPath:   filepath.Join(corpusDir, "crs-regression.jsonl"),
		BenignDir: benignDir,
		BLNSPath:  filepath.Join(corpusDir, "blns.json"),
	}); err != nil {
		t.Fatal(err)
	}
	if c.n < 5000 {
		t.Errorf("%d decisions compared, want the whole corpus", c.n)
	}
	for i, d := range c.diffs {
		if i == 10 {
			t.Errorf("... %d differences in all", len(c.diffs))
			break
		}
		t.Error(d)
	}
}
