package proxy

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"path"
	"runtime/debug"
)

// Config configures a Proxy.
type Config struct {
	// Upstream is the host:port of the real Runtime API (or of the next
	// proxy in a chain). Required.
	Upstream string
	// Inspector decides on events and responses. Nil means AllowAll.
	Inspector Inspector
	// Logger receives one line per notable event, never payloads. Nil
	// means slog.Default().
	Logger *slog.Logger
	// MaxBufferedBytes is the largest body buffered for inspection. Zero
	// means DefaultMaxBufferedBytes.
	MaxBufferedBytes int64
	// Transport carries every upstream request. Nil means a dedicated
	// pooled transport without timeouts (NewTransport).
	Transport http.RoundTripper
	// Concurrent tells the proxy that the runtime may hold several
	// invocations at once (AWS_LAMBDA_MAX_CONCURRENCY > 1). When false, a
	// new /next call means every earlier invocation has ended.
	Concurrent bool
}

// Proxy is an http.Handler that serves the Runtime API to the function's
// runtime. Create it with New.
type Proxy struct {
	upstream  *url.URL
	inspector Inspector
	log       *slog.Logger
	maxBody   int64
	transport http.RoundTripper
	reverse   *httputil.ReverseProxy
	mux       *http.ServeMux
	invokes   *registry
}

// New validates cfg and returns a Proxy.
func New(cfg Config) (*Proxy, error) {
	if cfg.Upstream == "" {
		return nil, errors.New("invalid proxy config: empty upstream")
	}
	if _, _, err := net.SplitHostPort(cfg.Upstream); err != nil {
		return nil, fmt.Errorf("invalid proxy config: upstream %q is not host:port: %w", cfg.Upstream, err)
	}
	if cfg.MaxBufferedBytes < 0 {
		return nil, fmt.Errorf("invalid proxy config: negative MaxBufferedBytes %d", cfg.MaxBufferedBytes)
	}
	p := &Proxy{
		upstream:  &url.URL{Scheme: "http", Host: cfg.Upstream},
		inspector: cfg.Inspector,
		log:       cfg.Logger,
		maxBody:   cfg.MaxBufferedBytes,
		transport: cfg.Transport,
		invokes:   newRegistry(cfg.Concurrent),
	}
	if p.inspector == nil {
		p.inspector = AllowAll{}
	}
	if p.log == nil {
		p.log = slog.Default()
	}
	if p.maxBody == 0 {
		p.maxBody = DefaultMaxBufferedBytes
	}
	if p.transport == nil {
		p.transport = NewTransport()
	}
	p.reverse = p.newReverseProxy()
	p.mux = http.NewServeMux()
	p.mux.HandleFunc(patternNext, p.handleNext)
	p.mux.HandleFunc(patternResponse, p.handleResponse)
	p.mux.HandleFunc(patternInvokeErr, p.handleInvokeError)
	p.mux.Handle("/", p.reverse)
	return p, nil
}

// ServeHTTP routes the runtime's request. Paths that are not in canonical
// form go straight upstream, so that the mux never redirects them.
func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer p.recoverPanic(w, r)
	if r.URL.Path == "" || r.URL.RawPath != "" || path.Clean(r.URL.Path) != r.URL.Path {
		p.reverse.ServeHTTP(w, r)
		return
	}
	p.mux.ServeHTTP(w, r)
}

// recoverPanic turns a panic into a logged 500 with an error JSON, so that
// the runtime never sees an empty reply. http.ErrAbortHandler is re-raised:
// it is how a half-written response is aborted.
func (p *Proxy) recoverPanic(w http.ResponseWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	// Only the panic's type and the stack: a panic value could quote data.
	p.log.Error("proxy panic recovered", "method", r.Method, "path", r.URL.Path,
		"panic_type", fmt.Sprintf("%T", v), "stack", string(debug.Stack()))
	writeError(w, http.StatusInternalServerError, errTypeInternal, "lambda-firewall proxy internal error")
}
