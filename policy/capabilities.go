package policy

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/version"
)

// DisabledBuiltins returns the OPA builtins that reach the network and are
// therefore unavailable to policies unless named in Options.AllowBuiltins.
func DisabledBuiltins() []string {
	return []string{"http.send", "net.lookup_ip_addr"}
}

// capabilities returns this OPA version's capabilities minus the disabled
// builtins that allow does not re-enable, plus our custom builtins.
func capabilities(allow []string, custom []customBuiltin) (*ast.Capabilities, error) {
	disabled := DisabledBuiltins()
	for _, name := range allow {
		if !slices.Contains(disabled, name) {
			return nil, fmt.Errorf("invalid allowed builtin %q: not one of the disabled builtins %v", name, disabled)
		}
	}
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool {
		return slices.Contains(disabled, b.Name) && !slices.Contains(allow, b.Name)
	})
	for _, b := range custom {
		caps.Builtins = append(caps.Builtins, b.astBuiltin())
	}
	return caps, nil
}

// WriteCapabilities writes an OPA capabilities JSON document: the
// capabilities of the embedded OPA version, without the disabled builtins and
// with the custom lambda_firewall.* builtins and their types. Pass it to
// `opa check --capabilities` or `opa test --capabilities` so that plain OPA
// accepts policies written for lambda-firewall.
func WriteCapabilities(w io.Writer) error {
	caps, err := capabilities(nil, customBuiltins())
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(caps); err != nil {
		return fmt.Errorf("failed to write capabilities: %w", err)
	}
	return nil
}

// runtimeTerm is what opa.runtime() returns: the OPA version and an empty
// env, never the process environment.
func runtimeTerm() *ast.Term {
	return ast.ObjectTerm(
		ast.Item(ast.StringTerm("version"), ast.StringTerm(version.Version)),
		ast.Item(ast.StringTerm("env"), ast.ObjectTerm()),
	)
}

// checkDisabledBuiltins returns an error naming the first call of a disabled
// builtin in modules, so that the user gets a clearer message than the
// compiler's "undefined function".
func checkDisabledBuiltins(modules map[string]*ast.Module, caps *ast.Capabilities) error {
	enabled := make(map[string]bool, len(caps.Builtins))
	for _, b := range caps.Builtins {
		enabled[b.Name] = true
	}
	var disabled []ast.Ref
	for _, name := range DisabledBuiltins() {
		if !enabled[name] {
			disabled = append(disabled, ast.MustParseRef(name))
		}
	}
	if len(disabled) == 0 {
		return nil
	}
	names := make([]string, 0, len(modules))
	for name := range modules {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		var found *ast.Term
		ast.WalkTerms(modules[name], func(t *ast.Term) bool {
			if found != nil {
				return true
			}
			if ref, ok := t.Value.(ast.Ref); ok && slices.ContainsFunc(disabled, func(d ast.Ref) bool { return d.Equal(ref) }) {
				found = t
			}
			return false
		})
		if found != nil {
			where := name
			if found.Location != nil {
				where = found.Location.String()
			}
			b := found.Value.(ast.Ref).String()
			return fmt.Errorf("%s: builtin %s is disabled; set LAMBDA_FIREWALL_ALLOW_BUILTINS=%s to enable", where, b, b)
		}
	}
	return nil
}
