package integration

import (
	"strings"
	"testing"
	"time"
)

func TestTmpMeasure(t *testing.T) {
	ctx := testContext(t)
	s := newStack(t, stackOptions{evalTimeout: 30 * time.Second})
	for i, n := range []int{64 << 10, 256 << 10, 1 << 20, 2 << 20} {
		for j, p := range [][]byte{
			[]byte(`{"s":"` + strings.Repeat("A", n) + `"}`),
			apigwV2("POST", "/p", "/p", "", nil, nil, nil, `{"q":"`+strings.Repeat("a", n)+`"}`),
			apigwV2("POST", "/p", "/p", "", nil, nil, nil, `{"q":"`+strings.Repeat("a b. ", n/5)+`"}`),
		} {
			start := time.Now()
			out, err := s.sendEvent(ctx, "m"+string(rune('a'+i))+string(rune('a'+j)), p)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("n=%d kind=%d class=%s total=%s metrics=%v", n, j, out.class(), time.Since(start), out.decision["metrics"])
		}
	}
}
