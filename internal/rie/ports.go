package rie

import (
	"fmt"
	"net"
	"sync"
)

// handedOut holds the ports FreePort returned in this process. A port is
// only reserved by being bound, and the extension binds its port some
// milliseconds after the emulator starts: without this, a second emulator
// started meanwhile could be handed the same port (the kernel reuses a
// closed ephemeral port freely), and one extension's init failed with
// "address already in use".
var handedOut = struct {
	sync.Mutex
	ports map[int]bool
}{ports: map[int]bool{}}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago (it
// listens on port 0 and closes the listener) and that no earlier call in
// this process returned.
func FreePort() (int, error) {
	for range 64 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return 0, fmt.Errorf("find a free port: %w", err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		handedOut.Lock()
		fresh := !handedOut.ports[port]
		handedOut.ports[port] = true
		handedOut.Unlock()
		if fresh {
			return port, nil
		}
	}
	return 0, fmt.Errorf("find a free port: 64 ports in a row were handed out before")
}
