package detect

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
)

// blnsField places a string in one HTTP field of a request.
type blnsField struct {
	name  string
	build func(s string) Request
}

var blnsFields = []blnsField{
	{"path", func(s string) Request { return Request{Method: "GET", URI: "/p/" + url.PathEscape(s)} }},
	{"query", func(s string) Request { return Request{Method: "GET", URI: "/q?v=" + url.QueryEscape(s)} }},
	{"header", func(s string) Request {
		return Request{Method: "GET", URI: "/h", Headers: map[string]string{"X-Naughty": s}}
	}},
	{"cookie", func(s string) Request {
		return Request{Method: "GET", URI: "/c", Headers: map[string]string{"Cookie": "v=" + url.QueryEscape(s)}}
	}},
	{"json", func(s string) Request {
		b, _ := json.Marshal(map[string]string{"v": s}) // a string always marshals
		return Request{Method: "POST", URI: "/j", Headers: map[string]string{"Content-Type": "application/json"}, Body: string(b)}
	}},
	{"form", func(s string) Request {
		return Request{Method: "POST", URI: "/f", Headers: map[string]string{"Content-Type": "application/x-www-form-urlencoded"},
			Body: "v=" + url.QueryEscape(s)}
	}},
}

// blnsInjection is the index range of blns.json holding injection payloads
// (approximate, see the corpus README).
const blnsInjectionFirst, blnsInjectionLast = 177, 444

// LoadBLNS reads blns.json (a JSON array of strings).
func LoadBLNS(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read blns: %w", err)
	}
	var out []string
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("parse blns %s: %w", path, err)
	}
	return out, nil
}
