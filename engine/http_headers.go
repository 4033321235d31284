package engine

import (
	"net/url"
	"strings"

	"github.com/tidwall/gjson"
)

// collectHeaders merges an event's "headers" and "multiValueHeaders" under
// lower-cased names. A name present in multiValueHeaders takes all its
// values from there (API Gateway REST and ALB put the last value of the
// list in headers, so taking both would double it); names only in headers
// contribute their single value. Case variants of one name are merged.
func collectHeaders(single, multi gjson.Result) *multiMap {
	m := newMultiMap()
	forEachMember(multi, func(k, v gjson.Result) bool {
		name := strings.ToLower(k.String())
		if v.IsArray() {
			forEachString(v, func(s string) { m.add(name, s) })
			return true
		}
		m.add(name, v.String())
		return true
	})
	fromMulti := len(m.entries)
	forEachMember(single, func(k, v gjson.Result) bool {
		name := strings.ToLower(k.String())
		if i := m.find(name); i >= 0 && i < fromMulti {
			return true
		}
		m.add(name, v.String())
		return true
	})
	return m
}

// collectParams merges single- and multi-value parameter objects (query
// strings) keeping names as they are; decode, when set, percent-decodes
// names and values (ALB passes them as the client sent them).
func collectParams(single, multi gjson.Result, decode bool) *multiMap {
	m := newMultiMap()
	dec := func(s string) string {
		if decode {
			return unescapeQueryTolerant(s)
		}
		return s
	}
	forEachMember(multi, func(k, v gjson.Result) bool {
		name := dec(k.String())
		if v.IsArray() {
			forEachString(v, func(s string) { m.add(name, dec(s)) })
			return true
		}
		m.add(name, dec(v.String()))
		return true
	})
	fromMulti := len(m.entries)
	forEachMember(single, func(k, v gjson.Result) bool {
		name := dec(k.String())
		if i := m.find(name); i >= 0 && i < fromMulti {
			return true
		}
		m.add(name, dec(v.String()))
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
