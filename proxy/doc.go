// Package proxy implements the Lambda Runtime API proxy: the function's
// runtime talks to it instead of the real Runtime API, and it forwards every
// request upstream with full fidelity (all headers, status codes and bodies
// byte-exact, long polls without timeouts, streamed responses flushed chunk
// by chunk with their trailers).
//
// Two routes are inspected through an [Inspector]:
//
//   - GET /2018-06-01/runtime/invocation/next: the event is read (up to
//     [DefaultMaxBufferedBytes]) and handed to Inspector.InspectEvent. An
//     allowed event is returned byte-exact; a replaced one is returned with
//     the new payload. A blocked event never reaches the runtime: the proxy
//     posts the synthetic response (Respond) or the error (Fail) upstream on
//     the runtime's behalf, fetches the next event and hands that one to the
//     runtime instead.
//   - POST /2018-06-01/runtime/invocation/{id}/response: the body is read
//     and handed to Inspector.InspectResponse; it is forwarded unchanged,
//     replaced, or turned into an error posted to .../{id}/error.
//
// Every other request (the /error and /init/error routes, streamed
// responses, bodies over the buffering limit, and paths the proxy does not
// know, such as the Extensions API that aws-lambda-go's WithEnableSIGTERM
// reaches through AWS_LAMBDA_RUNTIME_API) is streamed through unchanged by an
// [httputil.ReverseProxy].
//
// All per-invocation state is keyed by request id, so concurrent /next calls
// (AWS_LAMBDA_MAX_CONCURRENCY > 1) are served independently. Payloads are
// never logged.
//
// The proxy knows nothing of policies: it imports package engine only for the
// verdict and invocation types.
package proxy
