// Command testfunction is the Lambda function used by the end-to-end suite.
//
// Its behaviour is driven by the event: a top-level "action" field (or, for
// HTTP events, the "x-action" header) selects what it does. Every invocation
// prints "HANDLER_INVOKED <request id> <marker>" to stdout so that tests can
// prove a blocked event never reached the handler, and small events are also
// printed as "HANDLER_EVENT <request id> <event>" so the demo can show what the
// handler saw. The SIGTERM hook prints "SIGTERM_RECEIVED".
package main
