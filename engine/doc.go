// Package engine decides, for each Lambda event and each handler response,
// whether it passes, passes masked, or is blocked.
//
// For every payload the engine builds the policy input document (see
// BuildEventInput and BuildResponseInput), asks a Decider (in production a
// *policy.Evaluator running Rego) for a decision within Config.EvalTimeout
// and never past the invocation deadline, and turns the decision into a
// Verdict for the proxy:
//
//	decision  phase     source    verdict
//	allow     any       any       Allow (the payload is forwarded byte-exact)
//	mask      any       any       Replace with the masked payload (Allow if
//	                              no byte changed)
//	block     event     HTTP      Respond with a trigger-shaped 403 response
//	block     event     other     Fail, Function.PolicyViolation
//	block     response  HTTP      Replace with a trigger-shaped 500 response
//	block     response  other     Fail, Function.ResponseBlocked
//
// HTTP sources are API Gateway REST, HTTP and WebSocket APIs, ALB and
// function URLs. The synthetic response has the shape that trigger expects
// (ALB adds statusDescription and uses multiValueHeaders when the target
// group has multi-value headers on; WebSocket has statusCode and body only).
// Its default body is {"message":"Forbidden","request_id":"<id>"} (or
// "Internal Server Error" for a response); the decision's "response" and
// "error" fields override status, headers, body and error type and message.
//
// Masking rewrites only the masked leaves of the raw payload: key order,
// whitespace, escapes and numbers of any size elsewhere stay byte-exact. A
// path may go through a JSON string (an API Gateway body, an SQS record
// body), whose other escapes stay as they were too, and through a base64
// HTTP body. The masks of one payload are applied in one pass: the input
// builder and the masks share one scan of the payload and one decoded
// copy of its HTTP body, each container on the mask paths is read once,
// and the masked payload is written in one copy. Strategies are full ("[MASKED]" or the mask's replacement),
// last4 (stars all but the last four characters; four or fewer are all
// starred) and hash ("sha256:" and 16 hex chars); a pattern restricts the
// mask to the matching substrings. A mask that cannot be applied blocks,
// whatever the fail mode, and so does a masked payload over the 6 MiB
// payload limit.
//
// When no decision can be reached (the input cannot be built, evaluation
// fails or times out, the decision is invalid, or anything panics) the
// engine fails closed: it blocks as above with the default response and
// logs the reason id "policy_error". With Config.FailOpen it allows instead.
// Inspect methods never panic.
//
// In audit mode (Config.Mode "audit") everything is evaluated and logged as
// in enforce mode, with "enforced": false, and every payload is allowed.
//
// Each decision writes exactly one JSON line with msg "decision" to
// Config.Logger, with OPA decision-log field names where they fit
// (decision_id, timestamp, path, bundles, metrics) and request_id, phase,
// source, action, verdict, enforced, mode, rule_ids, categories, reasons
// (id, category and severity only), masked_paths and, on failure, error (a
// class such as "timeout" or "undefined_decision"). No payload value, reason
// message or error message is ever logged. With Config.Metrics a CloudWatch
// Embedded Metric Format line follows (namespace LambdaFirewall, dimensions
// Phase and Action, metrics Decisions, Allowed, Masked, Blocked, Errors and
// EvalTime).
package engine
