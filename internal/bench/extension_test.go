package bench

import (
	"context"
	"testing"
)

// The real binary, built as the layer ships it, registers, proxies a
// 1.5 KB event byte-exact and stops on SIGTERM, with the default rules and
// with policy none; the layer zip can be built from it.
func TestExtensionSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the extension binary")
	}
	ctx := context.Background()
	dir := t.TempDir()
	bin := testExtensionBin(t)
	cs, err := RunColdStarts(ctx, bin, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Register.N != 1 || c.FirstNext.P50 < c.Register.P50 {
			t.Errorf("%s: implausible cold start %+v", c.Variant, c)
		}
	}
	rss, err := RunPeakRSS(ctx, bin, []int{Size1K5}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rss {
		if r.KB <= 0 {
			t.Errorf("%s: peak RSS %d KB", r.Variant, r.KB)
		}
	}
	a, err := MeasureArtifacts(bin, "../../wrapper-script.sh", dir)
	if err != nil {
		t.Fatal(err)
	}
	if a.BinaryBytes <= 0 || a.LayerZipBytes <= 0 {
		t.Errorf("artifacts %+v", a)
	}
	t.Logf("cold start %+v, rss %+v, artifacts %+v", cs, rss, a)
}
