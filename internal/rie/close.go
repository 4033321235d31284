package rie

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// ErrKilled is returned by Close when the emulator did not exit after
// SIGTERM within CloseTimeout and its namespace was killed.
var ErrKilled = errors.New("emulator did not exit after SIGTERM and was killed")

// Close sends SIGTERM to the emulator, which sends SHUTDOWN to the extension
// and SIGTERM to the function, and waits for it to exit; after CloseTimeout it
// kills the PID namespace. The layout is removed. Logs stay readable. Close
// returns ErrKilled if it had to kill; calling it again returns nil.
func (e *Emulator) Close() error {
	e.closeMu.Lock()
	defer e.closeMu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	defer os.RemoveAll(e.layout.root)
	if err := e.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		e.kill()
		return fmt.Errorf("signal emulator: %w", err)
	}
	select {
	case <-e.exited:
		return nil
	case <-time.After(e.cfg.CloseTimeout):
		e.kill()
		return ErrKilled
	}
}

// Exited is closed once the emulator process has exited.
func (e *Emulator) Exited() <-chan struct{} { return e.exited }

// kill SIGKILLs the emulator, PID 1 of its namespace, which takes every
// process in the namespace with it, and waits for it.
func (e *Emulator) kill() {
	_ = e.cmd.Process.Kill()
	<-e.exited
}
