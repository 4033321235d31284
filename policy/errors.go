package policy

import "errors"

// Error codes carried by *Error.
const (
	CodeLoadError         = "load_error"         // a bundle could not be read, parsed or compiled
	CodeSignatureError    = "signature_error"    // a bundle is unsigned or its signature does not verify
	CodeInvalidInput      = "invalid_input"      // the input is not a JSON document
	CodeEvalError         = "eval_error"         // evaluation failed (builtin error, conflict …)
	CodeTimeout           = "timeout"            // the context deadline passed during evaluation
	CodeCanceled          = "canceled"           // the context was cancelled during evaluation
	CodeUndefinedDecision = "undefined_decision" // the decision query has no result
	CodeInvalidDecision   = "invalid_decision"   // the decision does not match the schema
)

// Error is the error type of this package. Code tells the kind of failure;
// Err, when set, is the underlying cause.
type Error struct {
	Code string
	Msg  string
	Err  error
}

func (e *Error) Error() string {
	switch {
	case e.Err == nil:
		return e.Msg
	case e.Msg == "":
		return e.Err.Error()
	default:
		return e.Msg + ": " + e.Err.Error()
	}
}

// Unwrap returns the underlying cause, so errors.Is(err,
// context.DeadlineExceeded) holds for a timeout.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same Code, so that
// errors.Is(err, &policy.Error{Code: policy.CodeTimeout}) works.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code != "" && t.Code == e.Code
}

// ErrorCode returns the Code of the first *Error in err's chain, or "" if
// there is none.
func ErrorCode(err error) string {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return ""
}

// newError returns an *Error with the given code, message and cause.
func newError(code, msg string, err error) *Error {
	return &Error{Code: code, Msg: msg, Err: err}
}
