package rie

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
)

// invokePath is the emulator's invoke endpoint.
const invokePath = "/2015-03-31/functions/function/invocations"

// invokeClient has no timeout: an invoke lasts as long as the function; the
// caller's context bounds it.
var invokeClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}

// HeaderRequestID sets the request id of an invoke (classic mode only); the
// emulator makes one up otherwise.
const HeaderRequestID = "X-Amzn-RequestId"

// Invoke sends payload to the function through the emulator and returns the
// emulator's status, body and headers. In classic mode, calls are serialised.
func (e *Emulator) Invoke(ctx context.Context, payload []byte) (int, []byte, http.Header, error) {
	return e.InvokeWithHeader(ctx, payload, nil)
}

// InvokeWithHeader is Invoke with extra request headers for the emulator,
// such as HeaderRequestID or X-Amz-Client-Context.
func (e *Emulator) InvokeWithHeader(ctx context.Context, payload []byte, h http.Header) (int, []byte, http.Header, error) {
	if e.cfg.Concurrency == 0 {
		e.serial.Lock()
		defer e.serial.Unlock()
	}
	url := "http://" + e.addr + invokePath
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("build invoke request: %w", err)
	}
	for k, vv := range h {
		req.Header[k] = vv
	}
	resp, err := invokeClient.Do(req)
	if err != nil {
		return 0, nil, nil, fmt.Errorf("POST %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, resp.Header, fmt.Errorf("read invoke response: %w", err)
	}
	return resp.StatusCode, body, resp.Header, nil
}
