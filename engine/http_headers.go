package engine

import (
	"net/url"
	"strings"

	"github.com/tidwall/gjson"
)

// collectHeaders merges an event's "headers" and "multiValueHeaders" under
// lower-cased names (see mergeMembers).
func collectHeaders(single, multi gjson.Result) *multiMap {
	return mergeMembers(single, multi, strings.ToLower)
}

// collectParams merges an event's "queryStringParameters" and
// "multiValueQueryStringParameters", names kept as they are (see
// mergeMembers).
func collectParams(single, multi gjson.Result) *multiMap {
	return mergeMembers(single, multi, func(s string) string { return s })
}

// mergeMembers merges a single-value and a multi-value object. A name
// present in the multi-value object takes all its values from there (API
// Gateway REST and ALB put the last value of the list in the single-value
// object, so taking both would double it); names only in the single-value
// object contribute their value. Names equal after normalising are merged.
func mergeMembers(single, multi gjson.Result, normalise func(string) string) *multiMap {
	m := newMultiMap()
	forEachMember(multi, func(k, v gjson.Result) bool {
		name := normalise(k.String())
		if v.IsArray() {
			forEachString(v, func(s string) { m.add(name, s) })
			return true
		}
		m.add(name, v.String())
		return true
	})
	fromMulti := len(m.entries)
	forEachMember(single, func(k, v gjson.Result) bool {
		name := normalise(k.String())
		if i := m.find(name); i >= 0 && i < fromMulti {
			return true
		}
		m.add(name, v.String())
		return true
	})
	return m
}

// forEachMember iterates over the members of obj when it is an object
// (gjson's ForEach would hand a scalar to fn as one keyless value).
func forEachMember(obj gjson.Result, fn func(k, v gjson.Result) bool) {
	if obj.IsObject() {
		obj.ForEach(fn)
	}
}

// forEachString calls fn with the text of each element of arr when it is
// an array.
func forEachString(arr gjson.Result, fn func(s string)) {
	if !arr.IsArray() {
		return
	}
	arr.ForEach(func(_, e gjson.Result) bool {
		fn(e.String())
		return true
	})
}

// parseQueryTolerant parses a raw query string into m. Unlike
// url.ParseQuery it never drops a pair: a malformed escape is kept
// literally (an attacker must not be able to hide a parameter from policy
// by adding a bad escape to it) and only '&' separates pairs.
func parseQueryTolerant(raw string, m *multiMap) {
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		m.add(unescapeQueryTolerant(k), unescapeQueryTolerant(v))
	}
}

// encodeQuery rebuilds a query string from decoded parameters.
func encodeQuery(m *multiMap) string {
	var b strings.Builder
	for _, e := range m.entries {
		for _, v := range e.vals {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(e.name))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return b.String()
}

// rawParams rebuilds a query string from still-encoded parameters.
func rawParams(m *multiMap) string {
	var b strings.Builder
	for _, e := range m.entries {
		for _, v := range e.vals {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(e.name)
			b.WriteByte('=')
			b.WriteString(v)
		}
	}
	return b.String()
}

// cookiesFromHeader splits every Cookie header value on ';'.
func cookiesFromHeader(h *multiMap) []string {
	var out []string
	for _, v := range h.values("cookie") {
		for c := range strings.SplitSeq(v, ";") {
			if c = strings.TrimSpace(c); c != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

// firstHop returns the client address of an X-Forwarded-For value.
func firstHop(xff string) string {
	first, _, _ := strings.Cut(xff, ",")
	return strings.TrimSpace(first)
}
