package bench

import (
	"context"
	"log/slog"
	"os"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
	"github.com/lambda-firewall/lambda-firewall/policy"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

func TestZZDebug(t *testing.T) {
	ev, err := policy.Load(context.Background(), policy.Options{Embedded: rules.Default})
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(ev, engine.Config{Logger: slog.New(slog.NewJSONHandler(os.Stderr, nil))})
	for _, s := range []int{Size1K5, Size64K} {
		p, _ := APIGWEvent(s, false)
		v := e.InspectEvent(context.Background(), engine.Invocation{RequestID: "x"}, p)
		t.Log(v.Action)
	}
}
