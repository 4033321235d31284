package bench

import (
	"net/http"
	"sync"
	"time"
)

// fakeExtensionsAPI plays Lambda's Extensions API for one extension:
// /register, an /event/next that marks the extension ready (its init is
// done) and then blocks until it goes away, and /init/error. Both fakes of
// Lambda embed it.
type fakeExtensionsAPI struct {
	registered chan time.Time // when /extension/register arrived
	initError  chan string    // the error type of /extension/init/error
	ready      chan struct{}  // closed at the extension's first /event/next
	readyOnce  sync.Once
}

func newFakeExtensionsAPI() fakeExtensionsAPI {
	return fakeExtensionsAPI{registered: make(chan time.Time, 1), initError: make(chan string, 1), ready: make(chan struct{})}
}

// route adds the Extensions API to mux.
func (x *fakeExtensionsAPI) route(mux *http.ServeMux) {
	ext := "/" + extensionAPIVersion + "/extension/"
	mux.HandleFunc("POST "+ext+"register", func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		w.Header().Set(headerExtensionID, "bench-ext")
		w.Header().Set("Content-Type", contentTypeJSON)
		_, _ = w.Write([]byte(`{"functionName":"bench","functionVersion":"$LATEST","handler":"bootstrap"}`))
		select {
		case x.registered <- at:
		default:
		}
	})
	mux.HandleFunc("GET "+ext+"event/next", func(w http.ResponseWriter, r *http.Request) {
		x.readyOnce.Do(func() { close(x.ready) })
		<-r.Context().Done() // no event until the extension goes away
	})
	mux.HandleFunc("POST "+ext+"init/error", func(w http.ResponseWriter, r *http.Request) {
		select {
		case x.initError <- r.Header.Get("Lambda-Extension-Function-Error-Type"):
		default:
		}
		w.WriteHeader(http.StatusAccepted)
	})
}
