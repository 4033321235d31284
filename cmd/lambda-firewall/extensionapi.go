package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Extensions API protocol strings.
const (
	extensionAPIVersion       = "2020-01-01"
	headerExtensionName       = "Lambda-Extension-Name"
	headerExtensionIdentifier = "Lambda-Extension-Identifier"
	headerExtensionErrorType  = "Lambda-Extension-Function-Error-Type"
	eventShutdown             = "SHUTDOWN"
)

// extensionClient talks to the Lambda Extensions API.
type extensionClient struct {
	base string // http://host:port/2020-01-01/extension/
	http *http.Client
	id   string
}

func newExtensionClient(runtimeAPI string) *extensionClient {
	return &extensionClient{
		base: "http://" + runtimeAPI + "/" + extensionAPIVersion + "/extension/",
		// No timeout: /event/next is a long poll across freezes.
		http: &http.Client{Transport: &http.Transport{Proxy: nil}},
	}
}

// extensionEvent is the part of an Extensions API event we use.
type extensionEvent struct {
	EventType      string `json:"eventType"`
	DeadlineMs     int64  `json:"deadlineMs"`
	ShutdownReason string `json:"shutdownReason"`
}

// register registers the extension for SHUTDOWN events only, which keeps the
// function's invokes free of extension round trips and is the only event
// Lambda Managed Instances allow.
func (c *extensionClient) register(ctx context.Context, name string) error {
	body := []byte(`{"events":["` + eventShutdown + `"]}`)
	resp, err := c.do(ctx, http.MethodPost, "register", http.Header{headerExtensionName: {name}}, body)
	if err != nil {
		return fmt.Errorf("failed to register extension %q: %w", name, err)
	}
	c.id = resp.Header.Get(headerExtensionIdentifier)
	if c.id == "" {
		return fmt.Errorf("failed to register extension %q: no %s in the reply", name, headerExtensionIdentifier)
	}
	return nil
}

// next blocks until the next Extensions API event.
func (c *extensionClient) next(ctx context.Context) (extensionEvent, error) {
	var ev extensionEvent
	resp, err := c.do(ctx, http.MethodGet, "event/next", c.idHeader(), nil)
	if err != nil {
		return ev, fmt.Errorf("failed to get the next extension event: %w", err)
	}
	if err := json.Unmarshal(resp.body, &ev); err != nil {
		return ev, fmt.Errorf("failed to decode the extension event: %w", err)
	}
	return ev, nil
}

// initError reports a failed initialisation; Lambda then fails the init.
func (c *extensionClient) initError(ctx context.Context, errType, msg string) error {
	h := c.idHeader()
	h.Set(headerExtensionErrorType, errType)
	h.Set("Content-Type", "application/json")
	body, _ := json.Marshal(map[string]string{"errorMessage": msg, "errorType": errType})
	if _, err := c.do(ctx, http.MethodPost, "init/error", h, body); err != nil {
		return fmt.Errorf("failed to report init error: %w", err)
	}
	return nil
}

func (c *extensionClient) idHeader() http.Header {
	return http.Header{headerExtensionIdentifier: {c.id}}
}

type apiResponse struct {
	Header http.Header
	body   []byte
}

// do performs one request and fails on any non-2xx status.
func (c *extensionClient) do(ctx context.Context, method, path string, h http.Header, body []byte) (*apiResponse, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	for k, vv := range h {
		req.Header[k] = vv
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("failed to read %s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return nil, fmt.Errorf("failed to %s %s: got unexpected status code: %d", method, path, resp.StatusCode)
	}
	return &apiResponse{Header: resp.Header, body: b}, nil
}
