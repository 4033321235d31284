package policy

import "github.com/open-policy-agent/opa/v1/ast"

// viewBuiltins read input.payload only when the input document has neither
// an "http" nor a "response" view: given either, they read the view.
var viewBuiltins = map[string]bool{
	BuiltinInspect: true, BuiltinQuiet: true, BuiltinPII: true, BuiltinLimits: true,
	BuiltinTargets: true, BuiltinLocate: true,
}

// payloadBesideViewsUnread reports whether the modules and the query never
// read input.payload of an input document that has an "http" or a
// "response" view: every reference to input names a constant top-level key
// other than "payload", or is input whole passed to one of viewBuiltins.
// Anything else (input passed elsewhere, a variable key, an import of input,
// `with input as`) is taken as reading it. The default pack reads the
// views: parsing the payload beside them was a third of the input's parse.
func payloadBesideViewsUnread(modules []*ast.Module, query ast.Body) bool {
	allowed := map[*ast.Term]bool{}
	markArgs := func(call []*ast.Term) {
		if len(call) == 0 || !viewBuiltins[call[0].String()] {
			return
		}
		for _, arg := range call[1:] {
			if isWholeInput(arg) {
				allowed[arg] = true
			}
		}
	}
	visitCalls := func(x any) {
		ast.WalkExprs(x, func(e *ast.Expr) bool {
			if e.IsCall() {
				markArgs(e.Terms.([]*ast.Term))
			}
			return false
		})
		ast.WalkTerms(x, func(t *ast.Term) bool {
			if c, ok := t.Value.(ast.Call); ok {
				markArgs(c)
			}
			return false
		})
	}
	unread := true
	visitRefs := func(x any) {
		ast.WalkTerms(x, func(t *ast.Term) bool {
			ref, ok := t.Value.(ast.Ref)
			if !ok || !ref.HasPrefix(ast.InputRootRef) {
				return false
			}
			switch {
			case len(ref) == 1:
				unread = unread && allowed[t]
			default:
				key, ok := ref[1].Value.(ast.String)
				unread = unread && ok && key != "payload"
			}
			return false
		})
	}
	for _, m := range modules {
		visitCalls(m)
		visitRefs(m)
	}
	visitCalls(query)
	visitRefs(query)
	return unread
}

// isWholeInput reports whether t is the reference input, alone.
func isWholeInput(t *ast.Term) bool {
	ref, ok := t.Value.(ast.Ref)
	return ok && len(ref) == 1 && ref.HasPrefix(ast.InputRootRef)
}
