package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// opaDecisionPath is the REST path of the default pack's decision.
const opaDecisionPath = "/v1/data/lambda_firewall/decision"

// OPAInspector is a proxy.Inspector that asks an OPA server for each
// decision over its REST API, the design a user would build with stock OPA.
// It builds the same input document as the engine (engine.BuildEventInput,
// engine.BuildResponseInput), and posts it for both phases. It only allows:
// a decision other than allow, or any error, fails the payload, so that the
// harness notices (it runs it on benign events only).
type OPAInspector struct {
	url    string
	client *http.Client
	fn     engine.FunctionInfo
}

// NewOPAInspector returns an inspector for the OPA server at addr, over a
// pooled keep-alive client.
func NewOPAInspector(addr string) *OPAInspector {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.MaxIdleConnsPerHost = 16
	return &OPAInspector{url: "http://" + addr + opaDecisionPath, client: &http.Client{Transport: t}, fn: benchFunction}
}

// InspectEvent asks OPA about the event.
func (o *OPAInspector) InspectEvent(ctx context.Context, inv engine.Invocation, event []byte) engine.Verdict {
	input, memo, err := engine.BuildEventInput(event, inv, o.fn, engine.InputOptions{})
	if err != nil {
		return opaFail(fmt.Errorf("failed to build the event input: %w", err))
	}
	v := o.decide(ctx, input)
	v.Memo = memo
	return v
}

// InspectResponse asks OPA about the response.
func (o *OPAInspector) InspectResponse(ctx context.Context, inv engine.Invocation, memo any, response []byte) engine.Verdict {
	m, _ := memo.(*engine.EventMemo)
	if m == nil {
		m = &engine.EventMemo{Source: engine.SourceUnknown}
	}
	input, err := engine.BuildResponseInput(response, inv, o.fn, m, engine.InputOptions{})
	if err != nil {
		return opaFail(fmt.Errorf("failed to build the response input: %w", err))
	}
	return o.decide(ctx, input)
}

func (o *OPAInspector) decide(ctx context.Context, input []byte) engine.Verdict {
	body := make([]byte, 0, len(input)+10)
	body = append(append(append(body, `{"input":`...), input...), '}')
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.url, bytes.NewReader(body))
	if err != nil {
		return opaFail(fmt.Errorf("failed to build the OPA request: %w", err))
	}
	req.Header.Set("Content-Type", contentTypeJSON)
	resp, err := o.client.Do(req)
	if err != nil {
		return opaFail(fmt.Errorf("failed to query OPA: %w", err))
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return opaFail(fmt.Errorf("failed to read the OPA answer: %w", err))
	}
	if resp.StatusCode != http.StatusOK {
		return opaFail(fmt.Errorf("OPA answered %d: %.200s", resp.StatusCode, raw))
	}
	var out struct {
		Result *struct {
			Action string `json:"action"`
		} `json:"result"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return opaFail(fmt.Errorf("failed to decode the OPA answer: %w", err))
	}
	if out.Result == nil || out.Result.Action != "allow" {
		return opaFail(fmt.Errorf("OPA decided %.200s, the benchmark expects allow", raw))
	}
	return engine.Verdict{Action: engine.Allow}
}

// opaFail blocks with the failure in the error message, so that the fake
// Runtime API reports it.
func opaFail(err error) engine.Verdict {
	return engine.Verdict{Action: engine.Fail, ErrorType: "Function.BenchOPAError", ErrorMessage: err.Error()}
}
