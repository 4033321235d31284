package engine

import (
	"errors"
	"fmt"
)

var errVerify = errors.New("masked value does not read back")

// marshalString encodes s as a JSON string without HTML escaping.
func marshalString(s string) ([]byte, error) {
	out, err := marshalJSON(s)
	if err != nil {
		return nil, fmt.Errorf("encode masked string: %w", err)
	}
	return out, nil
}
