package proxy

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// Error types of the replies the proxy writes itself, in the Runtime API's
// own error shape.
const (
	errTypeUpstream = "LambdaFirewall.UpstreamUnavailable"
	errTypeInternal = "LambdaFirewall.InternalError"
	errTypeBadBody  = "LambdaFirewall.BadRequestBody"
)

type errorBody struct {
	ErrorMessage string `json:"errorMessage"`
	ErrorType    string `json:"errorType"`
}

// errorJSON is the Runtime API error document for typ and msg.
func errorJSON(typ, msg string) []byte {
	b, _ := json.Marshal(errorBody{ErrorMessage: msg, ErrorType: typ}) // cannot fail: two strings
	return b
}

// writeError writes a JSON error reply. It never writes an empty 200.
func writeError(w http.ResponseWriter, status int, typ, msg string) {
	b := errorJSON(typ, msg)
	h := w.Header()
	h.Set("Content-Type", contentTypeJSON)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
