package detect_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/internal/detect"
	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

// corpusDir is ../shared/corpus relative to the repository root.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus")

const benignDir = "../../rules/testdata/benign"

// Targets the default pack must meet.
const (
	minFamilyPL1 = 97.0 // percent of PL1 attacks blocked in each core family
	minAllPL1    = 90.0 // percent of all PL1 attacks blocked
	maxBenignFP  = 1.0  // percent of benign events blocked
)

var coreFamilies = []string{"sqli", "xss", "rce", "lfi", "rfi", "java"}

func loadDefault(t testing.TB) *policy.Evaluator {
	t.Helper()
	ev, err := policy.Load(context.Background(), policy.Options{Embedded: rules.Default})
	if err != nil {
		t.Fatalf("load default bundle: %v", err)
	}
	return ev
}

func TestDetectionTargets(t *testing.T) {
	if _, err := os.Stat(filepath.Join(corpusDir, "crs-regression.jsonl")); err != nil {
		t.Skipf("CRS corpus not available at %s (%v): detection targets not measured", corpusDir, err)
	}
	rep, err := detect.Measure(context.Background(), loadDefault(t), detect.Options{
		CRSPath:   filepath.Join(corpusDir, "crs-regression.jsonl"),
		BenignDir: benignDir,
		BLNSPath:  filepath.Join(corpusDir, "blns.json"),
	})
	if err != nil {
		t.Fatalf("measure: %v", err)
	}
	var out strings.Builder
	if err := rep.Format(&out); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + out.String())

	if len(rep.Errors) > 0 {
		t.Errorf("%d evaluation errors, first: %s", len(rep.Errors), rep.Errors[0])
	}
	for _, f := range coreFamilies {
		c := rep.PL1(f)
		if c.Total == 0 || c.Rate() < minFamilyPL1 {
			t.Errorf("%s: PL1 attacks blocked %s, want >= %.0f%%", f, c, minFamilyPL1)
		}
	}
	if all := rep.PL1Total(); all.Rate() < minAllPL1 {
		t.Errorf("all PL1 attacks blocked %s, want >= %.0f%%", all, minAllPL1)
	}
	if rep.Benign.Total < 300 {
		t.Errorf("benign corpus has %d events, want >= 300", rep.Benign.Total)
	}
	if fp := rep.Benign.FPRate(); fp > maxBenignFP {
		t.Errorf("benign false-positive rate %.2f%% > %.0f%%: %v", fp, maxBenignFP, rep.Benign.FalsePositives)
	}
	if rep.Benign.MaskMissed > 0 {
		t.Errorf("%d benign events labelled mask were not masked", rep.Benign.MaskMissed)
	}
	if rep.BLNS.Evaluations == 0 {
		t.Error("blns strings were not evaluated")
	}
}
