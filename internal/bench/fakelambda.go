package bench

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Extensions API protocol strings.
const (
	extensionAPIVersion = "2020-01-01"
	headerExtensionName = "Lambda-Extension-Name"
	headerExtensionID   = "Lambda-Extension-Identifier"
)

// fakeLambda plays Lambda for one run of the real extension binary: the
// Extensions API (register, a blocking /event/next) and a Runtime API that
// hands out one event and accepts its response. As Lambda does, it hands
// out no event before the extension's first /event/next: that call is the
// extension saying its init is done.
type fakeLambda struct {
	ln  net.Listener
	srv *http.Server

	fakeExtensionsAPI
	event     []byte
	responded chan []byte // the body of the /response
	handed    sync.Once
}

func newFakeLambda(event []byte) (*fakeLambda, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("failed to listen for the fake Lambda: %w", err)
	}
	f := &fakeLambda{ln: ln, event: event, fakeExtensionsAPI: newFakeExtensionsAPI(), responded: make(chan []byte, 1)}
	mux := http.NewServeMux()
	f.route(mux)
	mux.HandleFunc("GET "+pathNext, f.next)
	mux.HandleFunc("POST /"+apiVersion+"/runtime/invocation/{id}/response", f.response)
	f.srv = &http.Server{Handler: mux}
	go func() { _ = f.srv.Serve(ln) }()
	return f, nil
}

func (f *fakeLambda) addr() string { return f.ln.Addr().String() }

func (f *fakeLambda) close() { _ = f.srv.Close() }

// next hands out the event once; later calls wait for the caller to go.
func (f *fakeLambda) next(w http.ResponseWriter, r *http.Request) {
	first := false
	f.handed.Do(func() { first = true })
	if !first {
		<-r.Context().Done()
		return
	}
	select {
	case <-f.ready:
	case <-r.Context().Done():
		return
	}
	w.Header().Set(headerRequestID, "req-1")
	w.Header().Set(headerDeadlineMS, strconv.FormatInt(time.Now().Add(15*time.Minute).UnixMilli(), 10))
	w.Header().Set(headerFunctionARN, functionARN)
	w.Header().Set("Content-Type", contentTypeJSON)
	w.Header().Set("Content-Length", strconv.Itoa(len(f.event)))
	_, _ = w.Write(f.event)
}

func (f *fakeLambda) response(w http.ResponseWriter, r *http.Request) {
	body, _ := readAllLimit(r, 1<<20)
	w.WriteHeader(http.StatusAccepted)
	select {
	case f.responded <- body:
	default:
	}
}
