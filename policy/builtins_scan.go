package policy

import (
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// scanBuiltins holds the state shared by the evaluations of one loaded
// policy: caches of parsed options and compiled pattern sets.
type scanBuiltins struct {
	options  matchCache
	matchers matchCache
}

// entryType is the type of one distinct inspected string.
var entryType = types.NewObject(
	[]*types.StaticProperty{
		types.NewStaticProperty("value", types.S),
		types.NewStaticProperty("norm", types.S),
	}, nil)

// optionsType is the type of the options of lambda_firewall.targets and locate.
var optionsType = types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))

// targetType is the type of one located inspection target.
var targetType = types.NewObject(
	[]*types.StaticProperty{
		types.NewStaticProperty("path", types.NewArray(nil, types.A)),
		types.NewStaticProperty("value", types.S),
		types.NewStaticProperty("norm", types.S),
		types.NewStaticProperty("kind", types.S),
	}, nil)

func (sb *scanBuiltins) targetsBuiltin() customBuiltin {
	decl := &rego.Function{
		Name: BuiltinTargets,
		Description: "Collects the distinct strings of an input document that the injection rules inspect, " +
			"each as {value, norm}, and those passing the pre-filter gate; lambda_firewall.locate finds their paths.",
		Decl: types.NewFunction(
			types.Args(
				types.Named("input", types.A).Description("the input document"),
				types.Named("options", optionsType).
					Description("skip_headers, gate {chars, words, prefixes, suffixes}, max_bytes"),
			),
			types.Named("result", types.NewObject(
				[]*types.StaticProperty{
					types.NewStaticProperty("all", types.NewArray(nil, entryType)),
					types.NewStaticProperty("gated", types.NewArray(nil, entryType)),
					types.NewStaticProperty("keys", types.NewArray(nil, entryType)),
					types.NewStaticProperty("body", types.NewArray(nil, entryType)),
					types.NewStaticProperty("truncated", types.B),
				}, nil)).Description("all strings, those passing the gate, the keys, the raw body"),
		),
	}
	impl := func(_ rego.BuiltinContext, input, options *ast.Term) (*ast.Term, error) {
		o, err := sb.options.get(options.Value, func() (any, error) { return parseScanOptions(options.Value) })
		if err != nil {
			return nil, err
		}
		return ast.NewTerm(scanTargets(input.Value, o.(*scanOptions))), nil
	}
	return customBuiltin{decl: decl, impl2: guard2(impl)}
}

func (sb *scanBuiltins) matchBuiltin() customBuiltin {
	decl := &rego.Function{
		Name: BuiltinMatch,
		Description: "Matches targets ({norm, value} objects) against a patterns object {id: RE2 | " +
			"{pattern, field} | {detector, field}} and returns {id: [matching targets]} for the ids that matched.",
		Decl: types.NewFunction(
			types.Args(
				types.Named("targets", types.NewAny(types.NewArray(nil, types.A), types.NewSet(types.A))).
					Description("objects with norm and value strings"),
				types.Named("patterns", types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))).
					Description("rule id to pattern"),
			),
			types.Named("result", types.NewObject(nil, types.NewDynamicProperty(types.S, types.NewArray(nil, types.A)))).
				Description("rule id to the targets that matched"),
		),
	}
	impl := func(_ rego.BuiltinContext, targets, patterns *ast.Term) (*ast.Term, error) {
		ms, err := sb.matchers.get(patterns.Value, func() (any, error) { return compileMatcherSet(patterns.Value) })
		if err != nil {
			return nil, err
		}
		out, err := matchTargets(targets.Value, ms.(*matcherSet))
		if err != nil {
			return nil, err
		}
		return ast.NewTerm(out), nil
	}
	return customBuiltin{decl: decl, impl2: guard2(impl)}
}

func (sb *scanBuiltins) locateBuiltin() customBuiltin {
	decl := &rego.Function{
		Name: BuiltinLocate,
		Description: "Returns the inspection targets {path, value, norm, kind} of an input document whose " +
			"value is one of values (same options as lambda_firewall.targets).",
		Decl: types.NewFunction(
			types.Args(
				types.Named("input", types.A).Description("the input document"),
				types.Named("options", optionsType).Description("as for lambda_firewall.targets"),
				types.Named("values", types.NewAny(types.NewArray(nil, types.S), types.NewSet(types.S))).
					Description("the strings to locate"),
			),
			types.Named("result", types.NewArray(nil, targetType)).Description("the targets holding one of values"),
		),
	}
	impl := func(_ rego.BuiltinContext, input, options, values *ast.Term) (*ast.Term, error) {
		o, err := sb.options.get(options.Value, func() (any, error) { return parseScanOptions(options.Value) })
		if err != nil {
			return nil, err
		}
		vs, err := stringList(values.Value, "values")
		if err != nil {
			return nil, err
		}
		return ast.NewTerm(locateTargets(input.Value, o.(*scanOptions), vs)), nil
	}
	return customBuiltin{decl: decl, impl3: guard3(impl)}
}

func stringsBuiltin() customBuiltin {
	decl := &rego.Function{
		Name:        BuiltinStrings,
		Description: "Returns the set of the string leaves and the set of the object keys of a document, as {values, keys}.",
		Decl: types.NewFunction(
			types.Args(types.Named("doc", types.A).Description("any document")),
			types.Named("result", types.NewObject(
				[]*types.StaticProperty{
					types.NewStaticProperty("values", types.NewSet(types.S)),
					types.NewStaticProperty("keys", types.NewSet(types.S)),
				}, nil)).Description("string leaves and object keys"),
		),
	}
	impl := func(_ rego.BuiltinContext, doc *ast.Term) (*ast.Term, error) {
		return ast.NewTerm(docStrings(doc.Value)), nil
	}
	return customBuiltin{decl: decl, impl: guard(impl)}
}
