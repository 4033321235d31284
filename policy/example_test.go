package policy_test

import (
	"context"
	"fmt"
	"io"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

func ExampleLoad() {
	ctx := context.Background()
	e, err := policy.Load(ctx, policy.Options{Paths: []string{"testdata/basic"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	input := []byte(`{"phase":"event","source":"apigw_http","payload":{},
		"http":{"method":"GET","path":"/users","query":{"id":["1' OR '1'='1"]}}}`)
	res, err := e.Eval(ctx, input)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Query(), e.Bundles())
	fmt.Println(res.Decision.Action, res.Decision.Reasons[0].ID, res.Decision.Response.Status)
	// Output:
	// data.lambda_firewall.decision map[testdata/basic:basic-rev-1]
	// block 942100 403
}

func ExampleRunTests() {
	// The report (as `opa test` prints it) goes to the writer; here it is
	// discarded because it contains timings.
	passed, failed, err := policy.RunTests(context.Background(), []string{"testdata/failing"}, nil, io.Discard, false)
	fmt.Println(passed, failed, err)
	// Output: 1 1 <nil>
}

func ExampleNormalize() {
	fmt.Println(policy.Normalize("%253CScript%253E%c0%ae%c0%ae%2F  &lt;b&gt;\\u0041"))
	// Output: <script>../ <b>a
}

func ExampleErrorCode() {
	_, err := policy.ParseDecision(map[string]any{"action": "deny"})
	fmt.Println(policy.ErrorCode(err))
	// Output: invalid_decision
}
