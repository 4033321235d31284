package rie

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

// ErrUnsupported is returned (wrapped) by Supported and Start when the
// namespaces the emulator needs cannot be created: not root, or no
// CAP_SYS_ADMIN (for example in an unprivileged container).
var ErrUnsupported = errors.New("running the emulator needs root to create mount and PID namespaces")

// startScript runs as PID 1 of the new namespaces: it gives them their own
// /proc, hides the host /var behind a tmpfs to create /var/task without
// touching the host, bind-mounts the layout and execs the emulator, which
// becomes PID 1. Arguments: $1 layout opt dir, $2 layout task dir, $3 the
// emulator binary, then the emulator's arguments.
const startScript = `set -e
mount -t proc proc /proc
mount -t tmpfs -o mode=0755 tmpfs /var
mkdir -p /var/task /var/tmp
mount --bind "$2" /var/task
mount --bind "$1" /opt
rie=$3
shift 3
cd /var/task
exec "$rie" "$@"
`

// namespaced returns a command running the start script in new mount and PID
// namespaces. Go makes the new mount namespace private before the script runs,
// so no mount leaks to the host; Pdeathsig kills the emulator, and with it the
// whole PID namespace, if the caller dies first.
func namespaced(args ...string) *exec.Cmd {
	cmd := exec.Command("/bin/sh", append([]string{"-c", startScript, "rie-start"}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:   syscall.CLONE_NEWPID,
		Unshareflags: syscall.CLONE_NEWNS,
		Pdeathsig:    syscall.SIGKILL,
	}
	return cmd
}

// Supported reports whether this process can start the emulator; the error
// wraps ErrUnsupported and says why not.
func Supported() error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("%w (running as uid %d)", ErrUnsupported, os.Geteuid())
	}
	cmd := exec.Command("/bin/sh", "-c", "mount -t proc proc /proc")
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Cloneflags:   syscall.CLONE_NEWPID,
		Unshareflags: syscall.CLONE_NEWNS,
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w: trial namespace failed: %v: %s", ErrUnsupported, err, out)
	}
	return nil
}
