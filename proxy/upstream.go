package proxy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"time"
)

// NewTransport returns the transport the proxy uses upstream: pooled
// keep-alive connections, no proxy from the environment, no compression
// negotiated on the runtime's behalf, and no timeouts, because /next is a
// long poll and the sandbox may be frozen between invokes.
func NewTransport() *http.Transport {
	return &http.Transport{
		Proxy: nil,
		DialContext: (&net.Dialer{
			Timeout:   5 * time.Second, // connecting only; never the request
			KeepAlive: 30 * time.Second,
		}).DialContext,
		MaxIdleConns:        64,
		MaxIdleConnsPerHost: 64,
		DisableCompression:  true,
	}
}

// newReverseProxy builds the pass-through used for every route that is not
// inspected. It keeps the path and query exactly as the runtime sent them.
func (p *Proxy) newReverseProxy() *httputil.ReverseProxy {
	return &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme = p.upstream.Scheme
			pr.Out.URL.Host = p.upstream.Host
			pr.Out.Host = p.upstream.Host
			// Request.Clone copied the trailer map before the body was
			// read; share the original so the values the runtime sends
			// after the body reach the Runtime API.
			pr.Out.Trailer = pr.In.Trailer
		},
		Transport:     p.transport,
		FlushInterval: -1, // stream: flush every write
		ErrorLog:      nil,
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			p.upstreamFailed(w, r, err)
		},
	}
}

// upstreamFailed answers a request that could not be completed upstream.
func (p *Proxy) upstreamFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		// The runtime went away; nobody is listening for an answer.
		p.log.Debug("runtime cancelled request", "method", r.Method, "path", r.URL.Path)
		return
	}
	p.log.Error("upstream request failed", "method", r.Method, "path", r.URL.Path, "error", err.Error())
	writeError(w, http.StatusBadGateway, errTypeUpstream, "lambda-firewall: Runtime API unreachable")
}

// upstreamURL is the upstream address of a Runtime API path.
func (p *Proxy) upstreamURL(path string) string {
	return p.upstream.String() + path
}

// send performs one upstream request. The caller closes the body.
func (p *Proxy) send(ctx context.Context, method, url string, header http.Header, body []byte) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytesReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, fmt.Errorf("failed to build %s %s: %w", method, url, err)
	}
	for k, vv := range header {
		if isHopByHop(k) {
			continue
		}
		req.Header[k] = append([]string(nil), vv...)
	}
	if _, ok := req.Header["User-Agent"]; !ok {
		req.Header["User-Agent"] = []string{""} // no Go default User-Agent
	}
	if body != nil {
		req.ContentLength = int64(len(body))
	}
	resp, err := p.transport.RoundTrip(req)
	if err != nil {
		return nil, fmt.Errorf("failed to %s %s: %w", method, url, err)
	}
	return resp, nil
}

// hopByHop are the headers that belong to one connection (RFC 9110 7.6.1).
var hopByHop = map[string]bool{
	"Connection":          true,
	"Proxy-Connection":    true,
	"Keep-Alive":          true,
	"Proxy-Authenticate":  true,
	"Proxy-Authorization": true,
	"Te":                  true,
	"Trailer":             true,
	"Transfer-Encoding":   true,
	"Upgrade":             true,
}

func isHopByHop(canonicalKey string) bool { return hopByHop[canonicalKey] }

// writeResponseHeader copies an upstream response's headers and status to w,
// replacing Content-Length with the length of the body that will follow.
func writeResponseHeader(w http.ResponseWriter, resp *http.Response, bodyLen int) {
	dst := w.Header()
	for k, vv := range resp.Header {
		if isHopByHop(k) || k == "Content-Length" {
			continue
		}
		dst[k] = append([]string(nil), vv...)
	}
	dst["Content-Length"] = []string{fmt.Sprint(bodyLen)}
	w.WriteHeader(resp.StatusCode)
}

// relayResponse streams an upstream response to w unchanged.
func (p *Proxy) relayResponse(w http.ResponseWriter, resp *http.Response) {
	dst := w.Header()
	for k, vv := range resp.Header {
		if isHopByHop(k) {
			continue
		}
		dst[k] = append([]string(nil), vv...)
	}
	w.WriteHeader(resp.StatusCode)
	if _, err := io.Copy(w, resp.Body); err != nil {
		p.log.Warn("relaying upstream response failed", "status", resp.StatusCode, "error", err.Error())
	}
}
