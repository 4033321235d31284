package policy

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// limitsConfig is a parsed limits configuration (data.lambda_firewall.config.limits):
// {"max_body_bytes": n, "allowed_methods": [...], "routes": [{"path" | "path_prefix",
// "methods", "content_types", "max_body_bytes"}]}, every key optional.
type limitsConfig struct {
	maxBody int64
	methods []string // upper-cased; empty: any
	routes  []limitsRoute
}

type limitsRoute struct {
	path, prefix string
	hasPath      bool
	hasPrefix    bool
	methods      []string // upper-cased
	contentTypes []string // lower-cased
	maxBody      int64
}

func (r *limitsRoute) matches(path string) bool {
	return r.hasPath && r.path == path || r.hasPrefix && strings.HasPrefix(path, r.prefix)
}

// limitsBuiltin is lambda_firewall.limits with its parsed configuration cache.
type limitsBuiltin struct {
	cache matchCache
}

// Finding paths of the limits rules.
var (
	pathSize        = ast.ArrayTerm(termSize)
	pathMethod      = ast.ArrayTerm(termHTTP, termMethod)
	pathContentType = ast.ArrayTerm(termHTTP, termHeaders, termContentType)
)

func (lb *limitsBuiltin) builtin() customBuiltin {
	decl := &rego.Function{
		Name: BuiltinLimits,
		Description: "Checks an event against the body size, method and content type limits, globally and for " +
			"the routes matching its path; returns the rules that fire as [{id, path}] (limits-001 size, " +
			"limits-002 method, limits-003 content type). A malformed configuration halts the evaluation.",
		Decl: types.NewFunction(
			types.Args(
				types.Named("input", types.A).Description("the input document"),
				types.Named("limits", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).
					Description("max_body_bytes, allowed_methods, routes"),
			),
			types.Named("findings", types.NewArray(nil, types.NewObject(nil, types.NewDynamicProperty(types.S, types.A)))).
				Description("the limits exceeded, as {id, path}"),
		),
	}
	return customBuiltin{decl: decl, impl2: guard2(valueBuiltin2(lb.check))}
}

// check is what lambda_firewall.limits returns, once per evaluation
// (lambda_firewall.quiet shares it).
func (lb *limitsBuiltin) check(bctx rego.BuiltinContext, input, config ast.Value) (ast.Value, error) {
	return memoized(bctx, evalMemo{name: BuiltinLimits, a: input, b: config}, func() (ast.Value, error) {
		cfg, err := lb.parse(config)
		if err != nil {
			return nil, rego.NewHaltError(err)
		}
		return checkLimits(input, cfg), nil
	})
}

func (lb *limitsBuiltin) parse(v ast.Value) (*limitsConfig, error) {
	c, err := lb.cache.get(v, func() (any, error) { return parseLimits(v) })
	if err != nil {
		return nil, err
	}
	return c.(*limitsConfig), nil
}

func parseLimits(v ast.Value) (*limitsConfig, error) {
	obj, ok := v.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("limits must be an object but got %s", ast.ValueName(v))
	}
	c := &limitsConfig{}
	var err error
	if c.maxBody, err = optionalSize(obj, "max_body_bytes"); err != nil {
		return nil, err
	}
	if c.methods, err = optionalStrings(obj, "allowed_methods", strings.ToUpper); err != nil {
		return nil, err
	}
	if t := obj.Get(ast.StringTerm("routes")); t != nil {
		rs, ok := t.Value.(*ast.Array)
		if !ok {
			return nil, fmt.Errorf("limits.routes must be an array")
		}
		for i := range rs.Len() {
			ro, ok := rs.Elem(i).Value.(ast.Object)
			if !ok {
				return nil, fmt.Errorf("limits.routes[%d] must be an object", i)
			}
			var r limitsRoute
			if p := ro.Get(termPath); p != nil {
				if r.path, ok = stringOf(p); !ok {
					return nil, fmt.Errorf("limits.routes[%d].path must be a string", i)
				}
				r.hasPath = true
			}
			if p := ro.Get(ast.StringTerm("path_prefix")); p != nil {
				if r.prefix, ok = stringOf(p); !ok {
					return nil, fmt.Errorf("limits.routes[%d].path_prefix must be a string", i)
				}
				r.hasPrefix = true
			}
			if !r.hasPath && !r.hasPrefix {
				return nil, fmt.Errorf("limits.routes[%d] needs path or path_prefix", i)
			}
			if r.methods, err = optionalStrings(ro, "methods", strings.ToUpper); err != nil {
				return nil, fmt.Errorf("limits.routes[%d]: %w", i, err)
			}
			if r.contentTypes, err = optionalStrings(ro, "content_types", strings.ToLower); err != nil {
				return nil, fmt.Errorf("limits.routes[%d]: %w", i, err)
			}
			if r.maxBody, err = optionalSize(ro, "max_body_bytes"); err != nil {
				return nil, fmt.Errorf("limits.routes[%d]: %w", i, err)
			}
			c.routes = append(c.routes, r)
		}
	}
	return c, nil
}

func optionalSize(obj ast.Object, key string) (int64, error) {
	t := obj.Get(ast.StringTerm(key))
	if t == nil {
		return 0, nil
	}
	n, ok := t.Value.(ast.Number)
	if !ok {
		return 0, fmt.Errorf("%s must be a number", key)
	}
	i, ok := n.Int64()
	if !ok || i < 0 {
		return 0, fmt.Errorf("%s must be a non-negative integer", key)
	}
	return i, nil
}

func optionalStrings(obj ast.Object, key string, norm func(string) string) ([]string, error) {
	t := obj.Get(ast.StringTerm(key))
	if t == nil {
		return nil, nil
	}
	ss, err := stringList(t.Value, key)
	if err != nil {
		return nil, err
	}
	for i, s := range ss {
		ss[i] = norm(s)
	}
	return ss, nil
}

// optionalSet is optionalStrings as a set: nil when key is absent.
func optionalSet(obj ast.Object, key string, norm func(string) string) (map[string]bool, error) {
	ss, err := optionalStrings(obj, key, norm)
	if err != nil || obj.Get(ast.StringTerm(key)) == nil {
		return nil, err
	}
	set := make(map[string]bool, len(ss))
	for _, x := range ss {
		set[x] = true
	}
	return set, nil
}

// checkLimits returns the limits rules input breaks, in the event phase:
// limits-001 when the body (HTTP: input.http.body, counted in characters;
// others: input.size) exceeds a positive max_body_bytes, global or of a
// matching route; limits-002 when an HTTP method is not in a non-empty
// allowed_methods or methods of a matching route; limits-003 when a matching
// route lists content_types and a non-empty body's media type is not one.
func checkLimits(input ast.Value, c *limitsConfig) ast.Value {
	doc, _ := input.(ast.Object)
	if doc == nil {
		return ast.NewArray()
	}
	if phase, _ := stringOf(doc.Get(termPhase)); phase != "event" {
		return ast.NewArray()
	}
	h, isHTTP := objectOf(doc.Get(termHTTP))
	var routes []*limitsRoute
	var size int64
	if isHTTP {
		path, _ := stringOf(h.Get(termPath))
		for i := range c.routes {
			if c.routes[i].matches(path) {
				routes = append(routes, &c.routes[i])
			}
		}
	}
	if body, ok := stringBody(h); ok {
		size = int64(utf8.RuneCountInString(body))
	} else if t := doc.Get(termSize); t != nil {
		if n, ok := t.Value.(ast.Number); ok {
			size, _ = n.Int64()
		}
	}
	var out []*ast.Term
	finding := func(id string, path *ast.Term) {
		out = append(out, ast.ObjectTerm(ast.Item(ast.StringTerm("id"), ast.StringTerm(id)), ast.Item(termPath, path)))
	}

	over := c.maxBody > 0 && size > c.maxBody
	for _, r := range routes {
		over = over || r.maxBody > 0 && size > r.maxBody
	}
	if over {
		finding("limits-001", pathSize)
	}
	if isHTTP {
		method, _ := stringOf(h.Get(termMethod))
		method = strings.ToUpper(method)
		denied := len(c.methods) > 0 && !slices.Contains(c.methods, method)
		for _, r := range routes {
			denied = denied || len(r.methods) > 0 && !slices.Contains(r.methods, method)
		}
		if denied {
			finding("limits-002", pathMethod)
		}
		if format, _ := stringOf(h.Get(termBodyFormat)); format != "" && format != "empty" {
			media := mediaType(h)
			for _, r := range routes {
				if len(r.contentTypes) > 0 && !slices.Contains(r.contentTypes, media) {
					finding("limits-003", pathContentType)
					break
				}
			}
		}
	}
	return ast.NewArray(out...)
}

// stringBody returns the body of h (nil for other triggers) when it is a string.
func stringBody(h ast.Object) (string, bool) {
	if h == nil {
		return "", false
	}
	return stringOf(h.Get(termBody))
}

// mediaType is the lower-cased media type of the content-type header.
func mediaType(h ast.Object) string {
	hs, ok := objectOf(h.Get(termHeaders))
	if !ok {
		return ""
	}
	ct, _ := stringOf(hs.Get(termContentType))
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}
