package engine

// Invocation is the metadata of one invocation, taken from the
// Lambda-Runtime-* headers of the /next response.
type Invocation struct {
	RequestID          string // Lambda-Runtime-Aws-Request-Id
	DeadlineMs         int64  // Lambda-Runtime-Deadline-Ms
	InvokedFunctionARN string // Lambda-Runtime-Invoked-Function-Arn
	TraceID            string // Lambda-Runtime-Trace-Id
	ClientContext      string // Lambda-Runtime-Client-Context (raw JSON)
	CognitoIdentity    string // Lambda-Runtime-Cognito-Identity (raw JSON)
	TenantID           string // Lambda-Runtime-Aws-Tenant-Id
}
