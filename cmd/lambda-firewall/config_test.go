package main

import (
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadConfigDefaults(t *testing.T) {
	c, err := loadConfig(env(map[string]string{EnvAWSRuntimeAPI: "127.0.0.1:9001"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Port != 9009 || c.Upstream != "127.0.0.1:9001" || c.Query != "data.lambda_firewall.decision" ||
		c.Audit || c.FailOpen || c.EvalTimeout != time.Second || c.Concurrency != 1 || len(c.Policies) != 0 {
		t.Fatalf("defaults = %+v", c)
	}
	if c.ListenAddr() != "127.0.0.1:9009" {
		t.Fatalf("listen address %s: must be loopback only", c.ListenAddr())
	}
}

func TestLoadConfigValues(t *testing.T) {
	c, err := loadConfig(env(map[string]string{
		EnvAWSRuntimeAPI: "127.0.0.1:9001", EnvRuntimeAPI: "127.0.0.1:9100", EnvPort: "9200",
		EnvPolicy: " /opt/a , /opt/b.tar.gz ,", EnvMode: "audit", EnvFail: "open", EnvEvalTimeout: "250ms",
		EnvMetrics: "emf", EnvMaxConcurrency: "4", EnvLogLevel: "DEBUG", EnvAllowBuiltins: "http.send",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Upstream != "127.0.0.1:9100" || c.Port != 9200 || strings.Join(c.Policies, "|") != "/opt/a|/opt/b.tar.gz" ||
		!c.Audit || !c.FailOpen || c.EvalTimeout != 250*time.Millisecond || !c.Metrics || c.Concurrency != 4 ||
		len(c.AllowBuiltins) != 1 {
		t.Fatalf("config = %+v", c)
	}
}

func TestLoadConfigRejects(t *testing.T) {
	base := map[string]string{EnvAWSRuntimeAPI: "127.0.0.1:9001"}
	tests := []struct {
		key, value, want string
	}{
		{EnvPort, "0", EnvPort},
		{EnvPort, "http", EnvPort},
		{EnvPort, "70000", EnvPort},
		{EnvRuntimeAPI, "127.0.0.1:9009", "self-loop"},
		{EnvRuntimeAPI, "localhost:9009", "self-loop"},
		{EnvRuntimeAPI, "no-port", "host:port"},
		{EnvLogLevel, "loud", EnvLogLevel},
		{EnvMode, "block", EnvMode},
		{EnvFail, "maybe", EnvFail},
		{EnvEvalTimeout, "10", EnvEvalTimeout},
		{EnvEvalTimeout, "-1s", EnvEvalTimeout},
		{EnvMetrics, "yes", EnvMetrics},
		{EnvMaxConcurrency, "zero", EnvMaxConcurrency},
		{EnvMaxInspect, "12", EnvMaxInspect},
		{EnvPolicy, "none,/opt/x", "cannot be combined"},
	}
	for _, tt := range tests {
		t.Run(tt.key+"="+tt.value, func(t *testing.T) {
			m := map[string]string{tt.key: tt.value}
			for k, v := range base {
				m[k] = v
			}
			_, err := loadConfig(env(m))
			if err == nil || !strings.Contains(err.Error(), "invalid config") || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want an invalid config error naming %q", err, tt.want)
			}
		})
	}
	if _, err := loadConfig(env(nil)); err == nil || !strings.Contains(err.Error(), "no upstream") {
		t.Fatalf("missing upstream: err = %v", err)
	}
}
