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

// Invoke sends payload to the function through the emulator and returns the
// emulator's status, body and headers. In classic mode, calls are serialised.
func (e *Emulator) Invoke(ctx context.Context, payload []byte) (int, []byte, http.Header, error) {
	if e.cfg.Concurrency == 0 {
		e.serial.Lock()
		defer e.serial.Unlock()
	}
	url := "http://" + e.addr + invokePath
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("build invoke request: %w", err)
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
