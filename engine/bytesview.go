package engine

import "unsafe"

// bytesView returns b as a string without copying it, so that a 6 MiB
// event is not duplicated just to be read. The caller must not change b
// while the string is in use and must not keep the string (or substrings
// of it) past the inspection that reads it: a payloadView lives for one
// inspection, and the input document and the masked payload are new
// buffers. A buffer the engine has just filled (a decoded body) is viewed
// the same way, to be written once and never copied.
func bytesView(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}
