package engine

import (
	"errors"
	"testing"
	"time"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		ok   bool
	}{
		{"zero", Config{}, true},
		{"enforce", Config{Mode: ModeEnforce}, true},
		{"audit", Config{Mode: ModeAudit, EvalTimeout: time.Second}, true},
		{"unknown mode", Config{Mode: "permissive"}, false},
		{"negative timeout", Config{EvalTimeout: -time.Millisecond}, false},
	}
	for _, tt := range tests {
		err := tt.cfg.Validate()
		if (err == nil) != tt.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, errInvalidConfig) {
			t.Errorf("%s: error %v does not wrap errInvalidConfig", tt.name, err)
		}
	}
}

func TestConfigDefaults(t *testing.T) {
	c := Config{Mode: "typo"}.withDefaults()
	if c.Mode != ModeEnforce || c.EvalTimeout != DefaultEvalTimeout || c.Query != DefaultQuery || c.Logger == nil {
		t.Errorf("withDefaults = %+v, want enforce, %s, %s and a logger", c, DefaultEvalTimeout, DefaultQuery)
	}
	if c := (Config{Mode: ModeAudit, EvalTimeout: time.Second, Query: "data.x"}).withDefaults(); c.Mode != ModeAudit || c.EvalTimeout != time.Second || c.Query != "data.x" {
		t.Errorf("withDefaults overrode set fields: %+v", c)
	}
}
