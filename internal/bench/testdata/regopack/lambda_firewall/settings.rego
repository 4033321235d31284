# METADATA
# title: Settings
# description: |
#   Reads the bundle data at data.lambda_firewall.config (config/data.json) and fills in
#   defaults, so a user data.json may set only the keys it changes.
package lambda_firewall.settings

default cfg := {}

cfg := data.lambda_firewall.config

paranoia_level := object.get(cfg, "paranoia_level", 1)

disabled_rules := {id | some id in object.get(cfg, "disabled_rules", [])}

disabled_categories := {c | some c in object.get(cfg, "disabled_categories", [])}

skip_headers := {lower(h) | some h in object.get(cfg, "skip_headers", [])}

pii := object.get(cfg, "pii", {})

limits := object.get(cfg, "limits", {})

# METADATA
# description: A finding counts when its rule, category and paranoia level are enabled and no ignore_fields entry covers it.
enabled(f) if {
	f.paranoia <= paranoia_level
	not f.id in disabled_rules
	not f.category in disabled_categories
	not ignored(f)
	not route_exempt(f)
}

# An ignore_fields entry {"path": [...], "rules": [...]} suppresses findings at or below
# the path prefix ("*" matches any one segment); without "rules" it covers every rule.
ignored(f) if {
	some e in object.get(cfg, "ignore_fields", [])
	path_has_prefix(f.path, e.path)
	rule_listed(e, f.id)
}

rule_listed(e, _) if not e.rules

rule_listed(e, id) if id in e.rules

path_has_prefix(path, prefix) if {
	count(path) >= count(prefix)
	every i, seg in prefix {
		segment_matches(seg, path[i])
	}
}

segment_matches("*", _)

segment_matches(seg, seg) if seg != "*"

# An allow_routes entry {"methods": [...], "path": "/exact" | "path_prefix": "/p"} exempts
# the route from every injection rule (limits still apply).
route_exempt(f) if {
	f.category != "limits"
	some r in object.get(cfg, "allow_routes", [])
	route_matches(r)
}

route_matches(r) if {
	method_listed(r)
	path_listed(r)
}

method_listed(r) if not r.methods

method_listed(r) if upper(input.http.method) in {upper(m) | some m in r.methods}

path_listed(r) if r.path == input.http.path

path_listed(r) if startswith(input.http.path, r.path_prefix)
