package proxy

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/lambda-firewall/lambda-firewall/engine"
)

// handleResponse serves POST /runtime/invocation/{id}/response: the
// function's result is inspected and forwarded unchanged, replaced, or
// turned into an error.
func (p *Proxy) handleResponse(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	entry, _ := p.invokes.take(id)
	inv := entry.inv
	if inv.RequestID == "" {
		inv.RequestID = id
	}
	if strings.EqualFold(r.Header.Get(headerRespMode), responseStreaming) {
		p.log.Info("response not inspected: streaming mode", "request_id", id)
		p.reverse.ServeHTTP(w, r)
		return
	}
	if r.ContentLength > p.maxBody {
		p.log.Warn("response not inspected: larger than the buffering limit", "request_id", id, "limit", p.maxBody)
		p.reverse.ServeHTTP(w, r)
		return
	}
	body, tooLarge, err := readBounded(r.Body, p.maxBody, r.ContentLength)
	if err != nil {
		p.log.Warn("reading the runtime's response failed", "request_id", id, "error", err.Error())
		writeError(w, http.StatusBadRequest, errTypeBadBody, "lambda-firewall: failed to read the response body")
		return
	}
	if tooLarge {
		p.log.Warn("response not inspected: larger than the buffering limit", "request_id", id, "limit", p.maxBody)
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
		p.reverse.ServeHTTP(w, r)
		return
	}

	v := p.inspectResponse(r.Context(), inv, entry.memo, body)
	switch v.Action {
	case engine.Allow:
		p.forward(w, r, r.URL.Path, r.Header, sentTrailer(r.Trailer), body)
	case engine.Replace, engine.Respond:
		p.forward(w, r, r.URL.Path, r.Header, nil, v.Payload)
	default: // Fail, or anything unknown: never let the original out.
		typ, doc := blockError(v)
		h := http.Header{"Content-Type": {contentTypeJSON}, headerErrorType: {typ}}
		if ua, ok := r.Header["User-Agent"]; ok {
			h["User-Agent"] = ua
		}
		p.log.Info("response blocked; error posted instead", "request_id", id, "error_type", typ)
		p.forward(w, r, pathInvocation+url.PathEscape(id)+suffixError, h, nil, doc)
	}
}

// handleInvokeError serves POST /runtime/invocation/{id}/error: the
// runtime's error report goes upstream unchanged.
func (p *Proxy) handleInvokeError(w http.ResponseWriter, r *http.Request) {
	p.invokes.take(r.PathValue("id"))
	p.reverse.ServeHTTP(w, r)
}

// forward sends body to path upstream with header and relays the Runtime
// API's answer to the runtime.
func (p *Proxy) forward(w http.ResponseWriter, r *http.Request, path string, header, trailer http.Header, body []byte) {
	out := r.Clone(r.Context())
	if path != r.URL.Path {
		out.URL.Path, out.URL.RawPath = path, ""
	}
	out.Header = header.Clone()
	out.Header.Del("Content-Length")
	out.Body = http.NoBody
	if len(body) > 0 {
		out.Body = io.NopCloser(bytes.NewReader(body))
	}
	out.ContentLength = int64(len(body))
	out.TransferEncoding = nil
	out.Trailer = trailer
	if trailer != nil {
		out.ContentLength = -1 // trailers need chunked encoding
	}
	p.reverse.ServeHTTP(w, out)
}

// sentTrailer returns the trailers the runtime actually sent (aws-lambda-go
// announces its error trailers on every response and fills them only when
// reading the response failed), or nil when it sent none.
func sentTrailer(t http.Header) http.Header {
	for _, vv := range t {
		for _, v := range vv {
			if v != "" {
				return t
			}
		}
	}
	return nil
}
