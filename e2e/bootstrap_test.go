package e2e

import (
	"fmt"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/internal/rie"
)

// runtimeAPISeen asks the function which Runtime API it talks to.
func runtimeAPISeen(t *testing.T, e *rie.Emulator) string {
	t.Helper()
	r := invoke(t, e, []byte(`{"action":"env","name":"AWS_LAMBDA_RUNTIME_API"}`))
	if r.status != 200 {
		t.Fatalf("env action: %s", describe(r))
	}
	return string(r.body)
}

// TestBootstraps: with the emulated managed runtime (AWS_LAMBDA_EXEC_WRAPPER)
// and with an OS-only runtime whose bootstrap execs the wrapper then the Go
// binary (as documented for provided.al2023), the function talks to the proxy
// and events pass; without the extension it talks to the emulator directly.
func TestBootstraps(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     setupOpts
		viaProxy bool
	}{
		{"managed", setupOpts{bootstrap: rie.BootstrapManaged}, true},
		{"os-only", setupOpts{bootstrap: rie.BootstrapOSOnly}, true},
		{"direct", setupOpts{direct: true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t, tc.opts)
			got := runtimeAPISeen(t, e)
			proxy := fmt.Sprintf(`"127.0.0.1:%d"`, e.ExtensionPort())
			if tc.viaProxy != (got == proxy) {
				t.Errorf("function's AWS_LAMBDA_RUNTIME_API = %s (proxy is %s), want via proxy: %v", got, proxy, tc.viaProxy)
			}
			r := invoke(t, e, []byte(`{"hello":"world"}`))
			if r.status != 200 || string(r.body) != `{"hello":"world"}` {
				t.Errorf("echo: %s", describe(r))
			}
		})
	}
}
