package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"sort"
	"strings"
)

// httpReq is a trigger-independent HTTP request.
type httpReq struct {
	method, path string
	query        url.Values
	headers      map[string]string
	cookies      []string
	body         string
}

func (r httpReq) rawQuery() string { return r.query.Encode() }

// requests returns n realistic HTTP requests.
func requests(rng *rand.Rand, n int) []httpReq {
	makers := []func(*rand.Rand, int) httpReq{
		searchReq, profileReq, orderReq, contactFormReq, cmsReq, uploadReq, authedGetReq,
		deleteReq, reviewReq, webhookReq, settingsReq, commentReq,
	}
	out := make([]httpReq, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, makers[i%len(makers)](rng, i))
	}
	return out
}

func pick[T any](rng *rand.Rand, s []T) T { return s[rng.IntN(len(s))] }

func baseHeaders(rng *rand.Rand) map[string]string {
	return map[string]string{
		"accept":          "application/json, text/plain, */*",
		"accept-encoding": "gzip, deflate, br",
		"accept-language": pick(rng, []string{"en-US,en;q=0.9", "de-DE,de;q=0.8,en;q=0.5", "ja,en;q=0.8", "fr-CA"}),
		"host":            "api.example.com",
		"user-agent":      pick(rng, userAgents),
		"x-forwarded-for": fmt.Sprintf("198.51.100.%d", rng.IntN(250)+1),
		"x-amzn-trace-id": fmt.Sprintf("Root=1-6744f0a0-%024x", rng.Uint64()),
	}
}

func jsonBody(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func withJSON(h map[string]string) map[string]string {
	h["content-type"] = "application/json"
	return h
}

func searchReq(rng *rand.Rand, i int) httpReq {
	q := url.Values{}
	q.Set("q", pick(rng, append(append([]string{}, products...), "o'brien", "select", "union station", "drop earrings", "1000 pieces puzzle", "rock & roll")))
	q.Set("page", fmt.Sprint(rng.IntN(20)+1))
	q.Set("sort", pick(rng, []string{"price_asc", "price_desc", "relevance", "-created_at"}))
	if i%3 == 0 {
		q.Add("tag", "sale")
		q.Add("tag", "new")
	}
	h := baseHeaders(rng)
	h["referer"] = pick(rng, urls)
	return httpReq{method: "GET", path: "/search", query: q, headers: h,
		cookies: []string{"session=" + fmt.Sprintf("%016x", rng.Uint64()), "theme=dark", "consent=analytics%3Dfalse%26ads%3Dfalse"}}
}

func profileReq(rng *rand.Rand, i int) httpReq {
	body := map[string]any{
		"name":     pick(rng, names),
		"email":    pick(rng, emails),
		"bio":      pick(rng, append(append([]string{}, prose...), markdown...)),
		"birthday": fmt.Sprintf("19%02d-%02d-%02d", 50+rng.IntN(49), rng.IntN(12)+1, rng.IntN(28)+1),
		"address": map[string]any{
			"line1": fmt.Sprintf("%d %s", rng.IntN(900)+1, pick(rng, []string{"O'Connell Street", "Rue de l'Église", "Hauptstraße", "Calle Mayor", "Main St."})),
			"city":  pick(rng, cities), "zip": fmt.Sprintf("%05d", rng.IntN(99999)), "country": pick(rng, []string{"IE", "FR", "DE", "ES", "US", "JP"}),
		},
		"preferences": map[string]any{"newsletter": i%2 == 0, "language": pick(rng, []string{"en", "fr", "de", "ja", "ar"}), "units": "metric"},
		"tags":        []string{"vip", "early-adopter"},
		"website":     pick(rng, urls),
		"updated_at":  fmt.Sprintf("2026-11-%02dT%02d:%02d:00Z", rng.IntN(28)+1, rng.IntN(24), rng.IntN(60)),
	}
	return httpReq{method: "PUT", path: fmt.Sprintf("/users/%d/profile", 10000+i), headers: withJSON(baseHeaders(rng)), body: jsonBody(body)}
}

func orderReq(rng *rand.Rand, i int) httpReq {
	var items []map[string]any
	for k := 0; k < rng.IntN(4)+1; k++ {
		items = append(items, map[string]any{"sku": fmt.Sprintf("SKU-%06d", rng.IntN(999999)), "name": pick(rng, products),
			"qty": rng.IntN(5) + 1, "unit_price": float64(rng.IntN(20000)) / 100})
	}
	body := map[string]any{
		"order_id":    fmt.Sprintf("%d", 1700000000000+rng.Int64N(99999999999)),
		"customer_id": rng.IntN(9999999),
		"items":       items,
		"currency":    pick(rng, []string{"EUR", "USD", "GBP", "JPY"}),
		"notes":       pick(rng, prose),
		"created":     "2026-11-25T17:58:12.345+01:00",
		"shipping":    map[string]any{"method": "express", "address": map[string]any{"name": pick(rng, names), "city": pick(rng, cities)}},
		"coupon":      pick(rng, []string{"", "SPRING-2026", "WELCOME10"}),
	}
	return httpReq{method: "POST", path: "/orders", headers: withJSON(baseHeaders(rng)), body: jsonBody(body)}
}

func contactFormReq(rng *rand.Rand, i int) httpReq {
	f := url.Values{}
	f.Set("name", pick(rng, names))
	f.Set("email", pick(rng, emails))
	f.Set("subject", pick(rng, []string{"Question about my order", "Drop-off location", "Select plan?", "Union discount", "Re: delete account"}))
	f.Set("message", pick(rng, prose))
	f.Set("newsletter", "on")
	h := baseHeaders(rng)
	h["content-type"] = "application/x-www-form-urlencoded"
	h["origin"] = "https://www.example.com"
	return httpReq{method: "POST", path: "/contact", headers: h, body: f.Encode()}
}

func cmsReq(rng *rand.Rand, i int) httpReq {
	body := map[string]any{
		"title":     pick(rng, []string{"Spring sale", "About us", "Shipping & returns", "Union Square pop-up store", "How to select a size"}),
		"slug":      fmt.Sprintf("page-%d", i),
		"body_html": pick(rng, cmsHTML),
		"summary":   pick(rng, markdown),
		"published": i%2 == 0,
		"author":    map[string]any{"name": pick(rng, names), "email": pick(rng, emails)},
	}
	return httpReq{method: "POST", path: "/cms/pages", headers: withJSON(baseHeaders(rng)), body: jsonBody(body)}
}

func uploadReq(rng *rand.Rand, i int) httpReq {
	body := map[string]any{"filename": fmt.Sprintf("%s avatar (%d).png", pick(rng, []string{"liam", "zoë", "o'brien"}), i),
		"content_type": "image/png", "thumbnail": thumbnail, "width": 16, "height": 16}
	return httpReq{method: "POST", path: "/media", headers: withJSON(baseHeaders(rng)), body: jsonBody(body)}
}

func authedGetReq(rng *rand.Rand, i int) httpReq {
	h := baseHeaders(rng)
	h["authorization"] = "Bearer " + jwt
	q := url.Values{}
	q.Set("from", "2026-11-01T00:00:00Z")
	q.Set("to", "2026-11-25T23:59:59Z")
	q.Set("fields", "id,name,status,updated_at")
	return httpReq{method: "GET", path: fmt.Sprintf("/accounts/%d/invoices", 5000+i), query: q, headers: h}
}

func deleteReq(rng *rand.Rand, i int) httpReq {
	h := baseHeaders(rng)
	h["authorization"] = "Bearer " + jwt
	return httpReq{method: "DELETE", path: fmt.Sprintf("/lists/%d/items/%d", rng.IntN(999), rng.IntN(99999)), headers: h}
}

func reviewReq(rng *rand.Rand, i int) httpReq {
	body := map[string]any{"product": pick(rng, products), "rating": rng.IntN(5) + 1, "title": pick(rng, prose)[:20],
		"text": pick(rng, prose) + " " + pick(rng, prose), "reviewer": pick(rng, names), "verified": true,
		"photos": []string{"https://cdn.example.net/u/1.jpg", "https://cdn.example.net/u/2.jpg"}}
	return httpReq{method: "POST", path: "/products/" + fmt.Sprint(rng.IntN(5000)) + "/reviews", headers: withJSON(baseHeaders(rng)), body: jsonBody(body)}
}

func webhookReq(rng *rand.Rand, i int) httpReq {
	body := map[string]any{"id": fmt.Sprintf("evt_%024x", rng.Uint64()), "type": pick(rng, []string{"payment_intent.succeeded", "customer.updated", "invoice.paid"}),
		"created": 1732550400 + rng.IntN(100000), "livemode": false,
		"data": map[string]any{"object": map[string]any{"id": fmt.Sprintf("pi_%016x", rng.Uint64()), "amount": rng.IntN(100000), "currency": "eur",
			"metadata": map[string]any{"order": fmt.Sprint(rng.IntN(99999)), "note": pick(rng, prose)}, "description": pick(rng, products)}}}
	h := withJSON(baseHeaders(rng))
	h["stripe-signature"] = fmt.Sprintf("t=%d,v1=%016x%016x", 1732550400+rng.IntN(1000), rng.Uint64(), rng.Uint64())
	return httpReq{method: "POST", path: "/webhooks/payments", headers: h, body: jsonBody(body)}
}

func settingsReq(rng *rand.Rand, i int) httpReq {
	body := map[string]any{"timezone": pick(rng, []string{"Europe/Dublin", "Asia/Tokyo", "America/Sao_Paulo"}), "date_format": "YYYY-MM-DD",
		"notifications": map[string]any{"email": true, "sms": false, "digest": "weekly"}, "filters": []any{map[string]any{"field": "status", "op": "eq", "value": "open"},
			map[string]any{"field": "created_at", "op": "gte", "value": "2026-01-01"}}, "regex": `^[A-Z]{2}-\d{4}$`, "max_items": 100}
	return httpReq{method: "PATCH", path: "/settings", headers: withJSON(baseHeaders(rng)), body: jsonBody(body)}
}

func commentReq(rng *rand.Rand, i int) httpReq {
	body := map[string]any{"thread": rng.IntN(9999), "parent": nil, "author": pick(rng, names),
		"body":      pick(rng, append(append([]string{}, markdown...), prose...)),
		"mentions":  []string{"@" + strings.ToLower(strings.Fields(pick(rng, []string{"Liam O'Brien", "Ana Cruz", "Kōji Tanaka"}))[0])},
		"reactions": map[string]int{"👍": rng.IntN(9), "🎉": rng.IntN(3)}}
	return httpReq{method: "POST", path: "/threads/comments", headers: withJSON(baseHeaders(rng)), body: jsonBody(body)}
}

// sortedKeys returns m's keys in order, for deterministic output.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
