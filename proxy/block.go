package proxy

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// errorTypePattern is the form the Runtime API documents for error types.
var errorTypePattern = regexp.MustCompile(`^(Runtime|Function)\.[A-Z][a-zA-Z]+$`)

const defaultBlockErrorType = "Function.PolicyViolation"

// answerBlocked posts, on the runtime's behalf, the answer to a blocked
// event: the synthetic response (Respond) or an error (Fail).
func (p *Proxy) answerBlocked(ctx context.Context, requestID string, v engine.Verdict) error {
	base := pathInvocation + url.PathEscape(requestID)
	if v.Action == engine.Respond {
		return p.post(ctx, requestID, base+suffixResponse, http.Header{"Content-Type": {contentTypeJSON}}, v.Payload)
	}
	typ, body := blockError(v)
	h := http.Header{"Content-Type": {contentTypeJSON}, headerErrorType: {typ}}
	return p.post(ctx, requestID, base+suffixError, h, body)
}

// blockError is the error type and Runtime API error document of a Fail
// verdict. A malformed type falls back to the default one.
func blockError(v engine.Verdict) (string, []byte) {
	typ := v.ErrorType
	if !errorTypePattern.MatchString(typ) {
		typ = defaultBlockErrorType
	}
	msg := v.ErrorMessage
	if msg == "" {
		msg = "blocked by lambda-firewall policy"
	}
	return typ, errorJSON(typ, msg)
}

// post sends a body upstream on the runtime's behalf and checks that the
// Runtime API accepted it. A refusal is logged, not returned: the invocation
// is over either way and the runtime must get its next event.
func (p *Proxy) post(ctx context.Context, requestID, path string, h http.Header, body []byte) error {
	resp, err := p.send(ctx, http.MethodPost, p.upstreamURL(path), h, body)
	if err != nil {
		return fmt.Errorf("failed to answer blocked invocation %s: %w", requestID, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		p.log.Error("Runtime API refused the answer to a blocked invocation", "request_id", requestID,
			"path", path, "status", resp.StatusCode)
	}
	return nil
}
