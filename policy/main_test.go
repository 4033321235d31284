package policy

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that neither Load nor Eval (nor a cancelled Eval) leaves
// goroutines behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
