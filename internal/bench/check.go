package bench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// exactly checks that the runtime got want byte for byte.
func exactly(want []byte) CheckEvent {
	return func(got []byte) error {
		if !bytes.Equal(got, want) {
			return fmt.Errorf("got %d bytes that differ from the %d-byte event sent", len(got), len(want))
		}
		return nil
	}
}

// masked checks that the runtime got a valid JSON event that differs from
// orig and carries none of the sensitive values.
func masked(orig []byte) CheckEvent {
	return func(got []byte) error {
		if bytes.Equal(got, orig) {
			return errors.New("the event with sensitive data reached the runtime unmasked")
		}
		if !json.Valid(got) {
			return fmt.Errorf("the masked event (%d bytes) is not valid JSON", len(got))
		}
		for _, s := range sensitiveValues {
			if bytes.Contains(got, []byte(s)) {
				return fmt.Errorf("the masked event still contains %q", s)
			}
		}
		return nil
	}
}

// benchResponse is what the runtime answers: an API Gateway v2 response.
var benchResponse = []byte(`{"statusCode":201,"headers":{"content-type":"application/json"},` +
	`"body":"{\"order\":\"o-1042\",\"status\":\"accepted\"}","isBase64Encoded":false}`)
