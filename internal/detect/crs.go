package detect

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"strings"
)

// Record is one request of the CRS regression corpus (see ../shared/corpus/README.md).
type Record struct {
	ID            string            `json:"id"`
	Family        string            `json:"family"`
	Rule          string            `json:"rule"`
	ParanoiaLevel *int              `json:"paranoia_level"`
	Expect        string            `json:"expect"` // "attack" or "benign"
	Method        string            `json:"method"`
	URI           string            `json:"uri"`
	Headers       map[string]string `json:"headers"`
	Body          string            `json:"body"`
	Desc          string            `json:"desc"`
}

// PL returns the record's paranoia level, 0 when it has none.
func (r Record) PL() int {
	if r.ParanoiaLevel == nil {
		return 0
	}
	return *r.ParanoiaLevel
}

// LoadCRS reads a CRS regression JSONL file.
func LoadCRS(path string) ([]Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open crs corpus: %w", err)
	}
	defer f.Close()
	var out []Record
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	for line := 1; sc.Scan(); line++ {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("crs corpus %s line %d: %w", path, line, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read crs corpus: %w", err)
	}
	return out, nil
}

// Request returns the record as go-ftw sends it: a form content type added to a
// body without one, unescaped form bodies URL-encoded pair by pair, and LF turned
// into CRLF in multipart bodies.
func (r Record) Request() Request {
	h := make(map[string]string, len(r.Headers)+1)
	ct := ""
	for k, v := range r.Headers {
		h[k] = v
		if strings.EqualFold(k, "content-type") {
			ct = v
		}
	}
	body := r.Body
	if body != "" && ct == "" {
		ct = "application/x-www-form-urlencoded"
		h["Content-Type"] = ct
	}
	lct := strings.ToLower(ct)
	switch {
	case strings.HasPrefix(lct, "application/x-www-form-urlencoded") && !strings.ContainsAny(body, "%+"):
		body = encodeForm(body)
	case strings.HasPrefix(lct, "multipart/form-data"):
		body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
	}
	return Request{Method: r.Method, URI: r.URI, Headers: h, Body: body}
}

// encodeForm URL-encodes each key=value pair of an unescaped form body.
func encodeForm(body string) string {
	pairs := strings.Split(body, "&")
	for i, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			pairs[i] = url.QueryEscape(k)
			continue
		}
		pairs[i] = url.QueryEscape(k) + "=" + url.QueryEscape(v)
	}
	return strings.Join(pairs, "&")
}
