package proxy

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// handleNext serves GET /runtime/invocation/next. It long-polls upstream,
// inspects the event and hands the runtime either that event (as it was, or
// replaced) or, when the event was blocked and answered on the runtime's
// behalf, the next one.
func (p *Proxy) handleNext(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	for {
		resp, err := p.send(ctx, http.MethodGet, p.upstreamURL(pathNext), r.Header, nil)
		if err != nil {
			p.upstreamFailed(w, r, err)
			return
		}
		if resp.StatusCode != http.StatusOK {
			p.relayResponse(w, resp)
			resp.Body.Close()
			return
		}
		event, tooLarge, err := readBounded(resp.Body, p.maxBody, resp.ContentLength)
		if err != nil {
			resp.Body.Close()
			p.upstreamFailed(w, r, err)
			return
		}
		inv := invocationFrom(resp.Header)
		if tooLarge {
			// The Runtime API never sends events this large; pass it on
			// rather than lose it.
			p.log.Warn("event not inspected: larger than the buffering limit",
				"request_id", inv.RequestID, "limit", p.maxBody)
			p.invokes.put(inv, nil)
			p.relayResponse(w, &http.Response{StatusCode: resp.StatusCode, Header: resp.Header,
				Body: io.NopCloser(io.MultiReader(bytes.NewReader(event), resp.Body))})
			resp.Body.Close()
			return
		}
		resp.Body.Close()

		v := p.inspectEvent(ctx, inv, event)
		switch v.Action {
		case engine.Allow:
			p.deliverEvent(w, resp, inv, v.Memo, event)
			return
		case engine.Replace:
			p.deliverEvent(w, resp, inv, v.Memo, v.Payload)
			return
		case engine.Respond, engine.Fail:
			if err := p.answerBlocked(ctx, inv.RequestID, v); err != nil {
				p.upstreamFailed(w, r, err)
				return
			}
			p.log.Info("event blocked; fetching the next event for the runtime", "request_id", inv.RequestID,
				"verdict", v.Action.String())
		default:
			p.log.Error("inspector returned an unknown action; blocking the event", "request_id", inv.RequestID,
				"action", int(v.Action))
			if err := p.answerBlocked(ctx, inv.RequestID, inspectionFailed); err != nil {
				p.upstreamFailed(w, r, err)
				return
			}
		}
	}
}

// deliverEvent hands the event to the runtime with the upstream's headers.
func (p *Proxy) deliverEvent(w http.ResponseWriter, resp *http.Response, inv engine.Invocation, memo any, event []byte) {
	p.invokes.put(inv, memo)
	writeResponseHeader(w, resp, len(event))
	if _, err := w.Write(event); err != nil {
		p.log.Warn("writing the event to the runtime failed", "request_id", inv.RequestID, "error", err.Error())
	}
}

// invocationFrom reads the invocation metadata from the /next headers.
func invocationFrom(h http.Header) engine.Invocation {
	deadline, _ := strconv.ParseInt(h.Get(headerDeadlineMS), 10, 64)
	return engine.Invocation{
		RequestID:          h.Get(headerRequestID),
		DeadlineMs:         deadline,
		InvokedFunctionARN: h.Get(headerFunctionARN),
		TraceID:            h.Get(headerTraceID),
		ClientContext:      h.Get(headerClientCtx),
		CognitoIdentity:    h.Get(headerCognito),
		TenantID:           h.Get(headerTenantID),
	}
}
