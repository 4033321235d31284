package engine

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/lambda-firewall/lambda-firewall/policy"
)

// Defaults of block verdicts.
const (
	eventBlockStatus    = http.StatusForbidden
	responseBlockStatus = http.StatusInternalServerError

	eventErrorType       = "Function.PolicyViolation"
	eventErrorMessage    = "event blocked by lambda-firewall policy"
	responseErrorType    = "Function.ResponseBlocked"
	responseErrorMessage = "response blocked by lambda-firewall policy"

	headerContentType = "content-type"
	contentTypeJSON   = "application/json"
	contentTypeText   = "text/plain; charset=utf-8"
)

// blockSpec is what a block verdict needs to know besides the decision.
type blockSpec struct {
	phase     inspectPhase
	source    Source
	requestID string
	// multiValue says the ALB target group has multi-value headers on: the
	// response must carry multiValueHeaders instead of headers.
	multiValue bool
}

// blockVerdict builds the verdict that blocks a payload. d carries the
// policy's optional overrides (response, error); a zero Decision gives the
// defaults.
func blockVerdict(s blockSpec, d policy.Decision) Verdict {
	if !IsHTTP(s.source) {
		return failVerdict(s.phase, d.Error)
	}
	payload := syntheticResponse(s, d.Response)
	if s.phase == inspectEvent {
		return Verdict{Action: Respond, Payload: payload}
	}
	return Verdict{Action: Replace, Payload: payload}
}

// failVerdict is the Runtime API error posted for a non-HTTP block.
func failVerdict(phase inspectPhase, spec *policy.ErrorSpec) Verdict {
	v := Verdict{Action: Fail, ErrorType: eventErrorType, ErrorMessage: eventErrorMessage}
	if phase == inspectResponse {
		v.ErrorType, v.ErrorMessage = responseErrorType, responseErrorMessage
	}
	if spec != nil && validErrorType(spec.Type) {
		v.ErrorType = spec.Type
	}
	if spec != nil && spec.Message != "" {
		v.ErrorMessage = spec.Message
	}
	return v
}

// validErrorType matches (Runtime|Function)\.[A-Z][a-zA-Z]+.
func validErrorType(t string) bool {
	rest, ok := strings.CutPrefix(t, "Function.")
	if !ok {
		rest, ok = strings.CutPrefix(t, "Runtime.")
	}
	if !ok || len(rest) < 2 || rest[0] < 'A' || rest[0] > 'Z' {
		return false
	}
	for _, c := range rest {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// proxyResponse is the response document of the HTTP triggers: API Gateway
// REST and HTTP APIs, function URLs, ALB and WebSocket APIs.
type proxyResponse struct {
	StatusCode        int                 `json:"statusCode"`
	StatusDescription string              `json:"statusDescription,omitempty"`
	Headers           map[string]string   `json:"headers,omitempty"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders,omitempty"`
	Body              string              `json:"body"`
	IsBase64Encoded   *bool               `json:"isBase64Encoded,omitempty"`
}

// syntheticResponse is the trigger-shaped HTTP response of a block.
func syntheticResponse(s blockSpec, over *policy.HTTPResponse) []byte {
	status, headers, body := blockContent(s, over)
	r := proxyResponse{StatusCode: status, Body: body}
	notBase64 := false
	switch s.source {
	case SourceAPIGWWebSocket:
	case SourceALB:
		r.StatusDescription = strconv.Itoa(status) + " " + http.StatusText(status)
		r.IsBase64Encoded = &notBase64
		if s.multiValue {
			r.MultiValueHeaders = make(map[string][]string, len(headers))
			for k, v := range headers {
				r.MultiValueHeaders[k] = []string{v}
			}
		} else {
			r.Headers = headers
		}
	default:
		r.Headers = headers
		r.IsBase64Encoded = &notBase64
	}
	out, err := marshalJSON(r)
	if err != nil || len(out) > maxPayloadBytes {
		if over != nil {
			return syntheticResponse(s, nil)
		}
	}
	return out
}

// blockContent merges the policy's overrides into the defaults.
func blockContent(s blockSpec, over *policy.HTTPResponse) (int, map[string]string, string) {
	status, msg := eventBlockStatus, http.StatusText(eventBlockStatus)
	if s.phase == inspectResponse {
		status, msg = responseBlockStatus, http.StatusText(responseBlockStatus)
	}
	contentType := contentTypeJSON
	body := defaultBlockBody(msg, s.requestID)
	if over != nil {
		if over.Status >= 100 && over.Status <= 599 {
			status = over.Status
		}
		switch b := over.Body.(type) {
		case nil:
		case string:
			body, contentType = b, contentTypeText
		default:
			if raw, err := marshalJSON(b); err == nil {
				body = string(raw)
			}
		}
	}
	headers := map[string]string{headerContentType: contentType}
	if over != nil {
		for k, v := range over.Headers {
			if strings.EqualFold(k, headerContentType) {
				delete(headers, headerContentType)
			}
			headers[k] = v
		}
	}
	return status, headers, body
}

func defaultBlockBody(msg, requestID string) string {
	raw, _ := marshalJSON(struct {
		Message   string `json:"message"`
		RequestID string `json:"request_id"`
	}{msg, requestID})
	return string(raw)
}

// marshalJSON is json.Marshal without HTML escaping and trailing newline.
func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
