package engine

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// Scanning JSON strings eight bytes at a time: the body of a 6 MiB event is
// one string, and its escaped and unescaped texts are each read once per
// inspection, so these loops bound what an inspection costs.

const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
)

// load64 reads the eight bytes at s[i] (i+8 <= len(s)) as one word, the
// first byte lowest.
func load64(s string, i int) uint64 {
	p := unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i)
	b := (*[8]byte)(p)
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// store64 writes x to b[i:i+8] (i+8 <= len(b)), the lowest byte first.
func store64(b []byte, i int, x uint64) {
	binary.LittleEndian.PutUint64(b[i:], x)
}

// hasByte marks (with 0x80) the bytes of x equal to c; the lowest mark is
// always exact.
func hasByte(x uint64, c byte) uint64 {
	y := x ^ (swarOnes * uint64(c))
	return (y - swarOnes) &^ y & swarHighs
}

// hasControl marks the bytes of x below 0x20.
func hasControl(x uint64) uint64 {
	return (x - swarOnes*0x20) &^ x & swarHighs
}

// plainRun returns the offset of the first byte at or after s[i] that is
// not plain in a JSON string ('"', '\\' or a control character), or
// len(s).
func plainRun(s string, i int) int {
	for i+8 <= len(s) {
		x := load64(s, i)
		if m := hasByte(x, '"') | hasByte(x, '\\') | hasControl(x); m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
		i += 8
	}
	for i < len(s) && strPlain[s[i]] {
		i++
	}
	return i
}
