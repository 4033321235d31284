package engine

import "unsafe"

// bytesView returns b as a string without copying it, so that a 6 MiB
// event is not duplicated just to be read by gjson. The caller must not
// change b while the string is in use and must not keep the string (or
// substrings of it) past the call that reads it: the input builder only
// reads the payload and writes everything it keeps into a new buffer.
func bytesView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}
