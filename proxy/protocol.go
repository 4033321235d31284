package proxy

// Runtime API protocol strings.
const (
	apiVersion = "2018-06-01"

	pathNext          = "/" + apiVersion + "/runtime/invocation/next"
	pathInvocation    = "/" + apiVersion + "/runtime/invocation/"
	patternNext       = "GET " + pathNext
	patternResponse   = "POST " + pathInvocation + "{id}/response"
	patternInvokeErr  = "POST " + pathInvocation + "{id}/error"
	suffixResponse    = "/response"
	suffixError       = "/error"
	headerRequestID   = "Lambda-Runtime-Aws-Request-Id"
	headerDeadlineMS  = "Lambda-Runtime-Deadline-Ms"
	headerFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
	headerTraceID     = "Lambda-Runtime-Trace-Id"
	headerClientCtx   = "Lambda-Runtime-Client-Context"
	headerCognito     = "Lambda-Runtime-Cognito-Identity"
	headerTenantID    = "Lambda-Runtime-Aws-Tenant-Id"
	headerErrorType   = "Lambda-Runtime-Function-Error-Type"
	headerRespMode    = "Lambda-Runtime-Function-Response-Mode"
	responseStreaming = "streaming"
	contentTypeJSON   = "application/json"

	// DefaultMaxBufferedBytes is the largest body the proxy buffers for
	// inspection: the synchronous invocation payload limit (6 MiB) plus the
	// 100 bytes of slack the Runtime API accepts. Larger bodies are streamed
	// upstream unchanged so the Runtime API answers its own 413.
	DefaultMaxBufferedBytes = 6<<20 + 100
)
