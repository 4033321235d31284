package policy

import "github.com/open-policy-agent/opa/v1/ast"

// Terms of the keys the builtins read in input documents, made once:
// ast.StringTerm allocates a term and a string on every call, and the
// builtins look these keys up on every evaluation.
var (
	termPhase       = ast.StringTerm("phase")
	termHTTP        = ast.StringTerm("http")
	termPayload     = ast.StringTerm("payload")
	termResponse    = ast.StringTerm("response")
	termSize        = ast.StringTerm("size")
	termMethod      = ast.StringTerm("method")
	termPath        = ast.StringTerm("path")
	termHeaders     = ast.StringTerm("headers")
	termQuery       = ast.StringTerm("query")
	termCookies     = ast.StringTerm("cookies")
	termBody        = ast.StringTerm("body")
	termBodyJSON    = ast.StringTerm("body_json")
	termBodyForm    = ast.StringTerm("body_form")
	termBodyFormat  = ast.StringTerm("body_format")
	termContentType = ast.StringTerm("content-type")
)
