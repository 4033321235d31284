package main

import "github.com/lambda-firewall/lambda-firewall/engine"

func engineInput(ev []byte) ([]byte, *engine.EventMemo, error) {
	return engine.BuildEventInput(ev, engine.Invocation{RequestID: "x"}, engine.FunctionInfo{Name: "f"}, engine.InputOptions{})
}

func joinLines(s []string) string {
	out := ""
	for _, l := range s {
		out += l + "\n"
	}
	return out
}
