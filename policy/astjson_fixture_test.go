//go:build astjsonfixture

// The fixture generator is behind a build tag so that the tests of policy
// do not depend on engine building:
//
//	go test -tags astjsonfixture ./policy -run TestASTJSONFixture -update-astjson-fixture

package policy_test

import (
	"encoding/json"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

var updateASTJSONFixture = flag.Bool("update-astjson-fixture", false,
	"rewrite testdata/astjson/apigw_http_input.json with the document engine.BuildEventInput builds")

// astjsonFixture is the input document of the parseInputValue tests and
// benchmark (astjson_test.go). Package policy cannot build it itself:
// engine imports policy.
const astjsonFixture = "testdata/astjson/apigw_http_input.json"

// TestASTJSONFixture builds the input document of an API Gateway HTTP API
// event with the engine, and rewrites the fixture with it under
// -update-astjson-fixture. Otherwise it checks that the fixture still has
// the top-level members of an engine document: its exact contents may lag
// behind the engine's, which does not matter to a parser benchmark.
func TestASTJSONFixture(t *testing.T) {
	event, err := os.ReadFile("../rules/testdata/events/apigw_http-benign-order.allow.json")
	if err != nil {
		t.Fatal(err)
	}
	inv := engine.Invocation{
		RequestID:          "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
		DeadlineMs:         1795716003000,
		InvokedFunctionARN: "arn:aws:lambda:eu-west-1:123456789012:function:orders",
		TraceID:            "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1",
	}
	fn := engine.FunctionInfo{Name: "orders", Version: "$LATEST", MemoryMB: 256, Region: "eu-west-1"}
	input, _, err := engine.BuildEventInput(event, inv, fn, engine.InputOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *updateASTJSONFixture {
		if err := os.MkdirAll(filepath.Dir(astjsonFixture), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(astjsonFixture, input, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	fixture, err := os.ReadFile(astjsonFixture)
	if err != nil {
		t.Fatalf("%v (run go test -tags astjsonfixture ./policy -run TestASTJSONFixture -update-astjson-fixture)", err)
	}
	var got, want map[string]json.RawMessage
	if err := json.Unmarshal(fixture, &got); err != nil {
		t.Fatalf("fixture: %v", err)
	}
	if err := json.Unmarshal(input, &want); err != nil {
		t.Fatalf("engine document: %v", err)
	}
	gotKeys, wantKeys := slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))
	if !slices.Equal(gotKeys, wantKeys) {
		t.Errorf("fixture members %v, the engine's %v (run with -update-astjson-fixture)", gotKeys, wantKeys)
	}
}
